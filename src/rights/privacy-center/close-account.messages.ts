/** Words of the close-account pages (/privacy-center/close-account), in three languages. */
import type { Localized } from '../../kit/web/i18n.ts';
import type { CloseField, CloseProblem } from './close-account.service.ts';

export const messages = {
  link: {
    en: 'Close your account (erase your data)',
    fi: 'Sulje tilisi (poista tietosi)',
    sv: 'Avsluta ditt konto (radera dina uppgifter)',
  },
  title: { en: 'Close your account', fi: 'Sulje tilisi', sv: 'Avsluta ditt konto' },
  intro: {
    en: 'Closing your account erases your personal data (GDPR Art. 17). Read what will happen before you confirm.',
    fi: 'Tilin sulkeminen poistaa henkilötietosi (tietosuoja-asetuksen 17 artikla). Lue, mitä tapahtuu, ennen kuin vahvistat.',
    sv: 'När du avslutar ditt konto raderas dina personuppgifter (dataskyddsförordningen art. 17). Läs vad som händer innan du bekräftar.',
  },
  deletedTitle: {
    en: 'What will be deleted',
    fi: 'Mitä poistetaan',
    sv: 'Vad som raderas',
  },
  kept: {
    en: 'What will be kept, why and until when',
    fi: 'Mitä säilytetään, miksi ja mihin asti',
    sv: 'Vad som sparas, varför och till när',
  },
  keptIntro: {
    en: 'The law requires us to keep the accounting vouchers of your orders (receipts and invoices). They are locked under a separate accounting key, used for nothing else, and destroyed when their period ends.',
    fi: 'Laki velvoittaa meidät säilyttämään tilaustesi kirjanpitotositteet (kuitit ja laskut). Ne lukitaan erillisellä kirjanpitoavaimella, niitä ei käytetä muuhun, ja ne tuhotaan ajan päätyttyä.',
    sv: 'Lagen kräver att vi sparar bokföringsverifikationerna för dina beställningar (kvitton och fakturor). De låses under en separat bokföringsnyckel, används inte till något annat och förstörs när tiden gått ut.',
  },
  nothingKept: {
    en: 'You have no orders: nothing will be kept.',
    fi: 'Sinulla ei ole tilauksia: mitään ei säilytetä.',
    sv: 'Du har inga beställningar: inget sparas.',
  },
  heldTitle: {
    en: 'Kept for now because of a legal claim',
    fi: 'Säilytetään toistaiseksi oikeudellisen vaateen vuoksi',
    sv: 'Sparas tills vidare på grund av ett rättsligt anspråk',
  },
  heldIntro: {
    en: 'Some of your data is needed for the establishment, exercise or defence of legal claims (GDPR Art. 17(3)(e)), so it will not be erased yet:',
    fi: 'Osa tiedoistasi on tarpeen oikeudellisen vaateen laatimiseksi, esittämiseksi tai puolustamiseksi (tietosuoja-asetuksen 17 artiklan 3 kohdan e alakohta), joten niitä ei poisteta vielä:',
    sv: 'En del av dina uppgifter behövs för att fastställa, göra gällande eller försvara rättsliga anspråk (dataskyddsförordningen art. 17.3 e), så de raderas inte ännu:',
  },
  heldOrder: {
    en: 'Order {ref}, with the contact details of its buyer',
    fi: 'Tilaus {ref} ja sen ostajan yhteystiedot',
    sv: 'Beställning {ref} med köparens kontaktuppgifter',
  },
  heldUntil: {
    en: 'It is kept, used for nothing else, until {date} at the latest, and then erased. We will email you when it is. Everything else is erased as described on this page.',
    fi: 'Tietoja säilytetään enintään {date} asti, eikä niitä käytetä muuhun. Sen jälkeen ne poistetaan, ja ilmoitamme sinulle sähköpostitse, kun poisto on tehty. Kaikki muu poistetaan tällä sivulla kuvatulla tavalla.',
    sv: 'Uppgifterna sparas längst till och med {date}, används inte till något annat och raderas sedan. Vi meddelar dig per e-post när de är raderade. Allt annat raderas så som beskrivs på denna sida.',
  },
  order: { en: 'Order', fi: 'Tilaus', sv: 'Beställning' },
  date: { en: 'Date', fi: 'Päivämäärä', sv: 'Datum' },
  what: { en: 'What is kept', fi: 'Mitä säilytetään', sv: 'Vad som sparas' },
  until: { en: 'Kept until', fi: 'Säilytysaika päättyy', sv: 'Sparas till och med' },
  why: { en: 'Why', fi: 'Miksi', sv: 'Varför' },
  irreversible: {
    en: 'This cannot be undone. The account cannot be restored. Your email address can be used to register again, but only as a new customer, with no link to your old orders, reviews or choices.',
    fi: 'Tätä ei voi kumota. Tiliä ei voi palauttaa. Sähköpostiosoitteellasi voi rekisteröityä uudelleen, mutta vain uutena asiakkaana, ilman yhteyttä vanhoihin tilauksiisi, arvosteluihisi tai valintoihisi.',
    sv: 'Detta kan inte ångras. Kontot kan inte återställas. Din e-postadress kan användas för att registrera dig igen, men bara som ny kund, utan koppling till dina gamla beställningar, recensioner eller val.',
  },
  emailNote: {
    en: 'We will email you a confirmation of what was erased and what was kept, why and until when.',
    fi: 'Lähetämme sähköpostitse vahvistuksen siitä, mitä poistettiin ja mitä säilytettiin, miksi ja mihin asti.',
    sv: 'Vi skickar en bekräftelse per e-post om vad som raderades och vad som sparades, varför och till när.',
  },
  confirmTitle: { en: 'Confirm', fi: 'Vahvista', sv: 'Bekräfta' },
  understood: {
    en: 'I understand that closing my account erases my data and cannot be undone',
    fi: 'Ymmärrän, että tilin sulkeminen poistaa tietoni eikä sitä voi kumota',
    sv: 'Jag förstår att avslutandet raderar mina uppgifter och inte kan ångras',
  },
  password: {
    en: 'Your current password',
    fi: 'Nykyinen salasanasi',
    sv: 'Ditt nuvarande lösenord',
  },
  typeWord: {
    en: 'Type CLOSE to confirm',
    fi: 'Kirjoita SULJE vahvistaaksesi',
    sv: 'Skriv STÄNG för att bekräfta',
  },
  typeWordHint: {
    en: 'You sign in with Google or Facebook, so there is no password to ask for.',
    fi: 'Kirjaudut Googlella tai Facebookilla, joten salasanaa ei voi kysyä.',
    sv: 'Du loggar in med Google eller Facebook, så det finns inget lösenord att fråga efter.',
  },
  submit: {
    en: 'Close my account for good',
    fi: 'Sulje tilini lopullisesti',
    sv: 'Avsluta mitt konto för gott',
  },
  notClosed: {
    en: 'Your account was not closed:',
    fi: 'Tiliäsi ei suljettu:',
    sv: 'Ditt konto avslutades inte:',
  },
  back: {
    en: 'Back to the privacy center',
    fi: 'Takaisin tietosuojakeskukseen',
    sv: 'Tillbaka till integritetscentret',
  },
  closedTitle: {
    en: 'Your account is being closed',
    fi: 'Tiliäsi suljetaan',
    sv: 'Ditt konto avslutas',
  },
  closed: {
    en: 'You are signed out. The erasure of your data is under way; we will email you a confirmation of what was erased and what was kept, why and until when.',
    fi: 'Sinut on kirjattu ulos. Tietojesi poistaminen on käynnissä; lähetämme sähköpostitse vahvistuksen siitä, mitä poistettiin ja mitä säilytettiin, miksi ja mihin asti.',
    sv: 'Du är utloggad. Raderingen av dina uppgifter pågår; vi skickar en bekräftelse per e-post om vad som raderades och vad som sparades, varför och till när.',
  },
} satisfies Record<string, Localized>;

/** What is deleted, in the customer's words (the manifest's categories behind each). */
export const deletedItems: Localized[] = [
  {
    en: 'Your profile: name, email address, phone number, date of birth, and your password',
    fi: 'Profiilisi: nimi, sähköpostiosoite, puhelinnumero, syntymäaika ja salasanasi',
    sv: 'Din profil: namn, e-postadress, telefonnummer, födelsedatum och ditt lösenord',
  },
  {
    en: 'Your addresses, and the delivery details of your orders',
    fi: 'Osoitteesi sekä tilaustesi toimitustiedot',
    sv: 'Dina adresser och leveransuppgifterna för dina beställningar',
  },
  {
    en: 'Marketing: the newsletter and SMS subscriptions (only a keyed hash remains, so we never write to you again)',
    fi: 'Markkinointi: uutiskirje- ja tekstiviestitilaukset (vain avainnettu tiiviste jää, jotta emme kirjoita sinulle enää)',
    sv: 'Marknadsföring: prenumerationer på nyhetsbrev och sms (bara en nyckelhashad kod finns kvar, så att vi aldrig skriver till dig igen)',
  },
  {
    en: 'Your browsing history and the recommendations made from it',
    fi: 'Selaushistoriasi ja sen perusteella tehdyt suositukset',
    sv: 'Din webbhistorik och rekommendationerna som gjorts utifrån den',
  },
  {
    en: 'The reviews you wrote',
    fi: 'Kirjoittamasi arvostelut',
    sv: 'Recensionerna du skrivit',
  },
  {
    en: 'Your sign-in sessions and Google or Facebook links',
    fi: 'Kirjautumisistuntosi sekä Google- tai Facebook-linkitykset',
    sv: 'Dina inloggningssessioner och kopplingar till Google eller Facebook',
  },
  {
    en: 'The link between you and the pseudonym we use towards analytics and partners',
    fi: 'Yhteys sinun ja analytiikassa ja kumppaneiden kanssa käyttämämme pseudonyymin välillä',
    sv: 'Kopplingen mellan dig och den pseudonym vi använder i analysen och gentemot våra partner',
  },
];

export const problemTexts: Record<CloseField, Partial<Record<CloseProblem, Localized>>> = {
  understood: {
    required: {
      en: 'Tick the box to confirm that you understand.',
      fi: 'Rastita ruutu vahvistaaksesi, että ymmärrät.',
      sv: 'Kryssa i rutan för att bekräfta att du förstår.',
    },
  },
  password: {
    required: {
      en: 'Enter your current password.',
      fi: 'Anna nykyinen salasanasi.',
      sv: 'Ange ditt nuvarande lösenord.',
    },
    wrong_password: {
      en: 'The password is not correct.',
      fi: 'Salasana ei ole oikein.',
      sv: 'Lösenordet är inte korrekt.',
    },
  },
  confirmation: {
    required: {
      en: 'Type the word to confirm.',
      fi: 'Kirjoita sana vahvistaaksesi.',
      sv: 'Skriv ordet för att bekräfta.',
    },
    wrong_word: {
      en: 'Type the word exactly as shown.',
      fi: 'Kirjoita sana täsmälleen kuten näytetty.',
      sv: 'Skriv ordet exakt som det visas.',
    },
  },
};
