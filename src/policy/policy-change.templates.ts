/**
 * The notice of a significant change of the privacy policy (policy-notices.ts), in the
 * account's language: what changed (the version's change note), from when, and where to read
 * the policy and the changes. src/notify/templates.ts includes it.
 */
import type { Lang } from '../kit/web/i18n.ts';

export type PolicyChangeTemplateKey = 'policy_change';

export interface PolicyChangeMailVars {
  /** The change note of the version, in the message's language. */
  note?: string;
  /** The date the version took effect, written for the message's language (`noticeDate`). */
  effective?: string;
  /** The page of the changes (`/privacy/changes?from=…&to=…&lang=…`). */
  changesLink?: string;
  link?: string;
}

type Render = (v: PolicyChangeMailVars) => { subject: string; text: string };

const sig = 'HerSecret';

/** The date as a reader of `lang` writes it. */
export function noticeDate(isoDate: string, lang: Lang): string {
  const locale = { en: 'en-GB', fi: 'fi-FI', sv: 'sv-SE' }[lang];
  return new Intl.DateTimeFormat(locale, {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${isoDate}T00:00:00Z`));
}

const notice: Record<Lang, Render> = {
  en: (v) => ({
    subject: 'We have updated our privacy policy',
    text: `We have made a significant change to the HerSecret privacy policy, in force from ${v.effective}:\n\n${v.note}\n\nRead the policy:\n${v.link}\n\nSee exactly what changed:\n${v.changesLink}\n\nIf the change concerns something you have consented to, we ask for your choice again the next time you visit the store. You can withdraw a consent or use your other rights in the privacy center at any time.\n\n${sig}`,
  }),
  fi: (v) => ({
    subject: 'Olemme päivittäneet tietosuojaselosteemme',
    text: `Olemme tehneet HerSecretin tietosuojaselosteeseen merkittävän muutoksen, joka on voimassa ${v.effective} alkaen:\n\n${v.note}\n\nLue tietosuojaseloste:\n${v.link}\n\nKatso tarkalleen, mikä muuttui:\n${v.changesLink}\n\nJos muutos koskee jotakin, johon olet antanut suostumuksesi, kysymme valintaasi uudelleen, kun seuraavan kerran käyt verkkokaupassa. Voit milloin tahansa peruuttaa suostumuksen tai käyttää muita oikeuksiasi tietosuojakeskuksessa.\n\n${sig}`,
  }),
  sv: (v) => ({
    subject: 'Vi har uppdaterat vår integritetspolicy',
    text: `Vi har gjort en betydande ändring i HerSecrets integritetspolicy, som gäller från och med ${v.effective}:\n\n${v.note}\n\nLäs integritetspolicyn:\n${v.link}\n\nSe exakt vad som ändrades:\n${v.changesLink}\n\nOm ändringen gäller något som du har samtyckt till frågar vi om ditt val igen nästa gång du besöker butiken. Du kan när som helst återkalla ett samtycke eller använda dina andra rättigheter i integritetscentret.\n\n${sig}`,
  }),
};

export const policyChangeTemplates: Record<PolicyChangeTemplateKey, Record<Lang, Render>> = {
  policy_change: notice,
};
