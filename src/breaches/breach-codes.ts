/**
 * The structured parts of a breach record, each with its words in English, Finnish and Swedish:
 * the kind of breach, its likely consequences and the measures taken. The notice to the people
 * affected (Art. 34(2)) is written from these, so it reaches each person in their own language
 * in plain words; the staff's free text goes to the register and the authority.
 */
import type { Lang } from '../kit/web/i18n.ts';

type Words = Record<Lang, string>;

export const natureWords = {
  confidentiality: {
    en: 'someone who should not have had access could see personal data',
    fi: 'henkilötietoja pääsi näkemään joku, jolla ei olisi pitänyt olla siihen pääsyä',
    sv: 'någon som inte borde ha haft åtkomst kunde se personuppgifter',
  },
  integrity: {
    en: 'personal data was changed without authorisation or by mistake',
    fi: 'henkilötietoja muutettiin luvatta tai vahingossa',
    sv: 'personuppgifter ändrades obehörigt eller av misstag',
  },
  availability: {
    en: 'personal data was lost or could not be used for a time',
    fi: 'henkilötietoja katosi tai ne eivät olleet jonkin aikaa käytettävissä',
    sv: 'personuppgifter förlorades eller kunde inte användas under en tid',
  },
} as const satisfies Record<string, Words>;

export const consequenceWords = {
  phishing: {
    en: 'you may receive scam messages that look as if they come from us',
    fi: 'saatat saada huijausviestejä, jotka näyttävät tulevan meiltä',
    sv: 'du kan få bedrägliga meddelanden som ser ut att komma från oss',
  },
  identity_misuse: {
    en: 'someone may try to use your details in your name',
    fi: 'joku voi yrittää käyttää tietojasi sinun nimissäsi',
    sv: 'någon kan försöka använda dina uppgifter i ditt namn',
  },
  purchases_revealed: {
    en: 'others may learn what you have bought from us',
    fi: 'muut voivat saada tietää, mitä olet ostanut meiltä',
    sv: 'andra kan få veta vad du har köpt av oss',
  },
  financial_loss: {
    en: 'there is a risk of financial loss',
    fi: 'on olemassa taloudellisen menetyksen riski',
    sv: 'det finns en risk för ekonomisk förlust',
  },
  account_takeover: {
    en: 'someone may try to sign in to your account',
    fi: 'joku voi yrittää kirjautua tilillesi',
    sv: 'någon kan försöka logga in på ditt konto',
  },
  service_interruption: {
    en: 'your orders or requests may be delayed',
    fi: 'tilauksesi tai pyyntösi voivat viivästyä',
    sv: 'dina beställningar eller begäranden kan bli försenade',
  },
} as const satisfies Record<string, Words>;

export const measureWords = {
  access_closed: {
    en: 'we closed the access that was used',
    fi: 'suljimme käytetyn pääsyn',
    sv: 'vi stängde den åtkomst som användes',
  },
  passwords_reset: {
    en: 'we reset the passwords concerned: choose a new one when you next sign in',
    fi: 'nollasimme asianomaiset salasanat: valitse uusi seuraavalla kirjautumiskerralla',
    sv: 'vi återställde de berörda lösenorden: välj ett nytt nästa gång du loggar in',
  },
  keys_rotated: {
    en: 'we replaced the encryption keys concerned',
    fi: 'vaihdoimme asianomaiset salausavaimet',
    sv: 'vi bytte ut de berörda krypteringsnycklarna',
  },
  data_restored: {
    en: 'we restored the data from a backup',
    fi: 'palautimme tiedot varmuuskopiosta',
    sv: 'vi återställde uppgifterna från en säkerhetskopia',
  },
  authority_notified: {
    en: 'we told the Data Protection Ombudsman',
    fi: 'ilmoitimme asiasta tietosuojavaltuutetulle',
    sv: 'vi anmälde saken till dataombudsmannen',
  },
  recipient_deleted: {
    en: 'the wrong recipient has confirmed deleting the data',
    fi: 'väärä vastaanottaja on vahvistanut poistaneensa tiedot',
    sv: 'den felaktiga mottagaren har bekräftat att uppgifterna raderats',
  },
} as const satisfies Record<string, Words>;

export type ConsequenceCode = keyof typeof consequenceWords;
export type MeasureCode = keyof typeof measureWords;
export const consequenceCodes = Object.keys(consequenceWords) as ConsequenceCode[];
export const measureCodes = Object.keys(measureWords) as MeasureCode[];
