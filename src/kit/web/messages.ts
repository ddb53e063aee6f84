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
} satisfies Record<string, Localized>;
