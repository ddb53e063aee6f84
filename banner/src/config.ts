/**
 * The banner's configuration, as `GET /consent/config?lang=xx` returns it and as Custodian pages
 * embed it in `<script type="application/json" id="custodian-consent-config">`. The server derives
 * it from the privacy manifest; the banner only renders it. See docs/consent-api.md.
 */
export type OptionalCategory = 'analytics' | 'marketing' | 'personalisation';
export type CategoryKey = 'functional' | OptionalCategory;

export interface BannerCookie {
  name: string;
  storage: 'cookie' | 'localStorage' | 'sessionStorage' | 'pixel';
  lifetime: string;
  purpose: string;
  party: 'first' | 'third';
  provider?: string;
}

export interface BannerCategory {
  key: CategoryKey;
  label: string;
  description: string;
  required: boolean;
  cookies: BannerCookie[];
}

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

export interface BannerConfig {
  lang: string;
  policyVersion: number;
  renewAfterDays: number;
  textHash: string;
  texts: BannerTexts;
  categories: BannerCategory[];
}

/** One decision about the optional categories; functional is always on. */
export type Choices = Record<OptionalCategory, boolean>;

export const optional: OptionalCategory[] = ['analytics', 'marketing', 'personalisation'];
