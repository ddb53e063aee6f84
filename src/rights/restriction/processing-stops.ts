/**
 * What the rights engine has stopped for a customer, as the consent gate and the disclosure gate
 * ask it on every decision:
 *
 * - a restriction (Art. 18) holds: the data is only stored. Every purpose stops except those
 *   Art. 18(2) and the law still allow: the manifest's `legal_obligation` purposes (bookkeeping,
 *   disclosures authorities require) and the establishment, exercise or defence of legal claims
 *   (`legal_claims`);
 * - an upheld objection on other grounds (Art. 21(1)) stops the purposes it named.
 *
 * Answers are cached per customer like the consent ledger's: a change made here is seen at once,
 * and other app processes on the same PostgreSQL are told of it (a NOTIFY); the TTL is the
 * fallback for a process that missed the notification.
 *
 * @example
 *   for (const block of stops.blocks()) consent.gate.addBlock(block);
 *   createDisclosureServices({ ..., isRestricted: (pseudonym, purpose) => stops.disclosureStopped(pseudonym, purpose) });
 */
import type { Kysely } from 'kysely';
import type { ProcessingBlock } from '../../consent/consent-gate.ts';
import { DecisionCache } from '../../consent/decision-cache.ts';
import type { DB } from '../../kit/db/schema.ts';
import { noInvalidations, type CacheInvalidations } from '../../kit/db/invalidations.ts';
import type { Manifest, Purpose } from '../../core/manifest/manifest.ts';
import type { Vault } from '../../kit/vault/vault.ts';
import { upheldPurposesOf } from '../objection/objections.repository.ts';
import { findActiveRestriction } from './restrictions.repository.ts';

/** Purposes that go on while processing is restricted (Art. 18(2), and what the law requires). */
export function continuesUnderRestriction(purposeKey: string, purpose: Purpose): boolean {
  return purpose.legalBasis === 'legal_obligation' || purposeKey === LEGAL_CLAIMS;
}

/** The manifest's purpose for establishing, exercising or defending legal claims. */
export const LEGAL_CLAIMS = 'legal_claims';

export interface Stops {
  restrictedSince: Date | null;
  objectedPurposes: ReadonlySet<string>;
}

export class ProcessingStops {
  readonly #cache: DecisionCache<Stops>;
  readonly #invalidations: CacheInvalidations;

  constructor(
    private readonly deps: {
      db: Kysely<DB>;
      vault: Pick<Vault, 'subjectOfPseudonym'>;
      manifest: () => Manifest;
      cacheTtlMs?: number;
      invalidations?: CacheInvalidations;
    },
  ) {
    this.#cache = new DecisionCache(deps.cacheTtlMs);
    this.#invalidations = deps.invalidations ?? noInvalidations;
    this.#invalidations.on('stops', (customerId) => this.#cache.invalidate(customerId));
  }

  async of(customerId: string): Promise<Stops> {
    return this.#cache.get(customerId, async () => {
      const [restriction, objected] = await Promise.all([
        findActiveRestriction(this.deps.db, customerId),
        upheldPurposesOf(this.deps.db, customerId),
      ]);
      return { restrictedSince: restriction?.since ?? null, objectedPurposes: new Set(objected) };
    });
  }

  /** Whether processing the customer's data for this purpose is stopped. */
  async stopped(customerId: string, purposeKey: string, purpose: Purpose): Promise<boolean> {
    const stops = await this.of(customerId);
    if (stops.objectedPurposes.has(purposeKey)) return true;
    return stops.restrictedSince !== null && !continuesUnderRestriction(purposeKey, purpose);
  }

  /** Call when a restriction or objection changed (and again once its transaction committed). */
  invalidate(customerId: string): void {
    this.#cache.invalidate(customerId);
    this.#invalidations.broadcast('stops', customerId);
  }

  /**
   * The consent gate's checks for a signed-in customer: `blocked:restriction` and
   * `blocked:objection` in `explain()`.
   */
  blocks(): ProcessingBlock[] {
    return [
      {
        name: 'objection',
        blocks: async (subject, purposeKey) =>
          subject.customerId
            ? (await this.of(subject.customerId)).objectedPurposes.has(purposeKey)
            : false,
      },
      {
        name: 'restriction',
        blocks: async (subject, purposeKey, purpose) =>
          subject.customerId
            ? (await this.of(subject.customerId)).restrictedSince !== null &&
              !continuesUnderRestriction(purposeKey, purpose)
            : false,
      },
    ];
  }

  /** The disclosure gate's check, by the subject's pseudonym (the vault knows whose it is). */
  async disclosureStopped(pseudonym: string, purposeKey: string): Promise<boolean> {
    const purpose = this.deps.manifest().purposes[purposeKey];
    const customerId = await this.deps.vault.subjectOfPseudonym(this.deps.db, pseudonym);
    if (!customerId) return false;
    // A purpose the manifest does not know was already refused by the gate; fail closed anyway.
    if (!purpose) return (await this.of(customerId)).restrictedSince !== null;
    return this.stopped(customerId, purposeKey, purpose);
  }
}
