/** Words of the privacy center's front page, in the store's three languages. */
import type { Localized } from '../../kit/web/i18n.ts';
import type { RequestStatus, RequestType } from '../engine/rights.ts';

export const messages = {
  title: { en: 'Privacy center', fi: 'Tietosuojakeskus', sv: 'Integritetscenter' },
  intro: {
    en: 'Here you use your rights over the personal data we hold about you. Everything is free of charge and answered within one month.',
    fi: 'Täällä käytät oikeuksiasi sinusta tallennettuihin henkilötietoihin. Kaikki on maksutonta, ja vastaamme kuukauden kuluessa.',
    sv: 'Här använder du dina rättigheter till de personuppgifter vi har om dig. Allt är kostnadsfritt och besvaras inom en månad.',
  },
  selfService: { en: 'Change it yourself', fi: 'Muuta itse', sv: 'Ändra själv' },
  consent: {
    en: 'Cookie and marketing choices (withdraw consent)',
    fi: 'Eväste- ja markkinointivalinnat (peruuta suostumus)',
    sv: 'Val för kakor och marknadsföring (återkalla samtycke)',
  },
  profile: {
    en: 'See and correct your profile',
    fi: 'Katso ja korjaa profiilisi',
    sv: 'Se och rätta din profil',
  },
  orders: { en: 'Your orders', fi: 'Tilauksesi', sv: 'Dina beställningar' },
  newsletter: { en: 'Newsletter', fi: 'Uutiskirje', sv: 'Nyhetsbrev' },
  makeRequest: { en: 'Make a request', fi: 'Tee pyyntö', sv: 'Gör en begäran' },
  requestType: { en: 'What do you ask for?', fi: 'Mitä pyydät?', sv: 'Vad begär du?' },
  send: { en: 'Send the request', fi: 'Lähetä pyyntö', sv: 'Skicka begäran' },
  created: {
    en: 'Your request was received. You can follow it below.',
    fi: 'Pyyntösi vastaanotettiin. Voit seurata sitä alla.',
    sv: 'Din begäran har tagits emot. Du kan följa den nedan.',
  },
  yourRequests: { en: 'Your requests', fi: 'Pyyntösi', sv: 'Dina begäranden' },
  none: { en: 'No requests yet.', fi: 'Ei vielä pyyntöjä.', sv: 'Inga begäranden ännu.' },
  type: { en: 'Request', fi: 'Pyyntö', sv: 'Begäran' },
  status: { en: 'Status', fi: 'Tila', sv: 'Status' },
  received: { en: 'Received', fi: 'Vastaanotettu', sv: 'Mottagen' },
  due: { en: 'Answer due', fi: 'Vastaus viimeistään', sv: 'Svar senast' },
  download: { en: 'Download', fi: 'Lataa', sv: 'Ladda ner' },
  downloadPackage: {
    en: 'Download (ZIP: summary, JSON, CSV)',
    fi: 'Lataa (ZIP: yhteenveto, JSON, CSV)',
    sv: 'Ladda ner (ZIP: sammanfattning, JSON, CSV)',
  },
  downloadPortable: {
    en: 'Download (ZIP: JSON, CSV)',
    fi: 'Lataa (ZIP: JSON, CSV)',
    sv: 'Ladda ner (ZIP: JSON, CSV)',
  },
  signedOut: {
    en: 'Sign in to make a request: your session confirms who you are, so we never ask for copies of identity documents.',
    fi: 'Kirjaudu sisään tehdäksesi pyynnön: istuntosi vahvistaa henkilöllisyytesi, joten emme koskaan pyydä kopioita henkilöllisyystodistuksista.',
    sv: 'Logga in för att göra en begäran: din session bekräftar vem du är, så vi ber aldrig om kopior av id-handlingar.',
  },
  signIn: { en: 'Sign in', fi: 'Kirjaudu sisään', sv: 'Logga in' },
  byEmail: {
    en: 'Without an account, write to',
    fi: 'Ilman tiliä kirjoita osoitteeseen',
    sv: 'Utan konto, skriv till',
  },
  complaint: {
    en: 'If you think we process your data unlawfully, you may complain to the Office of the Data Protection Ombudsman (tietosuoja.fi).',
    fi: 'Jos katsot, että käsittelemme tietojasi lainvastaisesti, voit tehdä valituksen Tietosuojavaltuutetun toimistolle (tietosuoja.fi).',
    sv: 'Om du anser att vi behandlar dina uppgifter olagligt kan du lämna in ett klagomål till Dataombudsmannens byrå (tietosuoja.fi).',
  },
} satisfies Record<string, Localized>;

export const typeLabels: Record<RequestType, Localized> = {
  access: {
    en: 'A copy of all my data (Art. 15)',
    fi: 'Kopio kaikista tiedoistani (15 art.)',
    sv: 'En kopia av alla mina uppgifter (art. 15)',
  },
  portability: {
    en: 'The data I provided, machine-readable (Art. 20)',
    fi: 'Antamani tiedot koneluettavassa muodossa (20 art.)',
    sv: 'De uppgifter jag lämnat, maskinläsbart (art. 20)',
  },
  rectification: {
    en: 'Correct data I cannot edit myself (Art. 16)',
    fi: 'Korjaa tiedot, joita en voi muokata itse (16 art.)',
    sv: 'Rätta uppgifter jag inte kan ändra själv (art. 16)',
  },
  erasure: {
    en: 'Close my account and erase my data (Art. 17)',
    fi: 'Sulje tilini ja poista tietoni (17 art.)',
    sv: 'Stäng mitt konto och radera mina uppgifter (art. 17)',
  },
  restriction: {
    en: 'Restrict processing: only store my data (Art. 18)',
    fi: 'Rajoita käsittelyä: vain säilytys (18 art.)',
    sv: 'Begränsa behandlingen: endast lagring (art. 18)',
  },
  objection: {
    en: 'Object to direct marketing and profiling (Art. 21)',
    fi: 'Vastusta suoramarkkinointia ja profilointia (21 art.)',
    sv: 'Invänd mot direktmarknadsföring och profilering (art. 21)',
  },
};

export const statusLabels: Record<RequestStatus, Localized> = {
  received: { en: 'Received', fi: 'Vastaanotettu', sv: 'Mottagen' },
  verified: { en: 'Verified', fi: 'Vahvistettu', sv: 'Verifierad' },
  running: { en: 'In progress', fi: 'Käsittelyssä', sv: 'Pågår' },
  done: { en: 'Done', fi: 'Valmis', sv: 'Klar' },
  refused: { en: 'Refused', fi: 'Hylätty', sv: 'Avslagen' },
  expired: {
    en: 'Expired, not confirmed',
    fi: 'Vanhentunut, ei vahvistettu',
    sv: 'Förfallen, inte bekräftad',
  },
  partial: {
    en: 'Done in part: some data is kept for a legal claim',
    fi: 'Osittain valmis: osa tiedoista säilytetään oikeudellista vaadetta varten',
    sv: 'Delvis klar: vissa uppgifter sparas för ett rättsligt anspråk',
  },
};
