/**
 * Enforcement: `allows(subject, purpose)` is the one question every analytics event,
 * recommendation, marketing send and analytics/marketing adapter asks before it processes.
 *
 * - A purpose whose legal basis is consent needs the subject's latest decision for its consent
 *   category (or, for a channel such as `newsletter`, for the purpose key itself) to be a grant.
 *   Cookie-category consent lapses after the manifest's `renewAfter` and when a significant policy
 *   version is published after it was given; channel consents do not lapse.
 * - GPC/DNT records only ever refuse; an explicit later choice wins because it is newer.
 * - A refusal of marketing (explicit or by signal) is also an objection to marketing profiling
 *   that rests on legitimate interests (GDPR Art. 21(2), 21(5)).
 * - Any other purpose is allowed unless a {@link ProcessingBlock} says otherwise: the extension
 *   point for restriction (Art. 18) and objection (Art. 21) from the rights engine.
 *
 * @example
 *   if (await consent.allows({ visitorId }, 'analytics')) record(event);
 */
import { addDuration, parseDuration } from '../core/manifest/duration.ts';
import type { Manifest, Purpose } from '../core/manifest/manifest.ts';
import type { ConsentSubject, LatestDecision, LatestDecisions } from './consent.ts';
import { choosableCategories, isNewer } from './consent.ts';

/** A reason to refuse processing that is not about consent (restriction, objection, ...). */
export interface ProcessingBlock {
  readonly name: string;
  blocks(subject: ConsentSubject, purposeKey: string, purpose: Purpose): boolean | Promise<boolean>;
}

export type Verdict =
  | { allowed: true; reason: 'consent_given' | 'not_consent_based' }
  | {
      allowed: false;
      reason: 'no_decision' | 'refused' | 'lapsed' | 'objected' | `blocked:${string}`;
    };

export interface ConsentGateDeps {
  manifest: () => Manifest;
  latest: (subject: ConsentSubject) => Promise<LatestDecisions>;
  significantVersion: () => Promise<number | undefined>;
  blocks?: ProcessingBlock[];
  now?: () => Date;
}

export class UnknownPurposeError extends Error {
  constructor(purpose: string) {
    super(`"${purpose}" is not a purpose in the privacy manifest.`);
  }
}

export class ConsentGate {
  readonly #deps: ConsentGateDeps;
  readonly #blocks: ProcessingBlock[];

  constructor(deps: ConsentGateDeps) {
    this.#deps = deps;
    this.#blocks = [...(deps.blocks ?? [])];
  }

  /** Registers another check, e.g. the rights engine's restriction list. */
  addBlock(block: ProcessingBlock): void {
    this.#blocks.push(block);
  }

  async allows(subject: ConsentSubject, purposeKey: string): Promise<boolean> {
    return (await this.explain(subject, purposeKey)).allowed;
  }

  async explain(subject: ConsentSubject, purposeKey: string): Promise<Verdict> {
    const manifest = this.#deps.manifest();
    const purpose = manifest.purposes[purposeKey];
    // A typo in a purpose key must fail loudly, not silently allow or deny.
    if (!purpose) throw new UnknownPurposeError(purposeKey);
    for (const block of this.#blocks) {
      if (await block.blocks(subject, purposeKey, purpose)) {
        return { allowed: false, reason: `blocked:${block.name}` };
      }
    }
    const latest = await this.#deps.latest(subject);
    if (!needsConsent(purpose)) {
      const marketing = latest.marketing;
      if (isMarketingProfiling(purposeKey, purpose) && marketing && !marketing.granted) {
        return { allowed: false, reason: 'objected' };
      }
      return { allowed: true, reason: 'not_consent_based' };
    }
    const key = consentKey(purposeKey, purpose);
    const decision = latest[key];
    if (!decision) return { allowed: false, reason: 'no_decision' };
    if (!decision.granted) return { allowed: false, reason: 'refused' };
    if (isCookieCategory(key) && (await this.#lapsed(decision, manifest))) {
      return { allowed: false, reason: 'lapsed' };
    }
    return { allowed: true, reason: 'consent_given' };
  }

  /**
   * Whether the banner must ask this subject again: never asked, the choice is older than the
   * manifest's `renewAfter`, or a published significant version touching consent came after it.
   */
  async needsRenewal(subject: ConsentSubject): Promise<boolean> {
    const latest = await this.#deps.latest(subject);
    const newest = choosableCategories
      .map((k) => latest[k])
      .filter((d): d is LatestDecision => d !== undefined)
      .sort((a, b) => (isNewer(a, b) ? -1 : 1))[0];
    if (!newest) return true;
    return this.#lapsed(newest, this.#deps.manifest());
  }

  /** When a choice made at `decidedAt` should be asked again. */
  renewAt(decidedAt: Date, manifest = this.#deps.manifest()): Date {
    const d = parseDuration(manifest.consent.renewAfter);
    return d && d !== 'session' ? addDuration(decidedAt, d) : decidedAt;
  }

  async #lapsed(decision: LatestDecision, manifest: Manifest): Promise<boolean> {
    const now = this.#deps.now?.() ?? new Date();
    if (this.renewAt(decision.decidedAt, manifest) <= now) return true;
    // Only a published version that is significant *and* changes what the banner asks about
    // (src/policy/policy-publisher.ts, `touches_consent`): a new delivery processor is told to
    // every customer, but does not make every visitor choose cookies again.
    const significant = (await this.#deps.significantVersion()) ?? 0;
    return decision.policyVersion < significant;
  }
}

export function needsConsent(purpose: Purpose): boolean {
  return (
    purpose.legalBasis === 'consent' ||
    (purpose.consentCategory !== undefined && purpose.consentCategory !== 'functional')
  );
}

/**
 * The ledger key a consent-based purpose reads: its cookie category, else its channel, else the
 * purpose key itself (a consent-based purpose the manifest gave neither).
 */
export function consentKey(purposeKey: string, purpose: Purpose): string {
  if (purpose.consentCategory && purpose.consentCategory !== 'functional') {
    return purpose.consentCategory;
  }
  return purpose.consentChannel ?? purposeKey;
}

function isCookieCategory(key: string): boolean {
  return (choosableCategories as readonly string[]).includes(key);
}

function isMarketingProfiling(purposeKey: string, purpose: Purpose): boolean {
  return purpose.consentCategory === 'marketing' || purposeKey === 'targeted_marketing';
}
