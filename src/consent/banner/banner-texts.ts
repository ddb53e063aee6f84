/**
 * The banner's own words in English, Finnish and Swedish. The categories and cookies come from the
 * manifest; these are the buttons and sentences around them. Changing a word changes the text
 * hash, so the ledger keeps proof of exactly what each person was shown.
 */
import type { Lang } from '../../kit/web/i18n.ts';

export interface BannerTexts {
  title: string;
  body: string;
  acceptAll: string;
  rejectAll: string;
  choose: string;
  save: string;
  close: string;
  signalHonoured: string;
  settings: string;
  alwaysOn: string;
  cookies: string;
  privacyLink: { href: string; label: string };
}

export const bannerTexts: Record<Lang, BannerTexts> = {
  en: {
    title: 'Cookies on HerSecret',
    body: 'We use functional cookies to run the shop. With your permission we also use analytics, marketing and personalisation cookies. You can change your choice at any time from "Cookie settings".',
    acceptAll: 'Accept all',
    rejectAll: 'Reject all',
    choose: 'Choose',
    save: 'Save choices',
    close: 'Close',
    signalHonoured:
      'Your browser asks sites not to track you (Global Privacy Control or Do Not Track). We have switched off every non-essential category.',
    settings: 'Cookie settings',
    alwaysOn: 'Always on',
    cookies: 'Cookies',
    privacyLink: { href: '/privacy?lang=en', label: 'Privacy policy' },
  },
  fi: {
    title: 'Evästeet HerSecretissä',
    body: 'Käytämme kaupan toimintaan toiminnallisia evästeitä. Suostumuksellasi käytämme myös analytiikka-, markkinointi- ja personointievästeitä. Voit muuttaa valintaasi milloin tahansa kohdasta "Evästeasetukset".',
    acceptAll: 'Hyväksy kaikki',
    rejectAll: 'Hylkää kaikki',
    choose: 'Valitse',
    save: 'Tallenna valinnat',
    close: 'Sulje',
    signalHonoured:
      'Selaimesi pyytää sivustoja olemaan seuraamatta sinua (Global Privacy Control tai Do Not Track). Olemme kytkeneet pois kaikki muut kuin toiminnalliset evästeet.',
    settings: 'Evästeasetukset',
    alwaysOn: 'Aina käytössä',
    cookies: 'Evästeet',
    privacyLink: { href: '/privacy?lang=fi', label: 'Tietosuojaseloste' },
  },
  sv: {
    title: 'Kakor på HerSecret',
    body: 'Vi använder funktionella kakor för att driva butiken. Med ditt samtycke använder vi också kakor för analys, marknadsföring och personalisering. Du kan ändra ditt val när som helst under "Kakinställningar".',
    acceptAll: 'Godkänn alla',
    rejectAll: 'Avvisa alla',
    choose: 'Välj',
    save: 'Spara val',
    close: 'Stäng',
    signalHonoured:
      'Din webbläsare ber webbplatser att inte spåra dig (Global Privacy Control eller Do Not Track). Vi har stängt av alla kategorier utom de funktionella.',
    settings: 'Kakinställningar',
    alwaysOn: 'Alltid på',
    cookies: 'Kakor',
    privacyLink: { href: '/privacy?lang=sv', label: 'Integritetspolicy' },
  },
};
