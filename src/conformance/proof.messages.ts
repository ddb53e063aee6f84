/** The words of the proof page (`/privacy/proof`) and of the statements it lists, en/fi/sv. */
import type { Localized, SecurityMeasure } from '../core/manifest/manifest.ts';
import type { StatementKind } from './statements.ts';

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
    en: 'receives only these fields:',
    fi: 'saa vain nämä kentät:',
    sv: 'får endast dessa fält:',
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
