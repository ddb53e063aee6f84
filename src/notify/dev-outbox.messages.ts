/** Words of the development outbox page, in the shop's three languages. */
import type { Localized } from '../kit/web/i18n.ts';

export const m = {
  title: {
    en: 'Outbox (development)',
    fi: 'Lähtevät viestit (kehitystila)',
    sv: 'Utkorg (utvecklingsläge)',
  },
  intro: {
    en: 'Without SMTP_URL, email is kept here sealed instead of being sent, and deleted after 7 days. Only development mode on this computer shows this page.',
    fi: 'Ilman SMTP_URL-asetusta sähköpostit säilytetään täällä salattuina lähettämisen sijaan ja poistetaan 7 päivän kuluttua. Sivu näkyy vain kehitystilassa tällä tietokoneella.',
    sv: 'Utan SMTP_URL sparas e-post här krypterad i stället för att skickas, och raderas efter 7 dagar. Sidan visas bara i utvecklingsläge på den här datorn.',
  } satisfies Localized,
  empty: { en: 'No email.', fi: 'Ei sähköposteja.', sv: 'Ingen e-post.' },
  time: { en: 'Time', fi: 'Aika', sv: 'Tid' },
  to: { en: 'To', fi: 'Vastaanottaja', sv: 'Till' },
  subject: { en: 'Subject', fi: 'Aihe', sv: 'Ämne' },
  erased: {
    en: 'Unreadable: the customer was erased.',
    fi: 'Ei luettavissa: asiakkaan tiedot on poistettu.',
    sv: 'Oläsligt: kundens uppgifter har raderats.',
  } satisfies Localized,
  back: { en: 'All email', fi: 'Kaikki viestit', sv: 'All e-post' },
  badId: {
    en: 'The message id is a UUID.',
    fi: 'Viestin tunniste on UUID.',
    sv: 'Meddelandets id är ett UUID.',
  } satisfies Localized,
  missing: {
    en: 'There is no such email (email is kept for 7 days).',
    fi: 'Viestiä ei ole (viestejä säilytetään 7 päivää).',
    sv: 'Meddelandet finns inte (e-post sparas i 7 dagar).',
  } satisfies Localized,
};
