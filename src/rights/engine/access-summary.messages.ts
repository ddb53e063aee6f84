/**
 * The fixed words of the access summary (summary.html in the access package), in English,
 * Finnish and Swedish. Everything about the store's processing (purposes, categories, recipients,
 * periods, sources, the credit decision's logic) comes from the manifest; `{name}` marks a value
 * filled in.
 */
import type { Localized } from '../../kit/web/i18n.ts';

export const summaryText = {
  title: {
    en: 'Your personal data at {store}',
    fi: 'Henkilötietosi – {store}',
    sv: 'Dina personuppgifter hos {store}',
  },
  intro: {
    en: 'This is our answer to your request for access (GDPR Art. 15), made on {date}. It lists what we process about you and why. The files data.json and csv/ in this package hold a copy of all the data itself.',
    fi: 'Tämä on vastauksemme {date} tekemääsi pyyntöön saada pääsy tietoihin (GDPR 15 art.). Siinä kerrotaan, mitä tietoja sinusta käsittelemme ja miksi. Tämän paketin tiedostot data.json ja csv/ sisältävät jäljennöksen kaikista tiedoista.',
    sv: 'Detta är vårt svar på din begäran om tillgång (GDPR art. 15), gjord {date}. Här anges vad vi behandlar om dig och varför. Filerna data.json och csv/ i detta paket innehåller en kopia av alla uppgifter.',
  },
  controller: {
    en: 'Controller: {name}, business ID {businessId}, {address}. Data protection questions: {email}.',
    fi: 'Rekisterinpitäjä: {name}, Y-tunnus {businessId}, {address}. Tietosuoja-asiat: {email}.',
    sv: 'Personuppgiftsansvarig: {name}, FO-nummer {businessId}, {address}. Dataskyddsfrågor: {email}.',
  },
  purposes: {
    en: 'Why we process your data (purposes and legal bases)',
    fi: 'Miksi käsittelemme tietojasi (käyttötarkoitukset ja oikeusperusteet)',
    sv: 'Varför vi behandlar dina uppgifter (ändamål och rättsliga grunder)',
  },
  purpose: { en: 'Purpose', fi: 'Käyttötarkoitus', sv: 'Ändamål' },
  legalBasis: { en: 'Legal basis', fi: 'Oikeusperuste', sv: 'Rättslig grund' },
  yourData: { en: 'Your data used', fi: 'Käytetyt tietosi', sv: 'Dina uppgifter som används' },
  interest: {
    en: 'The interest weighed: {text}',
    fi: 'Punnittu etu: {text}',
    sv: 'Det intresse som vägts: {text}',
  },
  categories: {
    en: 'What data we hold about you (categories)',
    fi: 'Mitä tietoja meillä on sinusta (tietoryhmät)',
    sv: 'Vilka uppgifter vi har om dig (kategorier)',
  },
  category: { en: 'Category', fi: 'Tietoryhmä', sv: 'Kategori' },
  records: { en: 'Records', fi: 'Tietueita', sv: 'Poster' },
  source: { en: 'Source', fi: 'Lähde', sv: 'Källa' },
  retention: {
    en: 'How long we keep it',
    fi: 'Kuinka kauan säilytämme niitä',
    sv: 'Hur länge vi sparar dem',
  },
  law: { en: 'Set by: {law}', fi: 'Perusteena: {law}', sv: 'Enligt: {law}' },
  none: { en: 'None.', fi: 'Ei yhtään.', sv: 'Inga.' },
  disclosed: {
    en: 'Who has received your data',
    fi: 'Kenelle tietojasi on luovutettu',
    sv: 'Vem som har fått dina uppgifter',
  },
  disclosedIntro: {
    en: 'From our disclosure log: every time your data was actually sent to a recipient.',
    fi: 'Luovutuslokistamme: jokainen kerta, kun tietojasi on todella lähetetty vastaanottajalle.',
    sv: 'Ur vår logg över utlämnanden: varje gång dina uppgifter faktiskt skickades till en mottagare.',
  },
  recipient: { en: 'Recipient', fi: 'Vastaanottaja', sv: 'Mottagare' },
  accessed: {
    en: 'Who has looked at or handled your data',
    fi: 'Kuka on katsellut tai käsitellyt tietojasi',
    sv: 'Vem som har sett eller hanterat dina uppgifter',
  },
  accessedIntro: {
    en: 'From our tamper-evident audit log: every time a member of our staff (shown by role, not by name) viewed or handled your data, and every automated action on it.',
    fi: 'Muutoksilta suojatusta tapahtumalokistamme: jokainen kerta, kun henkilökuntamme jäsen (roolin mukaan, ei nimeltä) on katsellut tai käsitellyt tietojasi, ja jokainen niihin kohdistunut automaattinen toimenpide.',
    sv: 'Ur vår manipuleringssäkra händelselogg: varje gång någon i vår personal (angiven med sin roll, inte med namn) har sett eller hanterat dina uppgifter, och varje automatisk åtgärd med dem.',
  },
  who: { en: 'Who', fi: 'Kuka', sv: 'Vem' },
  what: { en: 'What', fi: 'Mitä', sv: 'Vad' },
  shownAs: { en: 'Shown', fi: 'Näkyvyys', sv: 'Visning' },
  masked: { en: 'masked', fi: 'peitettynä', sv: 'maskerat' },
  revealed: { en: 'in full', fi: 'kokonaan', sv: 'i sin helhet' },
  staff: { en: 'Staff', fi: 'Henkilökunta', sv: 'Personal' },
  staffRoles: { en: 'Staff: {roles}', fi: 'Henkilökunta: {roles}', sv: 'Personal: {roles}' },
  automatedActor: {
    en: 'Automated ({name})',
    fi: 'Automaattinen ({name})',
    sv: 'Automatiskt ({name})',
  },
  yourself: { en: 'You', fi: 'Sinä', sv: 'Du' },
  actionView: { en: 'Viewed your data', fi: 'Katseli tietojasi', sv: 'Såg dina uppgifter' },
  actionReveal: {
    en: 'Viewed a masked detail in full',
    fi: 'Näki peitetyn tiedon kokonaan',
    sv: 'Såg en maskerad uppgift i sin helhet',
  },
  actionDisclosure: {
    en: 'Sent data to a recipient',
    fi: 'Lähetti tietoja vastaanottajalle',
    sv: 'Skickade uppgifter till en mottagare',
  },
  actionOther: {
    en: 'Handled your data ({action})',
    fi: 'Käsitteli tietojasi ({action})',
    sv: 'Hanterade dina uppgifter ({action})',
  },
  when: { en: 'When', fi: 'Milloin', sv: 'När' },
  dataSent: { en: 'Data sent', fi: 'Lähetetyt tiedot', sv: 'Skickade uppgifter' },
  declared: {
    en: 'Who may receive data (recipients and transfers)',
    fi: 'Kuka voi saada tietoja (vastaanottajat ja siirrot)',
    sv: 'Vem som kan få uppgifter (mottagare och överföringar)',
  },
  declaredIntro: {
    en: 'Every recipient named in our privacy policy, when it receives data, and the safeguard for data that leaves the EU/EEA.',
    fi: 'Jokainen tietosuojaselosteessamme nimetty vastaanottaja, milloin se saa tietoja ja suojatoimet EU:n/ETA:n ulkopuolelle siirrettäville tiedoille.',
    sv: 'Varje mottagare som nämns i vår integritetspolicy, när den får uppgifter och skyddsåtgärden för uppgifter som lämnar EU/EES.',
  },
  country: { en: 'Country', fi: 'Maa', sv: 'Land' },
  safeguard: {
    en: 'Transfer safeguard',
    fi: 'Siirron suojatoimet',
    sv: 'Skyddsåtgärd vid överföring',
  },
  thirdCountry: {
    en: 'outside the EU/EEA',
    fi: 'EU:n/ETA:n ulkopuolella',
    sv: 'utanför EU/EES',
  },
  sources: {
    en: 'Data we did not collect from you',
    fi: 'Tiedot, joita emme saaneet sinulta itseltäsi',
    sv: 'Uppgifter som vi inte fick från dig',
  },
  receivedFrom: {
    en: '{source}, received {date}',
    fi: '{source}, saatu {date}',
    sv: '{source}, mottagen {date}',
  },
  noOtherSources: {
    en: 'We hold no data about you from other sources.',
    fi: 'Meillä ei ole sinusta muista lähteistä saatuja tietoja.',
    sv: 'Vi har inga uppgifter om dig från andra källor.',
  },
  notices: {
    en: 'What we told you about data from others (GDPR Art. 14)',
    fi: 'Mitä kerroimme sinulle muilta saaduista tiedoista (GDPR 14 art.)',
    sv: 'Vad vi berättade för dig om uppgifter från andra (GDPR art. 14)',
  },
  noticesIntro: {
    en: 'When we receive data about you from someone else, we tell you once per source, within a month at the latest.',
    fi: 'Kun saamme sinusta tietoja joltakulta muulta, kerromme siitä kerran kutakin lähdettä kohden, viimeistään kuukauden kuluessa.',
    sv: 'När vi får uppgifter om dig från någon annan berättar vi det en gång per källa, senast inom en månad.',
  },
  noticeReceived: { en: 'Data received', fi: 'Tiedot saatu', sv: 'Uppgifter mottagna' },
  noticeDue: { en: 'Notice due by', fi: 'Ilmoitettava viimeistään', sv: 'Ska meddelas senast' },
  noticeSent: { en: 'Notice sent', fi: 'Ilmoitus lähetetty', sv: 'Meddelandet skickat' },
  noticePending: { en: 'not yet sent', fi: 'ei vielä lähetetty', sv: 'ännu inte skickat' },
  automated: {
    en: 'Automated decisions (GDPR Art. 22)',
    fi: 'Automatisoidut yksittäispäätökset (GDPR 22 art.)',
    sv: 'Automatiserade beslut (GDPR art. 22)',
  },
  decisionsAboutYou: {
    en: 'Decisions made about you',
    fi: 'Sinusta tehdyt päätökset',
    sv: 'Beslut som fattats om dig',
  },
  decision: {
    en: '{date}: {product}, {outcome}',
    fi: '{date}: {product}, {outcome}',
    sv: '{date}: {product}, {outcome}',
  },
  outcome: {
    en: 'outcome',
    fi: 'tulos',
    sv: 'utfall',
  },
  rights: {
    en: 'Your rights',
    fi: 'Oikeutesi',
    sv: 'Dina rättigheter',
  },
  useRights: {
    en: 'Use them in the privacy center: {url}, or write to {email}.',
    fi: 'Käytä niitä tietosuojakeskuksessa: {url}, tai kirjoita osoitteeseen {email}.',
    sv: 'Använd dem i integritetscentret: {url}, eller skriv till {email}.',
  },
  complaint: {
    en: 'Complaints',
    fi: 'Valitus',
    sv: 'Klagomål',
  },
  complaintText: {
    en: 'You may lodge a complaint with the supervisory authority, the {authority} ({url}, {address}). You may also bring the matter before a court.',
    fi: 'Voit tehdä valituksen valvontaviranomaiselle. Suomessa se on {authority} ({url}, {address}). Voit myös viedä asian tuomioistuimen käsiteltäväksi.',
    sv: 'Du kan lämna in ett klagomål till tillsynsmyndigheten, {authority} ({url}, {address}). Du kan också föra saken till domstol.',
  },
  generated: {
    en: 'Generated {date}.',
    fi: 'Laadittu {date}.',
    sv: 'Skapad {date}.',
  },
} satisfies Record<string, Localized>;

/** `fill('Hello {name}', { name })`: the values are text; the page escapes them. */
export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
}
