/** Words of the account pages, in English, Finnish and Swedish. */
import type { Localized } from '../kit/web/i18n.ts';
import type { Problem } from './account-input.ts';

export const m = {
  registerTitle: { en: 'Create an account', fi: 'Luo tili', sv: 'Skapa konto' },
  signInTitle: { en: 'Sign in', fi: 'Kirjaudu sisään', sv: 'Logga in' },
  profileTitle: { en: 'Your account', fi: 'Tilisi', sv: 'Ditt konto' },
  verifyTitle: {
    en: 'Email address confirmed',
    fi: 'Sähköpostiosoite vahvistettu',
    sv: 'E-postadressen är bekräftad',
  },
  resetTitle: { en: 'Reset your password', fi: 'Vaihda salasana', sv: 'Återställ lösenordet' },
  checkEmailTitle: { en: 'Check your email', fi: 'Tarkista sähköpostisi', sv: 'Kolla din e-post' },
  emailChangedTitle: {
    en: 'Email address changed',
    fi: 'Sähköpostiosoite vaihdettu',
    sv: 'E-postadressen har ändrats',
  },
  linkInvalidTitle: {
    en: 'This link does not work',
    fi: 'Linkki ei toimi',
    sv: 'Länken fungerar inte',
  },
  email: { en: 'Email address', fi: 'Sähköpostiosoite', sv: 'E-postadress' },
  newEmail: { en: 'New email address', fi: 'Uusi sähköpostiosoite', sv: 'Ny e-postadress' },
  password: { en: 'Password', fi: 'Salasana', sv: 'Lösenord' },
  newPassword: { en: 'New password', fi: 'Uusi salasana', sv: 'Nytt lösenord' },
  passwordHint: {
    en: 'At least 8 characters. A long phrase is easy to remember and hard to guess.',
    fi: 'Vähintään 8 merkkiä. Pitkä lause on helppo muistaa ja vaikea arvata.',
    sv: 'Minst 8 tecken. En lång fras är lätt att minnas och svår att gissa.',
  },
  name: { en: 'Name', fi: 'Nimi', sv: 'Namn' },
  phone: { en: 'Phone (optional)', fi: 'Puhelin (vapaaehtoinen)', sv: 'Telefon (valfritt)' },
  address: {
    en: 'Postal address (optional)',
    fi: 'Postiosoite (vapaaehtoinen)',
    sv: 'Postadress (valfritt)',
  },
  birthday: {
    en: 'Birthday (optional, YYYY-MM-DD)',
    fi: 'Syntymäpäivä (vapaaehtoinen, VVVV-KK-PP)',
    sv: 'Födelsedag (valfritt, ÅÅÅÅ-MM-DD)',
  },
  optionalNote: {
    en: 'Optional fields are yours to fill in or leave empty; you can clear them later in your account.',
    fi: 'Vapaaehtoiset kentät voit täyttää tai jättää tyhjiksi; voit tyhjentää ne myöhemmin tililläsi.',
    sv: 'Valfria fält fyller du i eller lämnar tomma; du kan tömma dem senare i ditt konto.',
  },
  acceptPolicy: {
    en: 'I have read the privacy policy (version {v}).',
    fi: 'Olen lukenut tietosuojaselosteen (versio {v}).',
    sv: 'Jag har läst integritetspolicyn (version {v}).',
  },
  policyLink: {
    en: 'Read the privacy policy',
    fi: 'Lue tietosuojaseloste',
    sv: 'Läs integritetspolicyn',
  },
  register: { en: 'Create account', fi: 'Luo tili', sv: 'Skapa konto' },
  signIn: { en: 'Sign in', fi: 'Kirjaudu', sv: 'Logga in' },
  signOut: { en: 'Sign out', fi: 'Kirjaudu ulos', sv: 'Logga ut' },
  save: { en: 'Save', fi: 'Tallenna', sv: 'Spara' },
  saved: {
    en: 'Your changes were saved.',
    fi: 'Muutokset tallennettiin.',
    sv: 'Dina ändringar har sparats.',
  },
  changeEmail: {
    en: 'Change email address',
    fi: 'Vaihda sähköpostiosoite',
    sv: 'Byt e-postadress',
  },
  sendLink: { en: 'Send the link', fi: 'Lähetä linkki', sv: 'Skicka länken' },
  setPassword: {
    en: 'Set the new password',
    fi: 'Aseta uusi salasana',
    sv: 'Ange det nya lösenordet',
  },
  forgot: { en: 'Forgot your password?', fi: 'Unohditko salasanasi?', sv: 'Glömt lösenordet?' },
  noAccount: {
    en: 'New here? Create an account',
    fi: 'Uusi asiakas? Luo tili',
    sv: 'Ny här? Skapa ett konto',
  },
  haveAccount: {
    en: 'Already have an account? Sign in',
    fi: 'Onko sinulla jo tili? Kirjaudu',
    sv: 'Har du redan ett konto? Logga in',
  },
  or: { en: 'Or sign in with', fi: 'Tai kirjaudu palvelulla', sv: 'Eller logga in med' },
  withGoogle: { en: 'Sign in with Google', fi: 'Kirjaudu Googlella', sv: 'Logga in med Google' },
  withFacebook: {
    en: 'Sign in with Facebook',
    fi: 'Kirjaudu Facebookilla',
    sv: 'Logga in med Facebook',
  },
  demo: { en: '(demo)', fi: '(demo)', sv: '(demo)' },
  providerNote: {
    en: 'Signing in with a provider for the first time creates an account under privacy policy version {v}. We record the name and email address the provider sends us, with its source and time.',
    fi: 'Ensimmäinen kirjautuminen palvelulla luo tilin tietosuojaselosteen version {v} mukaisesti. Tallennamme palvelun meille lähettämän nimen ja sähköpostiosoitteen sekä niiden lähteen ja ajan.',
    sv: 'Första inloggningen med en tjänst skapar ett konto enligt integritetspolicyns version {v}. Vi sparar namnet och e-postadressen tjänsten skickar oss, med källa och tidpunkt.',
  },
  receivedFrom: {
    en: 'We received your email address and sign-in details from {source}. We are emailing you what we received, why, how long we keep it and your rights; the privacy policy says the same.',
    fi: 'Saimme sähköpostiosoitteesi ja kirjautumistietosi palvelusta {source}. Lähetämme sinulle sähköpostitse, mitä saimme, miksi, kuinka kauan säilytämme tiedot ja mitkä oikeutesi ovat; tietosuojaseloste kertoo saman.',
    sv: 'Vi fick din e-postadress och dina inloggningsuppgifter från {source}. Vi skickar dig per e-post vad vi fick, varför, hur länge vi sparar det och vilka dina rättigheter är; integritetspolicyn säger detsamma.',
  },
  checkEmail: {
    en: 'If the address can be used, we have sent a message to it. Open the link in the message to continue. You can sign in meanwhile.',
    fi: 'Jos osoitetta voi käyttää, lähetimme siihen viestin. Jatka avaamalla viestin linkki. Voit kirjautua sillä välin.',
    sv: 'Om adressen kan användas har vi skickat ett meddelande till den. Öppna länken i meddelandet för att fortsätta. Du kan logga in under tiden.',
  },
  verified: {
    en: 'Thank you: your email address is confirmed.',
    fi: 'Kiitos: sähköpostiosoitteesi on vahvistettu.',
    sv: 'Tack: din e-postadress är bekräftad.',
  },
  emailChanged: {
    en: 'Your account now uses the new email address.',
    fi: 'Tilisi käyttää nyt uutta sähköpostiosoitetta.',
    sv: 'Ditt konto använder nu den nya e-postadressen.',
  },
  resetDone: {
    en: 'Your password was changed. Sign in with the new one.',
    fi: 'Salasanasi vaihdettiin. Kirjaudu uudella salasanalla.',
    sv: 'Ditt lösenord har ändrats. Logga in med det nya.',
  },
  resetIntro: {
    en: 'Enter your email address and we will send you a link to choose a new password.',
    fi: 'Anna sähköpostiosoitteesi, niin lähetämme linkin uuden salasanan valintaan.',
    sv: 'Ange din e-postadress så skickar vi en länk för att välja ett nytt lösenord.',
  },
  unverified: {
    en: 'Your email address is not confirmed yet.',
    fi: 'Sähköpostiosoitettasi ei ole vielä vahvistettu.',
    sv: 'Din e-postadress är inte bekräftad än.',
  },
  resend: {
    en: 'Send the confirmation link again',
    fi: 'Lähetä vahvistuslinkki uudelleen',
    sv: 'Skicka bekräftelselänken igen',
  },
  verifiedBadge: { en: 'confirmed', fi: 'vahvistettu', sv: 'bekräftad' },
  erased: { en: '(erased)', fi: '(poistettu)', sv: '(raderad)' },
  yourData: { en: 'Your details', fi: 'Tietosi', sv: 'Dina uppgifter' },
  signIns: {
    en: 'Linked sign-in services',
    fi: 'Liitetyt kirjautumispalvelut',
    sv: 'Kopplade inloggningstjänster',
  },
  signInsNote: {
    en: 'Data received from {source} on {date} (name, email address, account id).',
    fi: 'Tiedot saatu palvelusta {source} {date} (nimi, sähköpostiosoite, tunnus).',
    sv: 'Uppgifter mottagna från {source} den {date} (namn, e-postadress, konto-id).',
  },
  policyAccepted: {
    en: 'Privacy policy version at registration',
    fi: 'Tietosuojaselosteen versio rekisteröityessä',
    sv: 'Integritetspolicyns version vid registrering',
  },
  errorSummary: {
    en: 'Please correct the following:',
    fi: 'Korjaa seuraavat kohdat:',
    sv: 'Rätta följande:',
  },
  badCredentials: {
    en: 'The email address or password is not correct.',
    fi: 'Sähköpostiosoite tai salasana on väärin.',
    sv: 'E-postadressen eller lösenordet är fel.',
  },
  tooMany: {
    en: 'Too many attempts. Try again in {s} seconds.',
    fi: 'Liian monta yritystä. Yritä uudelleen {s} sekunnin kuluttua.',
    sv: 'För många försök. Försök igen om {s} sekunder.',
  },
  clearHint: {
    en: 'Leave an optional field empty to remove it.',
    fi: 'Jätä vapaaehtoinen kenttä tyhjäksi poistaaksesi sen.',
    sv: 'Lämna ett valfritt fält tomt för att ta bort det.',
  },
  currentEmail: {
    en: 'Current email address',
    fi: 'Nykyinen sähköpostiosoite',
    sv: 'Nuvarande e-postadress',
  },
} satisfies Record<string, Localized>;

export const problemTexts: Record<Problem, Localized> = {
  email_required: {
    en: 'Enter your email address.',
    fi: 'Anna sähköpostiosoitteesi.',
    sv: 'Ange din e-postadress.',
  },
  email_invalid: {
    en: 'Enter an email address like name@example.com.',
    fi: 'Anna sähköpostiosoite muodossa nimi@esimerkki.fi.',
    sv: 'Ange en e-postadress som namn@exempel.se.',
  },
  email_long: {
    en: 'An email address has at most 254 characters.',
    fi: 'Sähköpostiosoitteessa on enintään 254 merkkiä.',
    sv: 'En e-postadress har högst 254 tecken.',
  },
  email_same: {
    en: 'This is already your email address.',
    fi: 'Tämä on jo sähköpostiosoitteesi.',
    sv: 'Det här är redan din e-postadress.',
  },
  password_required: { en: 'Enter a password.', fi: 'Anna salasana.', sv: 'Ange ett lösenord.' },
  password_short: {
    en: 'Use at least 8 characters.',
    fi: 'Käytä vähintään 8 merkkiä.',
    sv: 'Använd minst 8 tecken.',
  },
  password_long: {
    en: 'Use at most 256 characters.',
    fi: 'Käytä enintään 256 merkkiä.',
    sv: 'Använd högst 256 tecken.',
  },
  password_common: {
    en: 'This password is too common. Choose one that is harder to guess.',
    fi: 'Salasana on liian yleinen. Valitse vaikeammin arvattava.',
    sv: 'Lösenordet är för vanligt. Välj ett som är svårare att gissa.',
  },
  password_wrong: {
    en: 'The password is not correct.',
    fi: 'Salasana on väärin.',
    sv: 'Lösenordet är fel.',
  },
  name_required: { en: 'Enter your name.', fi: 'Anna nimesi.', sv: 'Ange ditt namn.' },
  name_long: {
    en: 'A name has at most 200 characters.',
    fi: 'Nimessä on enintään 200 merkkiä.',
    sv: 'Ett namn har högst 200 tecken.',
  },
  phone_invalid: {
    en: 'Enter a phone number of digits, spaces and an optional leading +.',
    fi: 'Anna puhelinnumero numeroina, välilyönnein ja mahdollisella +-merkillä alussa.',
    sv: 'Ange ett telefonnummer med siffror, mellanslag och ett valfritt inledande +.',
  },
  address_long: {
    en: 'An address has at most 500 characters.',
    fi: 'Osoitteessa on enintään 500 merkkiä.',
    sv: 'En adress har högst 500 tecken.',
  },
  birthday_invalid: {
    en: 'Enter a date in the past, as YYYY-MM-DD.',
    fi: 'Anna mennyt päivämäärä muodossa VVVV-KK-PP.',
    sv: 'Ange ett datum i det förflutna, som ÅÅÅÅ-MM-DD.',
  },
  policy_required: {
    en: 'Confirm that you have read the privacy policy to create an account.',
    fi: 'Vahvista lukeneesi tietosuojaselosteen luodaksesi tilin.',
    sv: 'Bekräfta att du har läst integritetspolicyn för att skapa ett konto.',
  },
  token_invalid: {
    en: 'This link is invalid, used or expired. Ask for a new one.',
    fi: 'Linkki on virheellinen, käytetty tai vanhentunut. Pyydä uusi.',
    sv: 'Länken är ogiltig, använd eller har gått ut. Be om en ny.',
  },
};
