/**
 * Messages about restriction and objection, in English, Finnish and Swedish, plain text.
 * src/notify/templates.ts includes them; the mailer renders them in the customer's language.
 *
 * - `restriction_lift_notice`: Art. 18(3), sent before a restriction is lifted;
 * - `objection_upheld` / `objection_overruled`: the staff decision on an objection on other
 *   grounds (Art. 21(1)), with the reasons and, when overruled, the complaint route (Art. 12(4)).
 */
import type { Lang } from '../web/i18n.ts';

export type RightsTemplateKey =
  'restriction_lift_notice' | 'objection_upheld' | 'objection_overruled';

export interface RightsMailVars {
  /** The date the restriction began (YYYY-MM-DD). */
  since?: string;
  reasons?: string;
  /** The purposes objected to, as the manifest labels them in the message's language. */
  purposes?: string;
  link?: string;
}

type Render = (v: RightsMailVars) => { subject: string; text: string };

const sig = 'HerSecret';

const complaint = {
  en: 'If you disagree, you may complain to the Office of the Data Protection Ombudsman (https://tietosuoja.fi/en/home) or bring the matter before a court.',
  fi: 'Jos olet eri mieltä, voit tehdä valituksen tietosuojavaltuutetun toimistolle (https://tietosuoja.fi) tai viedä asian tuomioistuimeen.',
  sv: 'Om du inte håller med kan du klaga hos dataombudsmannens byrå (https://tietosuoja.fi/sv) eller föra saken till domstol.',
};

export const rightsTemplates: Record<RightsTemplateKey, Record<Lang, Render>> = {
  restriction_lift_notice: {
    en: (v) => ({
      subject: 'The restriction of processing of your data will be lifted',
      text: `Since ${v.since}, we have only stored your personal data, as you asked (restriction of processing).\n\nWe are telling you before it happens: we will lift this restriction, and your data will again be used as described in our privacy policy.\n\nIf you have questions, or want to object, answer this message or use the privacy center: ${v.link}\n\n${sig}`,
    }),
    fi: (v) => ({
      subject: 'Tietojesi käsittelyn rajoitus poistetaan',
      text: `${v.since} alkaen olemme pyynnöstäsi vain säilyttäneet henkilötietojasi (käsittelyn rajoittaminen).\n\nKerromme sinulle etukäteen: poistamme rajoituksen, ja tietojasi käytetään taas tietosuojaselosteemme mukaisesti.\n\nJos sinulla on kysyttävää tai haluat vastustaa, vastaa tähän viestiin tai käytä tietosuojakeskusta: ${v.link}\n\n${sig}`,
    }),
    sv: (v) => ({
      subject: 'Begränsningen av behandlingen av dina uppgifter upphävs',
      text: `Sedan ${v.since} har vi på din begäran endast lagrat dina personuppgifter (begränsning av behandling).\n\nVi berättar det innan det sker: vi upphäver begränsningen, och dina uppgifter används åter enligt vår integritetspolicy.\n\nOm du har frågor eller vill invända, svara på detta meddelande eller använd integritetscentret: ${v.link}\n\n${sig}`,
    }),
  },
  objection_upheld: {
    en: (v) => ({
      subject: 'Your objection was upheld',
      text: `You objected to the processing of your personal data for: ${v.purposes}.\n\nWe have stopped that processing. Our reasons:\n${v.reasons}\n\n${sig}`,
    }),
    fi: (v) => ({
      subject: 'Vastustuksesi hyväksyttiin',
      text: `Vastustit henkilötietojesi käsittelyä seuraaviin tarkoituksiin: ${v.purposes}.\n\nOlemme lopettaneet tämän käsittelyn. Perustelumme:\n${v.reasons}\n\n${sig}`,
    }),
    sv: (v) => ({
      subject: 'Din invändning har godtagits',
      text: `Du invände mot behandlingen av dina personuppgifter för: ${v.purposes}.\n\nVi har upphört med den behandlingen. Våra skäl:\n${v.reasons}\n\n${sig}`,
    }),
  },
  objection_overruled: {
    en: (v) => ({
      subject: 'Decision on your objection',
      text: `You objected to the processing of your personal data for: ${v.purposes}.\n\nWe have compelling legitimate grounds to continue this processing. Our reasons:\n${v.reasons}\n\n${complaint.en}\n\n${sig}`,
    }),
    fi: (v) => ({
      subject: 'Päätös vastustuksestasi',
      text: `Vastustit henkilötietojesi käsittelyä seuraaviin tarkoituksiin: ${v.purposes}.\n\nMeillä on huomattavan tärkeä ja perusteltu syy jatkaa käsittelyä. Perustelumme:\n${v.reasons}\n\n${complaint.fi}\n\n${sig}`,
    }),
    sv: (v) => ({
      subject: 'Beslut om din invändning',
      text: `Du invände mot behandlingen av dina personuppgifter för: ${v.purposes}.\n\nVi har tvingande berättigade skäl att fortsätta behandlingen. Våra skäl:\n${v.reasons}\n\n${complaint.sv}\n\n${sig}`,
    }),
  },
};
