/**
 * The rights engine's messages, in English, Finnish and Swedish, plain text. src/notify/templates.ts
 * includes them; the mailer renders them in the recipient's language.
 *
 * - `dsr_verify`, `dsr_answer`: to a requester who is not signed in, the link that confirms a
 *   request and the link to its answer (Art. 12(3): a request made by email is answered
 *   electronically);
 * - `restriction_lift_notice`: Art. 18(3), sent before a restriction is lifted;
 * - `objection_upheld` / `objection_overruled`: the staff decision on an objection on other
 *   grounds (Art. 21(1)), with the reasons and, when overruled, the complaint route (Art. 12(4)).
 */
import type { Lang } from '../../kit/web/i18n.ts';

export type RightsTemplateKey =
  | 'dsr_verify'
  | 'dsr_answer'
  | 'restriction_lift_notice'
  | 'objection_upheld'
  | 'objection_overruled';

export interface RightsMailVars {
  link?: string;
  hours?: number;
  days?: number;
  uses?: number;
  /** The date the restriction began (YYYY-MM-DD). */
  since?: string;
  reasons?: string;
  /** The purposes objected to, as the manifest labels them in the message's language. */
  purposes?: string;
}

type Render = (v: RightsMailVars) => { subject: string; text: string };

const sig = 'HerSecret';

const complaint = {
  en: 'If you disagree, you may complain to the Office of the Data Protection Ombudsman (https://tietosuoja.fi/en/home) or bring the matter before a court.',
  fi: 'Jos olet eri mieltä, voit tehdä valituksen Tietosuojavaltuutetun toimistolle (https://tietosuoja.fi) tai viedä asian tuomioistuimeen.',
  sv: 'Om du inte håller med kan du lämna in ett klagomål till Dataombudsmannens byrå (https://tietosuoja.fi/sv) eller föra saken till domstol.',
};

export const rightsTemplates: Record<RightsTemplateKey, Record<Lang, Render>> = {
  dsr_verify: {
    en: (v) => ({
      subject: 'Confirm your privacy request',
      text: `We received a request about the personal data HerSecret holds for this email address.\n\nTo confirm that it was you, open this link and press the button on the page:\n${v.link}\n\nThe link works once and for ${v.hours} hours. We never ask for copies of identity documents. If you did not make the request, ignore this message: nothing happens without your confirmation.\n\n${sig}`,
    }),
    fi: (v) => ({
      subject: 'Vahvista tietosuojapyyntösi',
      text: `Saimme pyynnön HerSecretin tähän sähköpostiosoitteeseen liittyvistä henkilötiedoista.\n\nVahvista, että pyyntö on sinulta, avaamalla tämä linkki ja painamalla sivun painiketta:\n${v.link}\n\nLinkki toimii kerran ja ${v.hours} tunnin ajan. Emme koskaan pyydä kopioita henkilöllisyystodistuksista. Jos et tehnyt pyyntöä, jätä viesti huomiotta: mitään ei tapahdu ilman vahvistustasi.\n\n${sig}`,
    }),
    sv: (v) => ({
      subject: 'Bekräfta din integritetsbegäran',
      text: `Vi har tagit emot en begäran om de personuppgifter HerSecret har för den här e-postadressen.\n\nBekräfta att det var du genom att öppna länken och trycka på knappen på sidan:\n${v.link}\n\nLänken fungerar en gång och i ${v.hours} timmar. Vi ber aldrig om kopior av id-handlingar. Om du inte gjorde begäran kan du bortse från meddelandet: inget händer utan din bekräftelse.\n\n${sig}`,
    }),
  },
  dsr_answer: {
    en: (v) => ({
      subject: 'Your copy of your personal data is ready',
      text: `The copy of your personal data you asked for is ready. Download it here:\n${v.link}\n\nThe link works for ${v.days} days and at most ${v.uses} times; after that, make a new request in our privacy center. Keep the file safe: it holds your personal data.\n\n${sig}`,
    }),
    fi: (v) => ({
      subject: 'Kopio henkilötiedoistasi on valmis',
      text: `Pyytämäsi kopio henkilötiedoistasi on valmis. Lataa se tästä:\n${v.link}\n\nLinkki toimii ${v.days} päivää ja enintään ${v.uses} kertaa; sen jälkeen tee uusi pyyntö tietosuojakeskuksessamme. Säilytä tiedosto huolellisesti: se sisältää henkilötietojasi.\n\n${sig}`,
    }),
    sv: (v) => ({
      subject: 'Din kopia av dina personuppgifter är klar',
      text: `Kopian av dina personuppgifter som du bad om är klar. Ladda ner den här:\n${v.link}\n\nLänken fungerar i ${v.days} dagar och högst ${v.uses} gånger; gör därefter en ny begäran i vårt integritetscenter. Förvara filen säkert: den innehåller dina personuppgifter.\n\n${sig}`,
    }),
  },
  restriction_lift_notice: {
    en: (v) => ({
      subject: 'The restriction of processing of your data will be lifted',
      text: `Since ${v.since}, we have only stored your personal data, as you asked (restriction of processing).\n\nWe are telling you before it happens: we will lift this restriction, and your data will again be used as described in our privacy policy.\n\nIf you have questions, or want to object, answer this message or use the privacy center: ${v.link}\n\n${sig}`,
    }),
    fi: (v) => ({
      subject: 'Tietojesi käsittelyn rajoitus poistetaan',
      text: `${v.since} alkaen olemme pyynnöstäsi vain säilyttäneet henkilötietojasi (käsittelyn rajoittaminen).\n\nKerromme sinulle etukäteen: poistamme rajoituksen, ja tietojasi käytetään taas tietosuojaselosteemme mukaisesti.\n\nJos sinulla on kysyttävää tai haluat vastustaa käsittelyä, vastaa tähän viestiin tai käytä tietosuojakeskusta: ${v.link}\n\n${sig}`,
    }),
    sv: (v) => ({
      subject: 'Begränsningen av behandlingen av dina uppgifter upphävs',
      text: `Sedan ${v.since} har vi på din begäran endast lagrat dina personuppgifter (begränsning av behandling).\n\nVi berättar det innan det sker: vi upphäver begränsningen, och dina uppgifter används åter enligt vår integritetspolicy.\n\nOm du har frågor eller vill invända mot behandlingen, svara på detta meddelande eller använd integritetscentret: ${v.link}\n\n${sig}`,
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
