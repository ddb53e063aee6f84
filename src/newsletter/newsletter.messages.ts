/** Words of the newsletter pages, in the shop's three languages. */
import type { Localized } from '../kit/web/i18n.ts';

export const m = {
  title: { en: 'Newsletter', fi: 'Uutiskirje', sv: 'Nyhetsbrev' },
  consent: {
    en: 'Yes, send me the HerSecret newsletter about new products and sale offers by email. You can unsubscribe at any time with one click in every message.',
    fi: 'Kyllä, lähettäkää minulle HerSecretin uutiskirje uutuuksista ja tarjouksista sähköpostitse. Voit peruuttaa tilauksen milloin tahansa yhdellä napsautuksella jokaisessa viestissä.',
    sv: 'Ja, skicka mig HerSecrets nyhetsbrev om nyheter och erbjudanden per e-post. Du kan avsluta prenumerationen när som helst med ett klick i varje meddelande.',
  } satisfies Localized,
  smsConsent: {
    en: 'Also send me offers by SMS to this number (optional, a separate consent).',
    fi: 'Lähettäkää tarjouksia myös tekstiviestinä tähän numeroon (valinnainen, erillinen suostumus).',
    sv: 'Skicka även erbjudanden per sms till det här numret (valfritt, ett separat samtycke).',
  } satisfies Localized,
  email: { en: 'Email address', fi: 'Sähköpostiosoite', sv: 'E-postadress' },
  smsLegend: { en: 'Offers by SMS', fi: 'Tarjoukset tekstiviestillä', sv: 'Erbjudanden per sms' },
  phone: { en: 'Mobile number', fi: 'Matkapuhelinnumero', sv: 'Mobilnummer' },
  subscribe: { en: 'Subscribe', fi: 'Tilaa', sv: 'Prenumerera' },
  badEmail: {
    en: 'Enter a valid email address.',
    fi: 'Anna kelvollinen sähköpostiosoite.',
    sv: 'Ange en giltig e-postadress.',
  },
  badPhone: {
    en: 'Enter a valid mobile number, e.g. +358 40 123 4567.',
    fi: 'Anna kelvollinen matkapuhelinnumero, esim. +358 40 123 4567.',
    sv: 'Ange ett giltigt mobilnummer, t.ex. +358 40 123 4567.',
  },
  checkInbox: {
    en: 'Almost done: we sent a confirmation link to the address. The subscription starts when you open it.',
    fi: 'Melkein valmista: lähetimme vahvistuslinkin osoitteeseen. Tilaus alkaa, kun avaat sen.',
    sv: 'Nästan klart: vi skickade en bekräftelselänk till adressen. Prenumerationen börjar när du öppnar den.',
  },
  confirmed: {
    en: 'Thank you! Your newsletter subscription is confirmed.',
    fi: 'Kiitos! Uutiskirjeen tilauksesi on vahvistettu.',
    sv: 'Tack! Din prenumeration på nyhetsbrevet är bekräftad.',
  },
  unsubscribeTitle: {
    en: 'Unsubscribe from the newsletter',
    fi: 'Peruuta uutiskirjeen tilaus',
    sv: 'Avsluta prenumerationen på nyhetsbrevet',
  },
  unsubscribeButton: { en: 'Unsubscribe', fi: 'Peruuta tilaus', sv: 'Avsluta prenumerationen' },
  unsubscribed: {
    en: 'You are unsubscribed. We will send you no more newsletters or SMS offers.',
    fi: 'Tilauksesi on peruutettu. Emme lähetä sinulle enää uutiskirjeitä tai tekstiviestitarjouksia.',
    sv: 'Din prenumeration är avslutad. Vi skickar inga fler nyhetsbrev eller sms-erbjudanden.',
  },
} satisfies Record<string, Localized>;
