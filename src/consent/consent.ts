/**
 * The consent domain: who decides (a subject), what they decide (per consent category or per
 * marketing channel), and how (explicitly, or by a browser signal that can only ever refuse).
 */
import type { ConsentCategory, ConsentChannel } from '../core/manifest/manifest.ts';

/** Consent categories a person chooses; `functional` is always on and never asked. */
export const choosableCategories = ['analytics', 'marketing', 'personalisation'] as const;
export type ChoosableCategory = (typeof choosableCategories)[number] & ConsentCategory;

/**
 * Marketing channels are consented to one by one (the manifest's `consentChannels`: a purpose
 * names one in `consentChannel`) and recorded in the same ledger, e.g. by the newsletter sign-up.
 */
export { consentChannels, type ConsentChannel } from '../core/manifest/manifest.ts';

/** What a decision is about: a cookie category or a channel. */
export type ConsentKey = ChoosableCategory | ConsentChannel;

export const consentSources = ['banner', 'privacy_center', 'api'] as const;
export type ConsentSource = (typeof consentSources)[number];

/** A person as the ledger knows them: a pseudonymous browser, a customer account, or both. */
export interface ConsentSubject {
  customerId?: string | undefined;
  visitorId?: string | undefined;
}

export interface PrivacySignals {
  /** Global Privacy Control: `Sec-GPC: 1` or `navigator.globalPrivacyControl`. */
  gpc: boolean;
  /** Do Not Track: `navigator.doNotTrack === '1'`. */
  dnt: boolean;
}

/** One choice to append to the ledger. */
export interface ConsentChoice {
  subject: ConsentSubject;
  decisions: Partial<Record<ConsentKey, boolean>>;
  policyVersion: number;
  textHash: string | null;
  signals: PrivacySignals;
  /** True when the person clicked; false when the record only writes down a browser signal. */
  explicit: boolean;
  source: ConsentSource;
  lang: string | null;
}

/** One row of the ledger as the service hands it out. */
export interface ConsentRecord {
  recordId: string;
  seq: number;
  visitorId: string | null;
  customerId: string | null;
  decidedAt: Date;
  policyVersion: number;
  textHash: string | null;
  decisions: Partial<Record<ConsentKey, boolean>>;
  gpc: boolean;
  dnt: boolean;
  explicit: boolean;
  source: ConsentSource;
  lang: string | null;
}

/** The latest decision for one key, as `allows()` reads it. */
export interface LatestDecision {
  granted: boolean;
  seq: number;
  recordId: string;
  decidedAt: Date;
  policyVersion: number;
  explicit: boolean;
  gpc: boolean;
  dnt: boolean;
}

export type LatestDecisions = Partial<Record<string, LatestDecision>>;

/** Whether decision `a` was made after `b` (time first; insertion order breaks ties). */
export function isNewer(a: LatestDecision, b: LatestDecision): boolean {
  const t = a.decidedAt.getTime() - b.decidedAt.getTime();
  return t !== 0 ? t > 0 : a.seq > b.seq;
}
