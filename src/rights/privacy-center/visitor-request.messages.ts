/** Words of the privacy center's pages for requests by email, in the store's three languages. */
import type { Localized } from '../../kit/web/i18n.ts';
import type { VisitorProblem } from './visitor-requests.service.ts';

export const vm = {
  title: {
    en: 'A request without an account',
    fi: 'Pyyntö ilman tiliä',
    sv: 'En begäran utan konto',
  },
  intro: {
    en: 'Give the email address we know you by and what you ask for. We send a link to that address; the request goes ahead once you confirm it there. We never ask for copies of identity documents.',
    fi: 'Anna sähköpostiosoite, jota olet käyttänyt asioidessasi kanssamme, ja valitse, mitä pyydät. Lähetämme linkin tähän osoitteeseen; pyyntö etenee, kun vahvistat sen. Emme koskaan pyydä kopioita henkilöllisyystodistuksista.',
    sv: 'Ange den e-postadress som du har använt hos oss och välj vad du begär. Vi skickar en länk till adressen; begäran går vidare när du bekräftar den där. Vi ber aldrig om kopior av id-handlingar.',
  },
  email: { en: 'Email address', fi: 'Sähköpostiosoite', sv: 'E-postadress' },
  emailHint: {
    en: 'The answer is sent to this address too.',
    fi: 'Myös vastaus lähetetään tähän osoitteeseen.',
    sv: 'Svaret skickas också till den här adressen.',
  },
  type: { en: 'What do you ask for?', fi: 'Mitä pyydät?', sv: 'Vad begär du?' },
  send: { en: 'Send the request', fi: 'Lähetä pyyntö', sv: 'Skicka begäran' },
  errorSummary: {
    en: 'Please correct the following:',
    fi: 'Korjaa seuraavat kohdat:',
    sv: 'Rätta följande:',
  },
  checkTitle: { en: 'Check your email', fi: 'Tarkista sähköpostisi', sv: 'Kolla din e-post' },
  checkEmail: {
    en: 'If the address is right, a message with a confirmation link is on its way to it. Open the link within 24 hours and confirm the request there.',
    fi: 'Jos osoite on oikein, sinne on matkalla viesti, jossa on vahvistuslinkki. Avaa linkki 24 tunnin kuluessa ja vahvista pyyntö.',
    sv: 'Om adressen stämmer är ett meddelande med en bekräftelselänk på väg dit. Öppna länken inom 24 timmar och bekräfta begäran där.',
  },
  confirmTitle: {
    en: 'Confirm your request',
    fi: 'Vahvista pyyntösi',
    sv: 'Bekräfta din begäran',
  },
  confirmIntro: {
    en: 'Confirm that you made this request:',
    fi: 'Vahvista, että teit tämän pyynnön:',
    sv: 'Bekräfta att du gjorde den här begäran:',
  },
  confirm: { en: 'Confirm the request', fi: 'Vahvista pyyntö', sv: 'Bekräfta begäran' },
  confirmedTitle: {
    en: 'Request confirmed',
    fi: 'Pyyntö vahvistettu',
    sv: 'Begäran bekräftad',
  },
  confirmed: {
    en: 'Thank you: your request is confirmed and being carried out. We answer by email within one month at the latest; a copy of your data usually arrives within minutes.',
    fi: 'Kiitos: pyyntösi on vahvistettu ja käsittelyssä. Vastaamme sähköpostitse viimeistään kuukauden kuluessa; kopio tiedoistasi saapuu yleensä muutamassa minuutissa.',
    sv: 'Tack: din begäran är bekräftad och behandlas. Vi svarar per e-post senast inom en månad; en kopia av dina uppgifter kommer oftast inom några minuter.',
  },
  invalidTitle: {
    en: 'This link no longer works',
    fi: 'Linkki ei enää toimi',
    sv: 'Länken fungerar inte längre',
  },
  invalid: {
    en: 'This link has expired or was already used. Please make the request again.',
    fi: 'Linkki on vanhentunut tai jo käytetty. Tee pyyntö uudelleen.',
    sv: 'Länken har gått ut eller redan använts. Gör begäran på nytt.',
  },
  again: { en: 'Make a request', fi: 'Tee pyyntö', sv: 'Gör en begäran' },
  entry: {
    en: 'No account, or cannot sign in? Make a request with your email address',
    fi: 'Ei tiliä tai et pääse kirjautumaan? Tee pyyntö sähköpostiosoitteellasi',
    sv: 'Inget konto, eller kan du inte logga in? Gör en begäran med din e-postadress',
  },
} satisfies Record<string, Localized>;

export const problemTexts: Record<VisitorProblem, Localized> = {
  email_required: {
    en: 'Enter your email address.',
    fi: 'Anna sähköpostiosoitteesi.',
    sv: 'Ange din e-postadress.',
  },
  email_invalid: {
    en: 'Enter an email address like name@example.com.',
    fi: 'Anna sähköpostiosoite muodossa nimi@example.com.',
    sv: 'Ange en e-postadress som namn@example.com.',
  },
  type_invalid: {
    en: 'Choose what you ask for.',
    fi: 'Valitse, mitä pyydät.',
    sv: 'Välj vad du begär.',
  },
};
