/** Words the page frame uses on every page. Feature pages keep their own messages beside them. */
import type { Localized } from './i18n.ts';

export const frame = {
  skip: { en: 'Skip to content', fi: 'Siirry sisältöön', sv: 'Hoppa till innehållet' },
  shop: { en: 'Shop', fi: 'Kauppa', sv: 'Butik' },
  cart: { en: 'Cart', fi: 'Ostoskori', sv: 'Varukorg' },
  account: { en: 'Account', fi: 'Oma tili', sv: 'Mitt konto' },
  privacy: { en: 'Privacy policy', fi: 'Tietosuojaseloste', sv: 'Integritetspolicy' },
  cookies: { en: 'Cookies', fi: 'Evästeet', sv: 'Kakor' },
  newsletter: { en: 'Newsletter', fi: 'Uutiskirje', sv: 'Nyhetsbrev' },
  privacyCenter: { en: 'Privacy center', fi: 'Tietosuojakeskus', sv: 'Integritetscenter' },
  cookieSettings: { en: 'Cookie settings', fi: 'Evästeasetukset', sv: 'Kakinställningar' },
  language: { en: 'Language', fi: 'Kieli', sv: 'Språk' },
  mainNav: { en: 'Main', fi: 'Päävalikko', sv: 'Huvudmeny' },
  notFound: { en: 'Page not found', fi: 'Sivua ei löytynyt', sv: 'Sidan hittades inte' },
  error: { en: 'Something went wrong', fi: 'Jokin meni vikaan', sv: 'Något gick fel' },
  back: { en: 'Back to the shop', fi: 'Takaisin kauppaan', sv: 'Tillbaka till butiken' },
  /** The meta description of a page that gives none of its own. */
  description: {
    en: 'HerSecret: lingerie, nightwear and loungewear from Kuopio, Finland, with a privacy policy kept as running code.',
    fi: 'HerSecret: alusasuja, yöasuja ja oleskeluasuja Kuopiosta. Tietosuojaselosteemme lupaukset toteutuvat ohjelmakoodina.',
    sv: 'HerSecret: underkläder, nattkläder och myskläder från Kuopio. Löftena i vår integritetspolicy hålls av programkod.',
  },
} satisfies Record<string, Localized>;

/**
 * What an error page says in Finnish and Swedish, by error code. Domain errors carry an English
 * message meant for API clients and logs; a page in another language explains the code instead.
 */
export const errorTexts: Record<string, Localized> = {
  bad_request: {
    en: 'The request could not be understood.',
    fi: 'Pyyntöä ei voitu käsitellä.',
    sv: 'Begäran kunde inte behandlas.',
  },
  validation_failed: {
    en: 'Some of the information given is not valid.',
    fi: 'Osa annetuista tiedoista ei kelpaa.',
    sv: 'En del av de uppgifter som angetts är inte giltiga.',
  },
  not_found: {
    en: 'There is no page at this address.',
    fi: 'Tässä osoitteessa ei ole sivua.',
    sv: 'Det finns ingen sida på den här adressen.',
  },
  unauthenticated: {
    en: 'Sign in to continue.',
    fi: 'Kirjaudu sisään jatkaaksesi.',
    sv: 'Logga in för att fortsätta.',
  },
  forbidden: {
    en: 'You do not have access to this page.',
    fi: 'Sinulla ei ole pääsyä tälle sivulle.',
    sv: 'Du har inte åtkomst till den här sidan.',
  },
  conflict: {
    en: 'This cannot be done in the current state.',
    fi: 'Tätä ei voi tehdä nykyisessä tilassa.',
    sv: 'Det går inte att göra i det nuvarande läget.',
  },
  rate_limited: {
    en: 'Too many attempts. Please wait a moment and try again.',
    fi: 'Liian monta yritystä. Odota hetki ja yritä uudelleen.',
    sv: 'För många försök. Vänta en stund och försök igen.',
  },
  payload_too_large: {
    en: 'The request is too large.',
    fi: 'Pyyntö on liian suuri.',
    sv: 'Begäran är för stor.',
  },
  unavailable: {
    en: 'The service is unavailable for a moment. Please try again soon.',
    fi: 'Palvelu ei ole hetkeen käytettävissä. Yritä pian uudelleen.',
    sv: 'Tjänsten är inte tillgänglig för tillfället. Försök igen snart.',
  },
  internal: {
    en: 'Something went wrong on our side. Please try again.',
    fi: 'Meillä meni jotain vikaan. Yritä uudelleen.',
    sv: 'Något gick fel hos oss. Försök igen.',
  },
};
