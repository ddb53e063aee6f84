/**
 * What `custodian scan` sees in a browser and what it concludes: the plan (pages × languages ×
 * consent modes), each step a visitor takes, the cookies, storage keys and requests observed at
 * each step, and the findings where they break the privacy manifest.
 */
import type { Lang } from '../../kit/web/i18n.ts';

/** How the visitor answers the banner: refuses every optional category, accepts all, or sends GPC. */
export type ScanMode = 'refuse' | 'accept' | 'gpc';
export const scanModes: readonly ScanMode[] = ['refuse', 'accept', 'gpc'];

/** The store pages every scan visits, in a visitor's order. */
export type ScanPage =
  'home' | 'category' | 'product' | 'search' | 'cart' | 'checkout' | 'account' | 'privacy-center';

/**
 * What the visitor did: opened the page, answered the banner, put a product in the cart, or
 * asked the cart page for delivery estimates (which remembers the postal code).
 */
export type ScanAction = 'load' | 'refuse all' | 'accept all' | 'add to cart' | 'estimate delivery';

/** Which optional categories the visitor has allowed by this step. */
export type ConsentState = 'undecided' | 'refused' | 'accepted';

export interface ScanStep {
  mode: ScanMode;
  lang: Lang;
  page: ScanPage;
  /** The path opened (no query string: it may carry identifiers), e.g. `/products/aurora-bra`. */
  path: string;
  action: ScanAction;
  consent: ConsentState;
}

export interface ObservedCookie {
  name: string;
  domain: string;
  path: string;
  party: 'first' | 'third';
  /** Seconds left when first seen, or `session` (no expiry). */
  lifetimeSeconds: number | 'session';
  httpOnly: boolean;
  /** The same-origin response whose Set-Cookie set it (path), else `script`. */
  setBy: string;
  at: ScanStep;
}

export interface ObservedStorage {
  storage: 'localStorage' | 'sessionStorage';
  key: string;
  at: ScanStep;
}

export interface ObservedRequest {
  origin: string;
  /** The path without query string. */
  path: string;
  resourceType: string;
  /** Why the browser did not complete it (e.g. blocked by the page's CSP), if it did not. */
  failure?: string;
  at: ScanStep;
}

/** A same-origin response that set cookies (names only: values may identify the visitor). */
export interface CookieResponse {
  path: string;
  cookies: string[];
  at: ScanStep;
}

/** Everything one step saw present: the basis of the consent checks. */
export interface ScanSnapshot {
  at: ScanStep;
  /** `expires`: seconds since the epoch, or -1 for a session cookie. */
  cookies: (Omit<ObservedCookie, 'at' | 'setBy'> & { expires: number })[];
  storage: Omit<ObservedStorage, 'at'>[];
}

export interface ScanObservations {
  snapshots: ScanSnapshot[];
  requests: ObservedRequest[];
  cookieResponses: CookieResponse[];
}

export type FindingKind =
  | 'undeclared_cookie'
  | 'undeclared_storage'
  | 'lifetime_exceeded'
  | 'party_mismatch'
  | 'before_consent'
  | 'after_refusal'
  | 'under_gpc'
  | 'undeclared_origin';

export interface ScanFinding {
  kind: FindingKind;
  /** The cookie's or storage key's name, or the origin. */
  subject: string;
  message: string;
  /** The first step that showed it. */
  at: ScanStep;
  /** Every `mode/lang` visit in which the same step showed it, e.g. `['refuse/en', 'gpc/fi']`. */
  seenIn: string[];
}

export interface ScanResult {
  url: string;
  startedAt: string;
  durationMs: number;
  steps: number;
  cookies: ObservedCookie[];
  storage: ObservedStorage[];
  requests: ObservedRequest[];
  cookieResponses: CookieResponse[];
  findings: ScanFinding[];
}
