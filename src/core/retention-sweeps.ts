/**
 * Retention sweeps, registered by the module that owns the data, the way exporters and erasers
 * are registered with the personal-data registry: per table and category, the manifest retention
 * rule that governs it, the anchor its period runs from, and what happens when it ends (delete,
 * anonymise, shred a vault key). src/retention runs them: in batches, each batch one transaction,
 * skipping held data; a coverage test (test/retention/coverage.test.ts) fails when a personal-data
 * column has no sweep, a manifest rule has none, or a sweep names a rule the manifest lacks.
 *
 * A sweep only ever sees the expiry boundary: every record whose anchor date is before it has
 * expired, and no other (src/core/manifest/retention-period.ts). Finding and ending the due
 * records in the same transaction makes a sweep idempotent: a record ended is no longer due, so a
 * crash between batches resumes where it stopped and nothing is ended twice.
 *
 * @example
 *   retention.register({
 *     name: 'browsing.events', rule: 'browsing', anchor: 'collected', action: 'anonymise',
 *     tables: ['browsing_events'], categories: ['user.browsing'],
 *     due: (db, w, limit) => dueEventIds(db, w.before, w.holds, limit),
 *     end: (db, ids) => anonymiseEvents(db, ids),
 *     census: (db, w) => countEvents(db, w.before, w.holds),
 *   });
 */
import { sql, type RawBuilder } from 'kysely';
import type { Manifest } from './manifest/manifest.ts';
import type { Executor } from './personal-data-registry.ts';

export type RetentionAnchor = Manifest['retention'][string]['anchor'];
export type RetentionAction = Manifest['retention'][string]['action'];

/** What staff hold from every sweep (legal holds, src/retention/holds). */
export interface HeldData {
  customerIds: readonly string[];
  orderIds: readonly string[];
}

/** Which records a sweep may end now. */
export interface SweepWindow {
  /** Every record whose anchor date is before this has expired; no other has. */
  before: Date;
  holds: HeldData;
  /** The clock of the run (injected in tests). */
  now: Date;
  /**
   * The run this window is of, the same for every batch of it: a sweep that works its due set
   * out once per run keeps it under this (consent.proof). Absent outside a run (a plan).
   */
  run?: string;
  /** When a record anchored at `anchor` expires under the sweep's rule (for a notice's date). */
  expiresAt(anchor: Date): Date;
}

export interface SweepCensus {
  /** Expired records not held: what the next run will end. */
  due: number;
  /** Expired records a hold keeps. */
  held: number;
  /** The earliest anchor date among records not yet expired (and not held), if any. */
  nextAnchor: Date | null;
}

export interface RetentionSweep {
  /** `<module>.<what>`, unique, e.g. `orders.vouchers`. */
  name: string;
  /** The manifest retention rule (its key), e.g. `accounting_vouchers`. */
  rule: string;
  /** Must equal the rule's anchor in the manifest. */
  anchor: RetentionAnchor;
  /** Must equal the rule's action in the manifest. */
  action: RetentionAction;
  /** The tables whose rows this sweep ends (directly, by cascade, or through an erasure). */
  tables: string[];
  /** The manifest data categories whose period this sweep enforces. */
  categories: string[];
  /** Up to `limit` keys of due records, oldest first, never a held or young one. */
  due(db: Executor, window: SweepWindow, limit: number): Promise<string[]>;
  /**
   * Ends those records; returns how many were ended. Runs in the batch's transaction, unless
   * `ownTransactions` (then `db` is the database and the sweep commits per record itself).
   */
  end(db: Executor, keys: string[], window: SweepWindow): Promise<number>;
  /**
   * Finds and ends up to `limit` due records in one statement (`DELETE … WHERE key IN (SELECT …
   * ORDER BY anchor LIMIT n FOR UPDATE SKIP LOCKED)`), for a sweep whose end is a plain delete or
   * update of its own rows; returns how many it ended (0: none left). The same promise as `due`
   * then `end`: oldest first, never a held or young record. When a sweep has it the runner uses
   * it in the batch's transaction instead of `due` and `end` (which stay, for a reader of the
   * keys). Never with `ownTransactions`.
   */
  endDue?(db: Executor, window: SweepWindow, limit: number): Promise<number>;
  /**
   * `endDue` as the statement itself, for a sweep whose end is one plain DELETE or UPDATE of its
   * own rows (no WITH of its own: PostgreSQL takes a data-modifying WITH only at the top), with
   * `returning 1`: one row per record ended. The runner runs it with the batch's lease renewal and
   * count in one statement (one round trip a batch besides the transaction's own), instead of
   * `endDue`. The same promise as `endDue`.
   */
  endDueSql?(window: SweepWindow, limit: number): RawBuilder<unknown>;
  census(db: Executor, window: SweepWindow): Promise<SweepCensus>;
  /**
   * Runs instead of `census` at the start of the sweep in a run (`window.run` set), for a sweep
   * that works its due set out once per run rather than per batch (consent.proof queues it):
   * sets that up and returns the census a run reports (due and held; a run has no use for the
   * next anchor, which can cost a pass over every young record: the audit log's census is its own
   * `prepare` without it). What it sets up is keyed by the run, so `due` still finds every due
   * record without it (a crash between the two). A sweep with nothing to set up may have it only
   * to skip that pass (customers.inactive).
   */
  prepare?(db: Executor, window: SweepWindow): Promise<Pick<SweepCensus, 'due' | 'held'>>;
  /** True when `end` must run outside the batch transaction (an erasure through the rights engine). */
  ownTransactions?: boolean;
  /**
   * Runs before the first batch of every run (never in a plan): tells the people whose records
   * this sweep will end soon, when the manifest's promise includes a warning (an inactive
   * customer's notice). Returns how many were told; it must not end anything itself.
   */
  forewarn?(db: Executor, window: SweepWindow): Promise<number>;
}

const NAME = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;

export class RetentionSweeps {
  readonly #sweeps = new Map<string, RetentionSweep>();

  register(sweep: RetentionSweep): void {
    if (!NAME.test(sweep.name))
      throw new Error(`retention sweep name ${sweep.name} must match ${NAME}`);
    if (this.#sweeps.has(sweep.name))
      throw new Error(`retention sweep ${sweep.name} registered twice`);
    this.#sweeps.set(sweep.name, sweep);
  }

  /**
   * Every sweep in the order registered, so every run visits them in the same order (a module
   * registers its vouchers sweep before its books sweep, which ends what the vouchers left).
   */
  all(): RetentionSweep[] {
    return [...this.#sweeps.values()];
  }

  get(name: string): RetentionSweep | undefined {
    return this.#sweeps.get(name);
  }
}

/**
 * `column` is none of `ids` (true for an empty list; a null column is never held). For the SQL of
 * a sweep's `due` and `census`, which must leave held rows alone.
 */
export function notAmong(column: string, ids: readonly string[]): RawBuilder<boolean> {
  if (ids.length === 0) return sql<boolean>`true`;
  const ref = sql.ref(column);
  return sql<boolean>`(${ref} is null or ${ref}::text not in (${sql.join(ids.map((id) => sql`${id}`))}))`;
}

/** `column` is one of `ids` (false for an empty list or a null column). */
export function among(column: string, ids: readonly string[]): RawBuilder<boolean> {
  if (ids.length === 0) return sql<boolean>`false`;
  // As text: ids are uuids in some tables and text in others. A null column is in no list (never
  // unknown, which `not` would keep unknown and so drop the row from every sweep).
  return sql<boolean>`coalesce(${sql.ref(column)}::text in (${sql.join(ids.map((id) => sql`${id}`))}), false)`;
}
