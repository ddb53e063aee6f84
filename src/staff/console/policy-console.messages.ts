/** The texts of the console's policy page (policy-console.routes.tsx), in en/fi/sv. */
export const policyConsoleText = {
  title: { en: 'Privacy policy', fi: 'Tietosuojaseloste', sv: 'Integritetspolicy' },
  versions: { en: 'Published versions', fi: 'Julkaistut versiot', sv: 'Publicerade versioner' },
  version: { en: 'Version', fi: 'Versio', sv: 'Versionsnummer' },
  date: { en: 'Date', fi: 'Päivämäärä', sv: 'Datum' },
  significant: { en: 'Significant', fi: 'Merkittävä', sv: 'Väsentlig' },
  yes: { en: 'yes', fi: 'kyllä', sv: 'ja' },
  no: { en: 'no', fi: 'ei', sv: 'nej' },
  notices: { en: 'Notices', fi: 'Ilmoitukset', sv: 'Meddelanden' },
  progress: {
    en: '{done} of {total} customers handled, {sent} emails sent{state}',
    fi: '{done}/{total} asiakasta käsitelty, {sent} sähköpostia lähetetty{state}',
    sv: '{done} av {total} kunder hanterade, {sent} e-postmeddelanden skickade{state}',
  },
  finished: { en: ' (finished)', fi: ' (valmis)', sv: ' (klart)' },
  pending: {
    en: 'The manifest file has changes that are not published: customers still see the version in force. Publish it with a change note.',
    fi: 'Manifestitiedostossa on julkaisemattomia muutoksia: asiakkaat näkevät yhä voimassa olevan version. Julkaise se muutoskuvauksen kanssa.',
    sv: 'Manifestfilen har ändringar som inte är publicerade: kunderna ser fortfarande den gällande versionen. Publicera den med en ändringsbeskrivning.',
  },
  upToDate: {
    en: 'The manifest file is the version in force; there is nothing to publish.',
    fi: 'Manifestitiedosto on voimassa oleva versio; julkaistavaa ei ole.',
    sv: 'Manifestfilen är den gällande versionen; det finns inget att publicera.',
  },
  publish: {
    en: 'Publish a new version',
    fi: 'Julkaise uusi versio',
    sv: 'Publicera en ny version',
  },
  noteEn: {
    en: 'Change note in English',
    fi: 'Muutoskuvaus englanniksi',
    sv: 'Ändringsbeskrivning på engelska',
  },
  noteFi: {
    en: 'Change note in Finnish',
    fi: 'Muutoskuvaus suomeksi',
    sv: 'Ändringsbeskrivning på finska',
  },
  noteSv: {
    en: 'Change note in Swedish',
    fi: 'Muutoskuvaus ruotsiksi',
    sv: 'Ändringsbeskrivning på svenska',
  },
  significantLabel: {
    en: 'Significant: every registered customer is told by email',
    fi: 'Merkittävä: jokaiselle rekisteröityneelle asiakkaalle ilmoitetaan sähköpostilla',
    sv: 'Väsentlig: varje registrerad kund underrättas per e-post',
  },
  submit: { en: 'Publish', fi: 'Julkaise', sv: 'Publicera' },
} as const;
