/** The texts of `/privacy/changes` (policy-changes.tsx), in every language the store speaks. */
export const changesText = {
  title: {
    en: 'Changes to the privacy policy',
    fi: 'Tietosuojaselosteen muutokset',
    sv: 'Ändringar i integritetspolicyn',
  },
  compared: {
    en: 'Version {from} of {fromDate} compared with version {to} of {toDate}.',
    fi: 'Versiota {from} ({fromDate}) verrataan versioon {to} ({toDate}).',
    sv: 'Version {from} från {fromDate} jämförd med version {to} från {toDate}.',
  },
  note: { en: 'Change note', fi: 'Muutoskuvaus', sv: 'Ändringsbeskrivning' },
  removed: { en: 'Removed', fi: 'Poistettu', sv: 'Borttaget' },
  added: { en: 'Added', fi: 'Lisätty', sv: 'Tillagt' },
  unchanged: {
    en: 'The wording of the policy did not change between these versions.',
    fi: 'Selosteen sanamuoto ei muuttunut näiden versioiden välillä.',
    sv: 'Policyns ordalydelse ändrades inte mellan dessa versioner.',
  },
  read: { en: 'Read version {version}', fi: 'Lue versio {version}', sv: 'Läs version {version}' },
} as const;
