/**
 * The messages to a requester who is not signed in, in English, Finnish and Swedish, plain text:
 * the link that confirms a request, and the link to its answer (Art. 12(3): a request made by
 * email is answered electronically). src/notify/templates.ts includes them.
 */
import type { Lang } from '../web/i18n.ts';

export type RightsTemplateKey = 'dsr_verify' | 'dsr_answer';

export interface RightsMailVars {
  link?: string;
  hours?: number;
  days?: number;
  uses?: number;
}

type Render = (v: RightsMailVars) => { subject: string; text: string };

const sig = 'HerSecret';

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
};
