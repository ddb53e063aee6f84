/**
 * The banner's configuration, as `GET /consent/config?lang=xx` returns it, derived by the server
 * from the privacy manifest; the banner only renders it. Custodian pages embed a smaller
 * {@link FirstView} in `<script type="application/json" id="custodian-consent-config">`: the
 * settings layer fetches the whole configuration when it opens. Another site may embed either.
 * See docs/consent-api.md.
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

/**
 * What the first layer needs: its words, and per optional category the first-party cookies to
 * delete on refusal (`party` absent). A full {@link BannerConfig} is one too.
 */
export interface FirstView {
  lang: string;
  policyVersion: number;
  renewAfterDays: number;
  textHash: string;
  texts: Pick<
    BannerTexts,
    | 'title'
    | 'body'
    | 'acceptAll'
    | 'rejectAll'
    | 'choose'
    | 'close'
    | 'signalHonoured'
    | 'privacyLink'
  >;
  categories: {
    key: CategoryKey;
    label?: string;
    required?: boolean;
    cookies: (Pick<BannerCookie, 'name' | 'storage'> & Partial<Pick<BannerCookie, 'party'>>)[];
  }[];
}

/** One decision about the optional categories; functional is always on. */
export type Choices = Record<OptionalCategory, boolean>;

export const optional: OptionalCategory[] = ['analytics', 'marketing', 'personalisation'];
