/**
 * The fixed words of the Art. 14 notice, in English, Finnish and Swedish. Everything about the
 * store's processing (purposes, categories, recipients, periods, the credit decision's logic,
 * the controller, the authority) comes from the manifest; `{name}` marks a value filled in.
 */
import type { Localized } from '../../kit/web/i18n.ts';

export const noticeText = {
  subject: {
    en: 'What we received about you from {source}',
    fi: 'Mitä tietoja saimme sinusta palvelusta {source}',
    sv: 'Vilka uppgifter vi fick om dig från {source}',
  },
  intro: {
    en: 'On {date} we received personal data about you from {source}. The EU General Data Protection Regulation (Art. 14) entitles you to know what we received and what we do with it, so here it is. We tell you this once for each source.',
    fi: 'Saimme {date} sinua koskevia henkilötietoja palvelusta {source}. EU:n yleinen tietosuoja-asetus (14 art.) antaa sinulle oikeuden tietää, mitä saimme ja mitä teemme tiedoilla, joten kerromme sen tässä. Kerromme tämän kerran kutakin lähdettä kohden.',
    sv: 'Den {date} fick vi personuppgifter om dig från {source}. EU:s allmänna dataskyddsförordning (art. 14) ger dig rätt att veta vad vi fick och vad vi gör med det, så här berättar vi det. Vi berättar detta en gång för varje källa.',
  },
  controllerHeading: { en: 'Who we are', fi: 'Keitä olemme', sv: 'Vilka vi är' },
  controller: {
    en: 'Controller: {name}, business ID {businessId}, {address}. Data protection questions: {email}.',
    fi: 'Rekisterinpitäjä: {name}, Y-tunnus {businessId}, {address}. Tietosuoja-asiat: {email}.',
    sv: 'Personuppgiftsansvarig: {name}, FO-nummer {businessId}, {address}. Dataskyddsfrågor: {email}.',
  },
  dpo: {
    en: 'Data protection officer: {name}, {email}{note}.',
    fi: 'Tietosuojavastaava: {name}, {email}{note}.',
    sv: 'Dataskyddsombud: {name}, {email}{note}.',
  },
  sourceHeading: {
    en: 'Where the data came from',
    fi: 'Mistä tiedot tulivat',
    sv: 'Varifrån uppgifterna kom',
  },
  source: {
    en: 'Source: {source}. It is not a publicly accessible source.',
    fi: 'Lähde: {source}. Se ei ole julkisesti saatavilla oleva lähde.',
    sv: 'Källa: {source}. Den är inte en allmänt tillgänglig källa.',
  },
  categoriesHeading: {
    en: 'What we received, and how long we keep it',
    fi: 'Mitä saimme ja kuinka kauan säilytämme sen',
    sv: 'Vad vi fick och hur länge vi sparar det',
  },
  kept: { en: 'Kept: {period}', fi: 'Säilytysaika: {period}', sv: 'Sparas: {period}' },
  purposesHeading: {
    en: 'Why we use it, and on what legal basis',
    fi: 'Mihin käytämme tietoja ja millä oikeusperusteella',
    sv: 'Varför vi använder uppgifterna och på vilken rättslig grund',
  },
  interest: {
    en: 'Our legitimate interest: {text}',
    fi: 'Oikeutettu etumme: {text}',
    sv: 'Vårt berättigade intresse: {text}',
  },
  recipientsHeading: {
    en: 'Who may receive it, and transfers outside the EU/EEA',
    fi: 'Kenelle tietoja voidaan luovuttaa ja siirrot EU:n/ETA:n ulkopuolelle',
    sv: 'Vem som kan få uppgifterna och överföringar utanför EU/EES',
  },
  thirdCountry: {
    en: 'outside the EU/EEA',
    fi: 'EU:n/ETA:n ulkopuolella',
    sv: 'utanför EU/EES',
  },
  safeguard: { en: 'Safeguard: {text}', fi: 'Suojatoimet: {text}', sv: 'Skyddsåtgärd: {text}' },
  noThirdCountry: {
    en: 'None of these recipients is outside the EU/EEA, so the data is not transferred to a third country.',
    fi: 'Yksikään näistä vastaanottajista ei ole EU:n/ETA:n ulkopuolella, joten tietoja ei siirretä kolmanteen maahan.',
    sv: 'Ingen av dessa mottagare finns utanför EU/EES, så uppgifterna överförs inte till något tredjeland.',
  },
  noRecipients: {
    en: 'We disclose this data to nobody.',
    fi: 'Emme luovuta näitä tietoja kenellekään.',
    sv: 'Vi lämnar inte ut dessa uppgifter till någon.',
  },
  automatedHeading: {
    en: 'Automated decisions',
    fi: 'Automatisoidut päätökset',
    sv: 'Automatiserade beslut',
  },
  noAutomated: {
    en: 'We make no automated decisions, profiling included, with this data.',
    fi: 'Emme tee näillä tiedoilla automatisoituja päätöksiä emmekä profilointia.',
    sv: 'Vi fattar inga automatiserade beslut, profilering inräknad, med dessa uppgifter.',
  },
  rightsHeading: { en: 'Your rights', fi: 'Oikeutesi', sv: 'Dina rättigheter' },
  useRights: {
    en: 'Use them in the privacy center, {url}, or by email to {email}.',
    fi: 'Voit käyttää niitä tietosuojakeskuksessa, {url}, tai sähköpostitse osoitteeseen {email}.',
    sv: 'Använd dem i integritetscentret, {url}, eller per e-post till {email}.',
  },
  complaintHeading: {
    en: 'Complaints',
    fi: 'Valitukset',
    sv: 'Klagomål',
  },
  complaint: {
    en: 'Supervisory authority: {authority}, {url}, {address}.',
    fi: 'Valvontaviranomainen: {authority}, {url}, {address}.',
    sv: 'Tillsynsmyndighet: {authority}, {url}, {address}.',
  },
} satisfies Record<string, Localized>;

/** Puts values into a message: `{name}` becomes `values.name`. */
export function fill(text: string, values: Record<string, string> = {}): string {
  return text.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
}
