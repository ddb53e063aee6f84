/**
 * The answer to an erasure that found nothing (GDPR Art. 12(3), 17): we hold no personal data
 * about the address, so nothing was erased and no account was closed. Sent instead of the
 * erasure confirmation (erasure-mail.templates.ts) by the `confirm` step, in the person's
 * language, whether the request came from a Shopify webhook, staff or a visitor's emailed link.
 */
import type { Lang } from '../../kit/web/i18n.ts';
import { COMPLAINT_ROUTE, COMPLAINT_URL } from './rights.ts';

export type NothingHeldTemplateKey = 'erasure_nothing_held';

type Render = () => { subject: string; text: string };

const words: Record<Lang, { subject: string; text: string }> = {
  en: {
    subject: 'We hold no personal data about this address',
    text:
      'You asked us to erase your personal data (GDPR Art. 17). We have checked every register we keep: we hold no personal data about this address, so there was nothing to erase and no account to close.\n\n' +
      `If you think we have not handled your data lawfully, you may complain to the ${COMPLAINT_ROUTE.authority} (${COMPLAINT_ROUTE.url}). ${COMPLAINT_ROUTE.court}`,
  },
  fi: {
    subject: 'Meillä ei ole tähän osoitteeseen liittyviä henkilötietoja',
    text:
      'Pyysit meitä poistamaan henkilötietosi (tietosuoja-asetuksen 17 artikla). Olemme tarkistaneet kaikki ylläpitämämme rekisterit: meillä ei ole tähän osoitteeseen liittyviä henkilötietoja, joten poistettavaa ei ollut eikä suljettavaa tiliä.\n\n' +
      `Jos katsot, ettemme ole käsitelleet tietojasi lainmukaisesti, voit tehdä valituksen Tietosuojavaltuutetun toimistolle (${COMPLAINT_URL.fi}). Voit myös saattaa asian tuomioistuimen käsiteltäväksi.`,
  },
  sv: {
    subject: 'Vi har inga personuppgifter om denna adress',
    text:
      'Du bad oss radera dina personuppgifter (dataskyddsförordningen art. 17). Vi har gått igenom alla register vi för: vi har inga personuppgifter om denna adress, så det fanns inget att radera och inget konto att avsluta.\n\n' +
      `Om du anser att vi inte har behandlat dina uppgifter lagenligt kan du lämna in ett klagomål till Dataombudsmannens byrå (${COMPLAINT_URL.sv}). Du kan också föra saken till domstol.`,
  },
};

/**
 * The erasure confirmation's opening and closing for a person who had data but no account (a
 * guest order, a newsletter sign-up): nothing claims an account was closed.
 */
export const withoutAccount: Record<Lang, { subject: string; intro: string; final: string }> = {
  en: {
    subject: 'Your personal data is erased',
    intro: 'Your personal data is erased, as you asked (GDPR Art. 17).',
    final: 'This cannot be undone.',
  },
  fi: {
    subject: 'Henkilötietosi on poistettu',
    intro: 'Henkilötietosi on poistettu pyyntösi mukaisesti (tietosuoja-asetuksen 17 artikla).',
    final: 'Poistoa ei voi kumota.',
  },
  sv: {
    subject: 'Dina personuppgifter är raderade',
    intro: 'Dina personuppgifter är raderade, som du begärde (dataskyddsförordningen art. 17).',
    final: 'Raderingen kan inte ångras.',
  },
};

const render =
  (lang: Lang): Render =>
  () => ({ subject: words[lang].subject, text: `${words[lang].text}\n\nHerSecret` });

export const nothingHeldTemplates: Record<NothingHeldTemplateKey, Record<Lang, Render>> = {
  erasure_nothing_held: { en: render('en'), fi: render('fi'), sv: render('sv') },
};
