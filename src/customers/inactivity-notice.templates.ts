/**
 * The notice before an inactive account is erased (customers.retention.ts, `customers.inactive`):
 * sent when the customer-relationship period (3 years from the last activity) has about a month
 * left, with the date and a sign-in link: signing in is activity, so the account stays. In the
 * account's language; src/notify/templates.ts includes it.
 */
import type { Lang } from '../kit/web/i18n.ts';

export type InactivityTemplateKey = 'inactivity_notice';

export interface InactivityMailVars {
  link?: string;
  /** The erasure date, written for the message's language (`erasureDate`). */
  until?: string;
}

type Render = (v: InactivityMailVars) => { subject: string; text: string };

const sig = 'HerSecret';

/** The date as a reader of `lang` writes it, in the store's time zone. */
export function erasureDate(date: Date, lang: Lang): string {
  const locale = { en: 'en-GB', fi: 'fi-FI', sv: 'sv-SE' }[lang];
  return new Intl.DateTimeFormat(locale, {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'Europe/Helsinki',
  }).format(date);
}

const notice: Record<Lang, Render> = {
  en: (v) => ({
    subject: `Your HerSecret account will be erased on ${v.until}`,
    text: `You have not used your HerSecret account for almost three years. Our privacy policy keeps a customer's personal data for three years after their last activity, so on ${v.until} we will erase your account and the personal data in it. What the Accounting Act (1336/1997) requires us to keep of your orders stays, sealed, until its own period ends.\n\nIf you want to keep your account, sign in before that date:\n${v.link}\n\nIf you do nothing, the account is erased, and we send you no further messages about it.\n\n${sig}`,
  }),
  fi: (v) => ({
    subject: `HerSecret-tilisi poistetaan ${v.until}`,
    text: `Et ole käyttänyt HerSecret-tiliäsi lähes kolmeen vuoteen. Tietosuojaselosteemme mukaan säilytämme asiakkaan henkilötietoja kolme vuotta viimeisestä asioinnista, joten poistamme tilisi ja siihen liittyvät henkilötiedot ${v.until}. Tilaustesi tiedot, jotka kirjanpitolaki (1336/1997) velvoittaa säilyttämään, säilytetään suojattuina niiden oman säilytysajan loppuun.\n\nJos haluat säilyttää tilisi, kirjaudu sisään ennen tätä päivää:\n${v.link}\n\nJos et tee mitään, tili poistetaan, emmekä lähetä siitä enää muita viestejä.\n\n${sig}`,
  }),
  sv: (v) => ({
    subject: `Ditt HerSecret-konto raderas den ${v.until}`,
    text: `Du har inte använt ditt HerSecret-konto på nästan tre år. Enligt vår integritetspolicy sparar vi en kunds personuppgifter i tre år efter den senaste aktiviteten, så den ${v.until} raderar vi ditt konto och personuppgifterna i det. Det som bokföringslagen (1336/1997) kräver att vi sparar om dina beställningar finns kvar, skyddat, tills dess egen tid har gått ut.\n\nOm du vill behålla ditt konto loggar du in före det datumet:\n${v.link}\n\nOm du inte gör något raderas kontot, och vi skickar inga fler meddelanden om det.\n\n${sig}`,
  }),
};

export const inactivityTemplates: Record<InactivityTemplateKey, Record<Lang, Render>> = {
  inactivity_notice: notice,
};
