/**
 * The messages Custodian sends, in English, Finnish and Swedish. Plain text: it renders in every
 * client and carries no tracking. Variables are filled in, never HTML-interpreted.
 */
import type { Lang } from '../kit/web/i18n.ts';
import {
  campaignTemplates,
  type CampaignMailVars,
  type CampaignTemplateKey,
} from '../campaigns/campaign-mail.templates.ts';
import {
  inactivityTemplates,
  type InactivityMailVars,
  type InactivityTemplateKey,
} from '../customers/inactivity-notice.templates.ts';
import {
  breachTemplates,
  type BreachMailVars,
  type BreachTemplateKey,
} from '../breaches/breach-notice.templates.ts';
import {
  policyChangeTemplates,
  type PolicyChangeMailVars,
  type PolicyChangeTemplateKey,
} from '../policy/policy-change.templates.ts';
import { orderTemplates, type OrderTemplateKey } from '../orders/order-mail.templates.ts';
import {
  erasureTemplates,
  type ErasureMailVars,
  type ErasureTemplateKey,
} from '../rights/engine/erasure-mail.templates.ts';
import { rightsTemplates, type RightsTemplateKey } from '../rights/engine/rights-mail.templates.ts';
import {
  nothingHeldTemplates,
  type NothingHeldTemplateKey,
} from '../rights/engine/erasure-nothing-held.templates.ts';
import {
  sourceNoticeTemplates,
  type SourceNoticeMailVars,
  type SourceNoticeTemplateKey,
} from '../rights/source-notices/source-notice.templates.ts';

export type TemplateKey =
  | 'verify_email'
  | 'reset_password'
  | 'change_email'
  | 'email_changed'
  | 'account_exists'
  | 'newsletter_confirm'
  | 'newsletter'
  | OrderTemplateKey
  | RightsTemplateKey
  | ErasureTemplateKey
  | NothingHeldTemplateKey
  | InactivityTemplateKey
  | CampaignTemplateKey
  | BreachTemplateKey
  | PolicyChangeTemplateKey
  | SourceNoticeTemplateKey;

export interface RenderedMessage {
  subject: string;
  text: string;
}

/** `body` is the newsletter's own text (src/newsletter); `link` its unsubscribe link there. */
export type Vars = {
  link?: string;
  minutes?: number;
  body?: string;
  /** Order messages (src/orders/order-mail.templates.ts). */
  reference?: string;
  amount?: string;
  tracking?: string;
  /** Data-subject request links (src/rights/engine/rights-mail.templates.ts). */
  hours?: number;
  days?: number;
  uses?: number;
  /** Restriction and objection messages (src/rights/engine/rights-mail.templates.ts). */
  since?: string;
  reasons?: string;
  purposes?: string;
} & ErasureMailVars &
  InactivityMailVars &
  CampaignMailVars &
  BreachMailVars &
  PolicyChangeMailVars &
  SourceNoticeMailVars;
type Template = Record<Lang, (v: Vars) => RenderedMessage>;

const signature = { en: 'HerSecret', fi: 'HerSecret', sv: 'HerSecret' };

const templates: Record<TemplateKey, Template> = {
  newsletter_confirm: {
    en: (v) => ({
      subject: 'Confirm your newsletter subscription',
      text: `You asked for the HerSecret newsletter about new products and sale offers.\n\nConfirm by opening this link:\n${v.link}\n\nThe link works once and for ${v.minutes} minutes. If it was not you, ignore this message: nothing is sent without your confirmation.\n\n${signature.en}`,
    }),
    fi: (v) => ({
      subject: 'Vahvista uutiskirjeen tilaus',
      text: `Tilasit HerSecretin uutiskirjeen uutuuksista ja tarjouksista.\n\nVahvista tilaus avaamalla tämä linkki:\n${v.link}\n\nLinkki toimii kerran ja ${v.minutes} minuutin ajan. Jos et tilannut, jätä viesti huomiotta: emme lähetä mitään ilman vahvistustasi.\n\n${signature.fi}`,
    }),
    sv: (v) => ({
      subject: 'Bekräfta din prenumeration på nyhetsbrevet',
      text: `Du bad om HerSecrets nyhetsbrev om nyheter och erbjudanden.\n\nBekräfta genom att öppna länken:\n${v.link}\n\nLänken fungerar en gång och i ${v.minutes} minuter. Om det inte var du kan du bortse från meddelandet: inget skickas utan din bekräftelse.\n\n${signature.sv}`,
    }),
  },
  newsletter: {
    en: (v) => ({
      subject: 'New products and sale offers',
      text: `${v.body}\n\nUnsubscribe with one click: ${v.link}\n\n${signature.en}`,
    }),
    fi: (v) => ({
      subject: 'Uutuudet ja tarjoukset',
      text: `${v.body}\n\nPeruuta tilaus yhdellä napsautuksella: ${v.link}\n\n${signature.fi}`,
    }),
    sv: (v) => ({
      subject: 'Nyheter och erbjudanden',
      text: `${v.body}\n\nAvsluta prenumerationen med ett klick: ${v.link}\n\n${signature.sv}`,
    }),
  },
  verify_email: {
    en: (v) => ({
      subject: 'Confirm your email address',
      text: `Welcome to HerSecret!\n\nPlease confirm your email address by opening this link:\n${v.link}\n\nThe link is valid for ${v.minutes} minutes. If you did not create an account, ignore this message.\n\n${signature.en}`,
    }),
    fi: (v) => ({
      subject: 'Vahvista sähköpostiosoitteesi',
      text: `Tervetuloa HerSecretiin!\n\nVahvista sähköpostiosoitteesi avaamalla tämä linkki:\n${v.link}\n\nLinkki on voimassa ${v.minutes} minuuttia. Jos et luonut tiliä, voit jättää viestin huomiotta.\n\n${signature.fi}`,
    }),
    sv: (v) => ({
      subject: 'Bekräfta din e-postadress',
      text: `Välkommen till HerSecret!\n\nBekräfta din e-postadress genom att öppna länken:\n${v.link}\n\nLänken gäller i ${v.minutes} minuter. Om du inte skapade något konto kan du bortse från meddelandet.\n\n${signature.sv}`,
    }),
  },
  reset_password: {
    en: (v) => ({
      subject: 'Reset your password',
      text: `Someone asked to reset the password of your HerSecret account.\n\nTo choose a new password, open this link:\n${v.link}\n\nThe link works once and for ${v.minutes} minutes. If it was not you, ignore this message: your password stays as it is.\n\n${signature.en}`,
    }),
    fi: (v) => ({
      subject: 'Salasanan vaihtaminen',
      text: `HerSecret-tilisi salasanan vaihtamista pyydettiin.\n\nValitse uusi salasana avaamalla tämä linkki:\n${v.link}\n\nLinkki toimii kerran ja ${v.minutes} minuutin ajan. Jos et pyytänyt vaihtoa, jätä viesti huomiotta: salasanasi pysyy ennallaan.\n\n${signature.fi}`,
    }),
    sv: (v) => ({
      subject: 'Återställ ditt lösenord',
      text: `Någon bad om att återställa lösenordet till ditt HerSecret-konto.\n\nVälj ett nytt lösenord genom att öppna länken:\n${v.link}\n\nLänken fungerar en gång och i ${v.minutes} minuter. Om det inte var du kan du bortse från meddelandet: ditt lösenord förblir oförändrat.\n\n${signature.sv}`,
    }),
  },
  change_email: {
    en: (v) => ({
      subject: 'Confirm your new email address',
      text: `You asked to use this address for your HerSecret account.\n\nConfirm it by opening this link:\n${v.link}\n\nThe link is valid for ${v.minutes} minutes. Until then your account keeps its old address.\n\n${signature.en}`,
    }),
    fi: (v) => ({
      subject: 'Vahvista uusi sähköpostiosoitteesi',
      text: `Pyysit tämän osoitteen käyttöön HerSecret-tilillesi.\n\nVahvista se avaamalla tämä linkki:\n${v.link}\n\nLinkki on voimassa ${v.minutes} minuuttia. Siihen asti tilisi käyttää vanhaa osoitetta.\n\n${signature.fi}`,
    }),
    sv: (v) => ({
      subject: 'Bekräfta din nya e-postadress',
      text: `Du bad om att använda den här adressen för ditt HerSecret-konto.\n\nBekräfta den genom att öppna länken:\n${v.link}\n\nLänken gäller i ${v.minutes} minuter. Tills dess behåller kontot den gamla adressen.\n\n${signature.sv}`,
    }),
  },
  account_exists: {
    en: (v) => ({
      subject: 'You already have an account',
      text: `Someone tried to create a HerSecret account with this address, which already has one.\n\nIf it was you and you forgot your password, choose a new one here:\n${v.link}\n\nThe link works once and for ${v.minutes} minutes. If it was not you, ignore this message.\n\n${signature.en}`,
    }),
    fi: (v) => ({
      subject: 'Sinulla on jo tili',
      text: `Joku yritti luoda HerSecret-tilin tällä osoitteella, jolla on jo tili.\n\nJos se olit sinä ja unohdit salasanasi, valitse uusi tästä:\n${v.link}\n\nLinkki toimii kerran ja ${v.minutes} minuutin ajan. Jos se et ollut sinä, jätä viesti huomiotta.\n\n${signature.fi}`,
    }),
    sv: (v) => ({
      subject: 'Du har redan ett konto',
      text: `Någon försökte skapa ett HerSecret-konto med den här adressen, som redan har ett.\n\nOm det var du och du har glömt ditt lösenord kan du välja ett nytt här:\n${v.link}\n\nLänken fungerar en gång och i ${v.minutes} minuter. Om det inte var du kan du bortse från meddelandet.\n\n${signature.sv}`,
    }),
  },
  email_changed: {
    en: () => ({
      subject: 'Your email address was changed',
      text: `The email address of your HerSecret account was changed. From now on we write to the new address.\n\nIf you did not do this, reset your password and contact our customer service.\n\n${signature.en}`,
    }),
    fi: () => ({
      subject: 'Sähköpostiosoitteesi vaihdettiin',
      text: `HerSecret-tilisi sähköpostiosoite vaihdettiin. Tästä lähtien kirjoitamme uuteen osoitteeseen.\n\nJos et tehnyt muutosta, vaihda salasanasi ja ota yhteyttä asiakaspalveluumme.\n\n${signature.fi}`,
    }),
    sv: () => ({
      subject: 'Din e-postadress har ändrats',
      text: `E-postadressen för ditt HerSecret-konto har ändrats. Från och med nu skriver vi till den nya adressen.\n\nOm det inte var du, återställ ditt lösenord och kontakta vår kundtjänst.\n\n${signature.sv}`,
    }),
  },
  ...orderTemplates,
  ...rightsTemplates,
  ...erasureTemplates,
  ...nothingHeldTemplates,
  ...inactivityTemplates,
  ...campaignTemplates,
  ...breachTemplates,
  ...policyChangeTemplates,
  ...sourceNoticeTemplates,
};

export function renderMessage(key: TemplateKey, lang: Lang, vars: Vars = {}): RenderedMessage {
  return templates[key][lang](vars);
}

/** Every message Custodian can send (the language tests render each one in fi and sv). */
export const templateKeys = Object.keys(templates) as TemplateKey[];
