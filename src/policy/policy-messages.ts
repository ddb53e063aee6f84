/**
 * The fixed prose of the privacy policy, in the seed's order of sections. Everything specific to
 * the store (names, categories, recipients, periods) comes from the manifest; `{name}` marks a
 * value the document builder fills in.
 */
import type { Localized } from '../core/manifest/manifest.ts';

export const headings = {
  title: {
    en: 'Privacy policy and cookies',
    fi: 'Tietosuojaseloste ja evästeet',
    sv: 'Integritetspolicy och kakor',
  },
  contents: { en: 'Contents', fi: 'Sisällys', sv: 'Innehåll' },
  /** Names a table's scroll region apart from its section, whose heading names the section. */
  table: { en: 'Table', fi: 'Taulukko', sv: 'Tabell' },
  general: { en: 'General', fi: 'Yleistä', sv: 'Allmänt' },
  controller: {
    en: 'Controller and its contact details',
    fi: 'Rekisterinpitäjä ja sen yhteystiedot',
    sv: 'Personuppgiftsansvarig och kontaktuppgifter',
  },
  collected: {
    en: 'What information can be collected about me?',
    fi: 'Mitä tietoja minusta voidaan kerätä?',
    sv: 'Vilka uppgifter kan samlas in om mig?',
  },
  purposes: {
    en: 'What is my personal data used for?',
    fi: 'Mihin henkilötietojani käytetään?',
    sv: 'Vad används mina personuppgifter till?',
  },
  security: {
    en: 'How is my data stored and protected?',
    fi: 'Miten tietojani säilytetään ja suojataan?',
    sv: 'Hur lagras och skyddas mina uppgifter?',
  },
  processing: {
    en: 'Who processes my personal data?',
    fi: 'Kuka käsittelee henkilötietojani?',
    sv: 'Vem behandlar mina personuppgifter?',
  },
  retention: {
    en: 'How long is my data stored?',
    fi: 'Kuinka kauan tietojani säilytetään?',
    sv: 'Hur länge lagras mina uppgifter?',
  },
  rights: {
    en: 'What rights do I have?',
    fi: 'Mitä oikeuksia minulla on?',
    sv: 'Vilka rättigheter har jag?',
  },
  access: {
    en: 'How do I get the data stored about me?',
    fi: 'Miten saan minusta tallennetut tiedot?',
    sv: 'Hur får jag de uppgifter som lagrats om mig?',
  },
  influence: {
    en: 'How can I influence the use of my data?',
    fi: 'Miten voin vaikuttaa tietojeni käyttöön?',
    sv: 'Hur kan jag påverka användningen av mina uppgifter?',
  },
  disclosures: {
    en: 'Is my personal data disclosed to third parties?',
    fi: 'Luovutetaanko henkilötietojani kolmansille osapuolille?',
    sv: 'Lämnas mina personuppgifter ut till tredje parter?',
  },
  cookies: {
    en: 'Are cookies used on the website, and what are they?',
    fi: 'Käytetäänkö verkkosivuilla evästeitä ja mitä ne ovat?',
    sv: 'Används kakor på webbplatsen och vad är de?',
  },
  amendments: {
    en: 'Can this privacy policy be amended?',
    fi: 'Voiko tätä tietosuojaselostetta muuttaa?',
    sv: 'Kan denna integritetspolicy ändras?',
  },
  contact: {
    en: 'How can I contact you?',
    fi: 'Miten voin ottaa yhteyttä?',
    sv: 'Hur kan jag kontakta er?',
  },
  newsletter: { en: 'Newsletter', fi: 'Uutiskirje', sv: 'Nyhetsbrev' },
} satisfies Record<string, Localized>;

export const prose = {
  usesIntro: {
    en: 'We use the information:',
    fi: 'Käytämme tietoja:',
    sv: 'Vi använder uppgifterna:',
  },
  controllerIs: {
    en: 'The controller of the personal data processed is:',
    fi: 'Käsiteltävien henkilötietojen rekisterinpitäjä on:',
    sv: 'Personuppgiftsansvarig för de personuppgifter som behandlas är:',
  },
  businessId: { en: 'Business ID', fi: 'Y-tunnus', sv: 'FO-nummer' },
  askPrivacy: {
    en: 'You can ask more about data protection and the processing of personal data by email:',
    fi: 'Voit kysyä lisää tietosuojasta ja henkilötietojen käsittelystä sähköpostitse:',
    sv: 'Du kan fråga mer om dataskydd och behandlingen av personuppgifter per e-post:',
  },
  dpo: { en: 'Data protection officer', fi: 'Tietosuojavastaava', sv: 'Dataskyddsombud' },
  provided: {
    en: 'Information you provide or that identifies you',
    fi: 'Itse antamasi tai sinut yksilöivät tiedot',
    sv: 'Uppgifter som du lämnar eller som identifierar dig',
  },
  observed: {
    en: 'Information observed and derived from the use of the services',
    fi: 'Palvelujen käytöstä havainnoidut ja johdetut tiedot',
    sv: 'Uppgifter som observeras och härleds från användningen av tjänsterna',
  },
  mandatory: {
    en: 'To buy in the online store you must give: {list}. Everything else is voluntary.',
    fi: 'Verkkokaupasta ostaminen edellyttää seuraavia tietoja: {list}. Muiden tietojen antaminen on vapaaehtoista.',
    sv: 'För att handla i webbutiken måste du lämna: {list}. Allt annat är frivilligt.',
  },
  sources: {
    en: 'The main source of information is you. We also receive information from these sources:',
    fi: 'Tärkein tietolähde olet sinä itse. Saamme tietoja myös seuraavista lähteistä:',
    sv: 'Den viktigaste källan till uppgifterna är du själv. Vi får också uppgifter från dessa källor:',
  },
  thirdPartyNotice: {
    en: 'When we receive personal data about you from a third party, we tell you at the first contact or within one month of receiving it at the latest (GDPR Art. 14).',
    fi: 'Kun saamme sinua koskevia henkilötietoja kolmannelta osapuolelta, ilmoitamme siitä ensimmäisen yhteydenoton yhteydessä tai viimeistään kuukauden kuluessa tietojen saamisesta (GDPR 14 art.).',
    sv: 'När vi får personuppgifter om dig från en tredje part informerar vi dig vid den första kontakten eller senast inom en månad från att vi fick dem (GDPR art. 14).',
  },
  purpose: { en: 'Purpose', fi: 'Käyttötarkoitus', sv: 'Ändamål' },
  legalBasis: { en: 'Legal basis', fi: 'Käsittelyperuste', sv: 'Rättslig grund' },
  categories: { en: 'Data', fi: 'Tiedot', sv: 'Uppgifter' },
  interest: {
    en: 'Our legitimate interest',
    fi: 'Oikeutettu etumme',
    sv: 'Vårt berättigade intresse',
  },
  automated: {
    en: 'Automated decision',
    fi: 'Automatisoitu päätöksenteko',
    sv: 'Automatiserat beslut',
  },
  dataLocation: {
    en: 'We store customer data in {place}.',
    fi: 'Asiakastietojen säilytyspaikka on {place}.',
    sv: 'Vi lagrar kunduppgifterna i {place}.',
  },
  gdprSince: {
    en: 'The requirements of the EU General Data Protection Regulation have been applied to the processing of personal data since 25 May 2018.',
    fi: 'Henkilötietojen käsittelyssä on 25.5.2018 alkaen noudatettu EU:n yleisen tietosuoja-asetuksen vaatimuksia.',
    sv: 'EU:s allmänna dataskyddsförordning har tillämpats på behandlingen av personuppgifter sedan den 25 maj 2018.',
  },
  staff: {
    en: 'Customer data is accessible only to our own employees, who are trained to use it safely and ethically. Each person sees customer data only to the extent their duties need:',
    fi: 'Asiakastietoihin pääsevät vain omat työntekijämme, jotka on koulutettu käyttämään tietoja turvallisesti ja eettisesti. Kukin näkee asiakastietoja vain siinä laajuudessa kuin tehtävät edellyttävät:',
    sv: 'Kunduppgifterna är tillgängliga endast för våra egna anställda, som är utbildade att använda dem säkert och etiskt. Var och en ser kunduppgifter endast i den mån arbetsuppgifterna kräver:',
  },
  role: { en: 'Role', fi: 'Rooli', sv: 'Roll' },
  partners: {
    en: 'We use trusted contractual partners, to whom data may be transferred; all of them meet the requirements of the GDPR. See “{section}” below.',
    fi: 'Käytämme luotettavia sopimuskumppaneita, joille tietoja voidaan siirtää; kaikki täyttävät tietosuoja-asetuksen vaatimukset. Katso alta kohta ”{section}”.',
    sv: 'Vi anlitar pålitliga avtalspartner till vilka uppgifter kan överföras; alla uppfyller kraven i dataskyddsförordningen. Se avsnittet ”{section}” nedan.',
  },
  retentionIntro: {
    en: 'We keep your personal data only as long as the purposes described here need. Some data is kept longer where the law requires it, for example for accounting and consumer trade responsibilities, and to show that these were fulfilled.',
    fi: 'Säilytämme henkilötietojasi vain niin kauan kuin tässä kuvatut käyttötarkoitukset edellyttävät. Osaa tiedoista säilytetään pidempään, kun laki sitä vaatii, esimerkiksi kirjanpidon ja kuluttajakaupan vastuiden vuoksi sekä niiden asianmukaisen täyttämisen osoittamiseksi.',
    sv: 'Vi sparar dina personuppgifter bara så länge som de ändamål som beskrivs här kräver. Vissa uppgifter sparas längre när lagen kräver det, till exempel för bokföring och konsumenthandelns ansvar, och för att visa att dessa fullgjorts.',
  },
  retentionPeriod: { en: 'Retention', fi: 'Säilytysaika', sv: 'Lagringstid' },
  law: { en: 'Law', fi: 'Laki', sv: 'Lag' },
  retentionOther: {
    en: 'Other retention periods:',
    fi: 'Muut säilytysajat:',
    sv: 'Andra lagringstider:',
  },
  irreversible: {
    en: 'Deletion and anonymisation are irreversible: a deleted customer account cannot be restored.',
    fi: 'Poistaminen ja anonymisointi ovat peruuttamattomia: poistettua asiakastiliä ei voi palauttaa.',
    sv: 'Radering och anonymisering går inte att ångra: ett raderat kundkonto kan inte återställas.',
  },
  rightsIntro: {
    en: 'As a customer, you have these rights:',
    fi: 'Asiakkaana sinulla on seuraavat oikeudet:',
    sv: 'Som kund har du följande rättigheter:',
  },
  requestHow: {
    en: 'You can request a copy of your data, or its correction, deletion or anonymisation, in the privacy center or from our customer service. We verify your identity before answering, and answer within one month.',
    fi: 'Voit pyytää jäljennöstä tiedoistasi tai niiden oikaisemista, poistamista tai anonymisointia tietosuojakeskuksessa tai asiakaspalvelultamme. Varmistamme henkilöllisyytesi ennen vastaamista ja vastaamme kuukauden kuluessa.',
    sv: 'Du kan begära en kopia av dina uppgifter, eller att de rättas, raderas eller anonymiseras, i integritetscentret eller hos vår kundtjänst. Vi kontrollerar din identitet innan vi svarar, och svarar inom en månad.',
  },
  authority: {
    en: 'The supervisory authority in Finland is the {name}: {url}',
    fi: 'Suomessa valvontaviranomainen on {name}: {url}',
    sv: 'Tillsynsmyndighet i Finland är {name}: {url}',
  },
  accessHow: {
    en: 'To get the data stored about you, open the privacy center or email us:',
    fi: 'Saat sinusta tallennetut tiedot tietosuojakeskuksesta tai pyytämällä sähköpostitse:',
    sv: 'För att få de uppgifter som lagrats om dig, öppna integritetscentret eller skicka e-post till oss:',
  },
  accessSee: {
    en: 'The section “{section}” above lists the personal data we may hold about you.',
    fi: 'Yllä olevassa kohdassa ”{section}” luetellaan henkilötiedot, joita meillä voi olla sinusta.',
    sv: 'Avsnittet ”{section}” ovan räknar upp de personuppgifter vi kan ha om dig.',
  },
  privacyCenter: { en: 'Privacy center', fi: 'Tietosuojakeskus', sv: 'Integritetscenter' },
  influence: {
    en: 'You choose in your account what information you give about yourself, and you can change your cookie and marketing choices at any time. You can close your customer account at any time and ask us to delete your data.',
    fi: 'Valitset tililläsi, mitä tietoja annat itsestäsi, ja voit muuttaa eväste- ja markkinointivalintojasi milloin tahansa. Voit sulkea asiakastilisi milloin tahansa ja pyytää meitä poistamaan tietosi.',
    sv: 'Du väljer i ditt konto vilka uppgifter du lämnar om dig själv, och du kan när som helst ändra dina val för kakor och marknadsföring. Du kan när som helst avsluta ditt kundkonto och be oss radera dina uppgifter.',
  },
  influenceNote: {
    en: 'Note: not all data can always be deleted. The law may oblige us to keep some of it, for example for accounting; we tell you what we keep, why and until when.',
    fi: 'Huom! Kaikkia tietoja ei aina voida poistaa. Laki voi velvoittaa säilyttämään osan tiedoista esimerkiksi kirjanpitoa varten; kerromme, mitä säilytämme, miksi ja mihin asti.',
    sv: 'Obs! Alla uppgifter kan inte alltid raderas. Lagen kan ålägga oss att spara en del av dem, till exempel för bokföringen; vi berättar vad vi sparar, varför och till när.',
  },
  disclosuresIntro: {
    en: 'We disclose only the necessary information, to deliver orders, to take payments and grant credit, and for marketing. Data used for analytics and personalisation is anonymised or pseudonymised wherever possible; only we can combine pseudonymised data with your name. We disclose data to authorities when the law requires it.',
    fi: 'Luovutamme vain tarpeelliset tiedot tilausten toimittamiseksi, maksujen käsittelemiseksi ja luoton myöntämiseksi sekä markkinointia varten. Analytiikkaan ja personointiin käytetyt tiedot anonymisoidaan tai pseudonymisoidaan aina kun mahdollista; vain me voimme yhdistää pseudonymisoidut tiedot nimeesi. Luovutamme tietoja viranomaisille, kun laki sitä edellyttää.',
    sv: 'Vi lämnar ut endast nödvändiga uppgifter, för att leverera beställningar, ta emot betalningar och bevilja kredit samt för marknadsföring. Uppgifter för analys och personalisering anonymiseras eller pseudonymiseras där det är möjligt; endast vi kan koppla pseudonymiserade uppgifter till ditt namn. Vi lämnar ut uppgifter till myndigheter när lagen kräver det.',
  },
  recipient: { en: 'Recipient', fi: 'Vastaanottaja', sv: 'Mottagare' },
  country: { en: 'Country', fi: 'Maa', sv: 'Land' },
  safeguard: {
    en: 'Transfer safeguard',
    fi: 'Siirron suojatoimet',
    sv: 'Skyddsåtgärd vid överföring',
  },
  transfers: {
    en: 'We ensure a high level of data protection when data is transferred: transfers outside the EU/EEA rest only on these safeguards:',
    fi: 'Varmistamme tietojen siirroissa korkean tietosuojan tason: siirrot EU:n/ETA:n ulkopuolelle perustuvat vain seuraaviin suojatoimiin:',
    sv: 'Vi säkerställer en hög dataskyddsnivå vid överföringar: överföringar utanför EU/EES grundar sig endast på dessa skyddsåtgärder:',
  },
  noTransfers: {
    en: 'No personal data is transferred outside the EU/EEA.',
    fi: 'Henkilötietoja ei siirretä EU:n/ETA:n ulkopuolelle.',
    sv: 'Inga personuppgifter överförs utanför EU/EES.',
  },
  cookiesIntro: {
    en: 'We use cookies and similar technologies such as local storage. Cookies are small text files between your browser and our server; each has a period of validity after which the browser removes it. We use them to run the store, and, only with your consent, for analytics, personalisation and targeted marketing.',
    fi: 'Käytämme evästeitä ja vastaavia tekniikoita, kuten paikallista tallennustilaa. Evästeet ovat pieniä tekstitiedostoja selaimesi ja palvelimemme välillä; jokaisella on voimassaoloaika, jonka jälkeen selain poistaa sen. Käytämme niitä kaupan toimintaan sekä vain suostumuksellasi analytiikkaan, personointiin ja kohdennettuun markkinointiin.',
    sv: 'Vi använder kakor och liknande tekniker som lokal lagring. Kakor är små textfiler mellan din webbläsare och vår server; var och en har en giltighetstid varefter webbläsaren tar bort den. Vi använder dem för att driva butiken och, endast med ditt samtycke, för analys, personalisering och riktad marknadsföring.',
  },
  lifetimeRange: {
    en: '{category} cookies and storage items remain in the browser for {period}.',
    fi: '{category}: evästeet ja tallennustilan muuttujat säilyvät selaimessa {period}.',
    sv: '{category}: kakor och lagrade variabler finns kvar i webbläsaren {period}.',
  },
  alwaysOn: { en: 'always on', fi: 'aina käytössä', sv: 'alltid på' },
  needsConsent: {
    en: 'only with your consent',
    fi: 'vain suostumuksellasi',
    sv: 'endast med ditt samtycke',
  },
  name: { en: 'Name', fi: 'Nimi', sv: 'Namn' },
  category: { en: 'Category', fi: 'Luokka', sv: 'Kategori' },
  lifetime: { en: 'Lifetime', fi: 'Voimassaolo', sv: 'Livslängd' },
  type: { en: 'Type', fi: 'Tyyppi', sv: 'Typ' },
  provider: { en: 'Provider', fi: 'Tarjoaja', sv: 'Leverantör' },
  signals: {
    en: 'We ask for your choices again after {renew}. A Global Privacy Control or Do Not Track signal from your browser counts as refusing analytics, personalisation and marketing.',
    fi: 'Kysymme valintojasi uudelleen, kun {renew} on kulunut. Selaimesi Global Privacy Control- tai Do Not Track -signaali tulkitaan analytiikan, personoinnin ja markkinoinnin kieltämiseksi.',
    sv: 'Vi frågar om dina val på nytt efter {renew}. En Global Privacy Control- eller Do Not Track-signal från din webbläsare räknas som att du avböjer analys, personalisering och marknadsföring.',
  },
  cookieDeclaration: {
    en: 'Cookie declaration and settings',
    fi: 'Evästeseloste ja -asetukset',
    sv: 'Kakdeklaration och inställningar',
  },
  amendments: {
    en: 'As the service and regulation develop, we may amend this privacy policy. Registered customers are notified of significant changes when the terms are updated.',
    fi: 'Palvelun kehittymisen ja lainsäädännön muutosten vuoksi voimme muuttaa tätä tietosuojaselostetta. Merkittävistä muutoksista ilmoitetaan rekisteröityneille asiakkaille ehtojen päivittyessä.',
    sv: 'När tjänsten och regelverket utvecklas kan vi ändra denna integritetspolicy. Registrerade kunder underrättas om väsentliga ändringar när villkoren uppdateras.',
  },
  lastUpdate: {
    en: 'Last updated {date} (version {version}).',
    fi: 'Päivitetty viimeksi {date} (versio {version}).',
    sv: 'Senast uppdaterad {date} (version {version}).',
  },
  changeLog: { en: 'Changes:', fi: 'Muutokset:', sv: 'Ändringar:' },
  significant: { en: 'significant', fi: 'merkittävä', sv: 'väsentlig' },
  editorial: {
    en: 'Editorial update without a change note.',
    fi: 'Toimituksellinen päivitys ilman muutoskuvausta.',
    sv: 'Redaktionell uppdatering utan ändringsbeskrivning.',
  },
  whatChanged: { en: 'What changed', fi: 'Mitä muuttui', sv: 'Vad som ändrades' },
  contactPrivacy: {
    en: 'Privacy, data processing and this privacy policy:',
    fi: 'Tietosuoja, tietojen käsittely ja tämä tietosuojaseloste:',
    sv: 'Dataskydd, behandling av uppgifter och denna integritetspolicy:',
  },
  contactService: {
    en: 'In other matters our customer service helps:',
    fi: 'Muissa asioissa auttaa asiakaspalvelumme:',
    sv: 'I andra frågor hjälper vår kundtjänst:',
  },
  newsletter: {
    en: '{purpose}: we send it only with your consent, and every message has a link to unsubscribe.',
    fi: '{purpose}: lähetämme sitä vain suostumuksellasi, ja jokaisessa viestissä on linkki tilauksen peruuttamiseen.',
    sv: '{purpose}: vi skickar det endast med ditt samtycke, och varje meddelande har en länk för att avsluta prenumerationen.',
  },
  versionShown: {
    en: 'You are reading version {version} of {date}, which is no longer in force.',
    fi: 'Luet versiota {version} ({date}), joka ei ole enää voimassa.',
    sv: 'Du läser version {version} från {date}, som inte längre gäller.',
  },
  currentVersion: {
    en: 'Read the current version',
    fi: 'Lue voimassa oleva versio',
    sv: 'Läs den gällande versionen',
  },
} satisfies Record<string, Localized>;

/** Fills `{name}` placeholders. */
export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => values[k] ?? m);
}
