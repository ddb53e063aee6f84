/** The words of the proof page (`/privacy/proof`) and of the statements it lists, en/fi/sv. */
import type { Localized, SecurityMeasure } from '../core/manifest/manifest.ts';
import type { StatementKind } from './statement-kind.ts';

export const proofText = {
  title: {
    en: 'How we keep our privacy promises',
    fi: 'Miten pidämme tietosuojalupauksemme',
    sv: 'Hur vi håller våra integritetslöften',
  },
  intro: {
    en: 'Every promise of our privacy policy that our software keeps is checked by automated tests each time the software is tested. Below is each promise, the tests that check it and the result of the latest test run of this installation.',
    fi: 'Jokainen tietosuojaselosteemme lupaus, jonka ohjelmistomme pitää, tarkistetaan automaattisilla testeillä aina, kun ohjelmisto testataan. Alla on jokainen lupaus, sen tarkistavat testit ja tämän asennuksen viimeisimmän testiajon tulos.',
    sv: 'Varje löfte i vår integritetspolicy som vår programvara håller kontrolleras av automatiska tester varje gång programvaran testas. Nedan finns varje löfte, testerna som kontrollerar det och resultatet av den senaste testkörningen för denna installation.',
  },
  policyLink: {
    en: 'Read the privacy policy',
    fi: 'Lue tietosuojaseloste',
    sv: 'Läs integritetspolicyn',
  },
  proofLink: {
    en: 'How we keep these promises: the proof',
    fi: 'Miten pidämme nämä lupaukset: todisteet',
    sv: 'Hur vi håller dessa löften: bevisen',
  },
  lastRun: {
    en: 'Latest test run: {date} on {databases}.',
    fi: 'Viimeisin testiajo: {date}, tietokannat: {databases}.',
    sv: 'Senaste testkörning: {date} med databaserna {databases}.',
  },
  notRun: {
    en: 'The tests have not yet been run on this installation: the promises are listed, but no result is shown.',
    fi: 'Testejä ei ole vielä ajettu tässä asennuksessa: lupaukset on lueteltu, mutta tuloksia ei näytetä.',
    sv: 'Testerna har ännu inte körts i denna installation: löftena listas, men inget resultat visas.',
  },
  summary: {
    en: '{proven} of {total} promises proven.',
    fi: '{proven}/{total} lupausta todistettu.',
    sv: '{proven} av {total} löften bevisade.',
  },
  promise: { en: 'Promise', fi: 'Lupaus', sv: 'Löfte' },
  howKept: { en: 'How it is checked', fi: 'Miten se tarkistetaan', sv: 'Hur det kontrolleras' },
  result: { en: 'Result', fi: 'Tulos', sv: 'Resultat' },
  proven: { en: 'Proven', fi: 'Todistettu', sv: 'Bevisat' },
  failed: { en: 'A test failed', fi: 'Testi epäonnistui', sv: 'Ett test misslyckades' },
  unproven: { en: 'No passing test', fi: 'Ei läpäistyä testiä', sv: 'Inget godkänt test' },
  notYetRun: { en: 'Not yet run', fi: 'Ei vielä ajettu', sv: 'Ännu inte körd' },
  noTests: { en: 'No test yet', fi: 'Ei vielä testiä', sv: 'Inget test ännu' },
  lastPassed: {
    en: 'last passed {date}',
    fi: 'viimeksi läpäisty {date}',
    sv: 'senast godkänd {date}',
  },
  onlyFields: {
    en: 'receives only the listed fields of:',
    fi: 'saa vain selosteessa luetellut kentät seuraavista tiedoista:',
    sv: 'får endast de angivna fälten av:',
  },
  onRequestOnly: {
    en: 'receives data only on a request assessed case by case, never automatically',
    fi: 'saa tietoja vain tapauskohtaisesti arvioidusta pyynnöstä, ei koskaan automaattisesti',
    sv: 'får uppgifter endast på en begäran som bedöms från fall till fall, aldrig automatiskt',
  },
} satisfies Record<string, Localized>;

export const kindHeadings: Record<StatementKind, Localized> = {
  purpose: {
    en: 'Purposes and legal bases',
    fi: 'Käyttötarkoitukset ja oikeusperusteet',
    sv: 'Ändamål och rättsliga grunder',
  },
  recipient: {
    en: 'Recipients and the data they receive',
    fi: 'Vastaanottajat ja heille luovutettavat tiedot',
    sv: 'Mottagare och de uppgifter de får',
  },
  retention: { en: 'Retention', fi: 'Säilytysajat', sv: 'Lagringstider' },
  right: { en: 'Your rights', fi: 'Oikeutesi', sv: 'Dina rättigheter' },
  security: { en: 'Security measures', fi: 'Suojaustoimet', sv: 'Säkerhetsåtgärder' },
  cookie: { en: 'Cookies', fi: 'Evästeet', sv: 'Kakor' },
};

export const measureTerms: Record<SecurityMeasure, Localized> = {
  encryption: {
    en: 'Personal fields are encrypted (AES-256-GCM) with a key per customer',
    fi: 'Henkilötietokentät salataan (AES-256-GCM) asiakaskohtaisella avaimella',
    sv: 'Personuppgiftsfält krypteras (AES-256-GCM) med en nyckel per kund',
  },
  key_erasure: {
    en: 'Erasing a customer’s key makes every copy unreadable, backups included',
    fi: 'Asiakkaan avaimen hävittäminen tekee kaikista kopioista lukukelvottomia, myös varmuuskopioista',
    sv: 'När en kunds nyckel raderas blir varje kopia oläsbar, även säkerhetskopior',
  },
  pseudonymisation: {
    en: 'Partners and analytics see a pseudonym, never your name',
    fi: 'Kumppanit ja analytiikka näkevät pseudonyymin, eivät koskaan nimeäsi',
    sv: 'Partner och analys ser en pseudonym, aldrig ditt namn',
  },
  anonymisation: {
    en: 'Records kept past their period are anonymised',
    fi: 'Säilytysajan jälkeen säilytettävät tiedot anonymisoidaan',
    sv: 'Uppgifter som sparas efter sin tid anonymiseras',
  },
  minimisation: {
    en: 'Each recipient receives only the fields it needs',
    fi: 'Kukin vastaanottaja saa vain tarvitsemansa kentät',
    sv: 'Varje mottagare får endast de fält den behöver',
  },
  access_by_role: {
    en: 'Staff see only the data their role needs',
    fi: 'Henkilökunta näkee vain roolinsa edellyttämät tiedot',
    sv: 'Personalen ser endast de uppgifter som deras roll kräver',
  },
  audit_log: {
    en: 'Every staff access is logged in a tamper-evident audit log',
    fi: 'Jokainen henkilökunnan pääsy kirjataan muutokset paljastavaan lokiin',
    sv: 'Varje åtkomst av personalen loggas i en logg där ändringar kan upptäckas',
  },
  backups: {
    en: 'Backups can be restored, and erased data stays erased in them',
    fi: 'Varmuuskopiot voidaan palauttaa, ja poistetut tiedot pysyvät niissä poistettuina',
    sv: 'Säkerhetskopior kan återställas, och raderade uppgifter förblir raderade i dem',
  },
};

/** How each kind of promise is checked, in plain words; the tests' own names follow. */
export const howChecked: Record<StatementKind, Localized> = {
  purpose: {
    en: 'Tests check that the policy states this legal basis in every language, and that processing for this purpose asks for the consent it needs, or goes on without consent and stops on an objection or a restriction.',
    fi: 'Testit tarkistavat, että seloste kertoo tämän oikeusperusteen kaikilla kielillä ja että tähän tarkoitukseen käsittely pyytää tarvitsemansa suostumuksen tai jatkuu ilman suostumusta ja pysähtyy vastustamiseen tai rajoittamiseen.',
    sv: 'Testerna kontrollerar att policyn anger denna rättsliga grund på alla språk och att behandlingen för detta ändamål kräver det samtycke den behöver, eller fortsätter utan samtycke och upphör vid en invändning eller en begränsning.',
  },
  recipient: {
    en: 'Tests offer every field of every customer record to the disclosure gate and check that this recipient receives exactly these fields and that each disclosure is recorded.',
    fi: 'Testit tarjoavat luovutusportille asiakastietojen jokaisen kentän ja tarkistavat, että tämä vastaanottaja saa täsmälleen nämä kentät ja että jokainen luovutus kirjataan.',
    sv: 'Testerna erbjuder utlämningsspärren varje fält i kunduppgifterna och kontrollerar att denna mottagare får exakt dessa fält och att varje utlämning registreras.',
  },
  retention: {
    en: 'Tests run the retention sweeps over simulated years and check that each record ends exactly when its period runs out, neither earlier nor later.',
    fi: 'Testit ajavat säilytysajan poistot simuloitujen vuosien yli ja tarkistavat, että jokainen tieto päättyy täsmälleen säilytysajan päättyessä, ei aiemmin eikä myöhemmin.',
    sv: 'Testerna kör lagringsrensningarna över simulerade år och kontrollerar att varje uppgift upphör exakt när dess tid löper ut, varken tidigare eller senare.',
  },
  right: {
    en: 'Tests make the request as a customer would, through the store’s pages and interfaces, and check its outcome.',
    fi: 'Testit tekevät pyynnön asiakkaan tavoin kaupan sivujen ja rajapintojen kautta ja tarkistavat sen lopputuloksen.',
    sv: 'Testerna gör begäran som en kund skulle göra, via butikens sidor och gränssnitt, och kontrollerar resultatet.',
  },
  security: {
    en: 'Tests check the measure at work: for example that no personal field is stored in clear, that an erased key leaves a backup unreadable, or that any change to the audit log is found.',
    fi: 'Testit tarkistavat suojaustoimen toiminnassa: esimerkiksi ettei yhtään henkilötietokenttää tallenneta selväkielisenä, että hävitetty avain tekee varmuuskopiosta lukukelvottoman tai että jokainen muutos lokiin havaitaan.',
    sv: 'Testerna kontrollerar åtgärden i drift: till exempel att inget personuppgiftsfält lagras i klartext, att en raderad nyckel gör en säkerhetskopia oläsbar eller att varje ändring i granskningsloggen upptäcks.',
  },
  cookie: {
    en: 'Tests check how long the store sets it for, and that nothing sets it before its category is allowed and refusing the category deletes it.',
    fi: 'Testit tarkistavat, kuinka pitkäksi ajaksi kauppa sen asettaa, ja ettei mikään aseta sitä ennen kuin sen luokka on sallittu ja että luokan hylkääminen poistaa sen.',
    sv: 'Testerna kontrollerar hur länge butiken sätter den och att inget sätter den innan dess kategori är tillåten och att ett avböjande av kategorin raderar den.',
  },
};

export const testsInEnglish: Localized = {
  en: 'The tests',
  fi: 'Testit (englanniksi)',
  sv: 'Testerna (på engelska)',
};

export const databaseNames: Record<'pglite' | 'postgres', string> = {
  pglite: 'PGlite',
  postgres: 'PostgreSQL',
};
