/** Runs, their per-sweep records, the runner's lease and legal holds. */
import { sql } from 'kysely';
import type { Executor } from '../core/personal-data-registry.ts';
import type { HeldData } from '../core/retention-sweeps.ts';
import './retention.tables.ts';
import type { Insertable } from 'kysely';
import type { RetentionHoldsTable, RunStatus } from './retention.tables.ts';

/**
 * Takes the lease if free or lapsed (one statement: two processes cannot both win). The lease
 * runs on the database's clock, so processes on different machines agree on it.
 */
export async function acquireLease(
  db: Executor,
  holder: string,
  seconds: number,
): Promise<boolean> {
  const r = await sql`
    update retention_lease set holder = ${holder}, until = now() + make_interval(secs => ${seconds})
    where id = 1 and (holder is null or until < now())`.execute(db);
  return Number(r.numAffectedRows ?? 0) === 1;
}

/** Extends a lease still held; false when another runner took it over (this one must stop). */
export async function renewLease(db: Executor, holder: string, seconds: number): Promise<boolean> {
  const r = await sql`
    update retention_lease set until = now() + make_interval(secs => ${seconds})
    where id = 1 and holder = ${holder}`.execute(db);
  return Number(r.numAffectedRows ?? 0) === 1;
}

export async function releaseLease(db: Executor, holder: string): Promise<void> {
  await sql`update retention_lease set holder = null, until = null
    where id = 1 and holder = ${holder}`.execute(db);
}

/** Runs left `running` by a process that died (the caller holds the lease, so none is live). */
export async function markInterrupted(db: Executor): Promise<void> {
  await db
    .updateTable('retention_runs')
    .set({ status: 'interrupted', finished_at: new Date() })
    .where('status', '=', 'running')
    .execute();
}

export async function insertRun(
  db: Executor,
  row: { id: string; trigger: string; as_of: Date },
): Promise<void> {
  await db
    .insertInto('retention_runs')
    .values({ ...row, status: 'running' })
    .execute();
}

export async function finishRun(db: Executor, id: string, status: RunStatus): Promise<void> {
  await db
    .updateTable('retention_runs')
    .set({ status, finished_at: new Date() })
    .where('id', '=', id)
    .execute();
}

export async function insertRunSweep(
  db: Executor,
  row: { run_id: string; sweep: string; rule: string; held: number },
): Promise<void> {
  await db
    .insertInto('retention_run_sweeps')
    .values({ ...row, error: null })
    .execute();
}

/** Counted in the batch's own transaction: the record never disagrees with the data. */
export async function addProcessed(
  db: Executor,
  runId: string,
  sweep: string,
  n: number,
): Promise<void> {
  await db
    .updateTable('retention_run_sweeps')
    .set((eb) => ({ processed: eb('processed', '+', n) }))
    .where('run_id', '=', runId)
    .where('sweep', '=', sweep)
    .execute();
}

export async function finishRunSweep(
  db: Executor,
  runId: string,
  sweep: string,
  result: { errors: number; error: string | null; durationMs: number },
): Promise<void> {
  await db
    .updateTable('retention_run_sweeps')
    .set({ errors: result.errors, error: result.error, duration_ms: result.durationMs })
    .where('run_id', '=', runId)
    .where('sweep', '=', sweep)
    .execute();
}

export interface RunRecord {
  id: string;
  trigger: string;
  asOf: Date;
  startedAt: Date;
  finishedAt: Date | null;
  status: RunStatus;
  sweeps: {
    sweep: string;
    rule: string;
    processed: number;
    held: number;
    errors: number;
    error: string | null;
    durationMs: number;
  }[];
}

export async function lastRuns(db: Executor, limit: number): Promise<RunRecord[]> {
  const runs = await db
    .selectFrom('retention_runs')
    .selectAll()
    .orderBy('started_at', 'desc')
    .orderBy('id')
    .limit(limit)
    .execute();
  if (runs.length === 0) return [];
  const sweeps = await db
    .selectFrom('retention_run_sweeps')
    .selectAll()
    .where(
      'run_id',
      'in',
      runs.map((r) => r.id),
    )
    .execute();
  return runs.map((r) => ({
    id: r.id,
    trigger: r.trigger,
    asOf: new Date(r.as_of),
    startedAt: new Date(r.started_at),
    finishedAt: r.finished_at && new Date(r.finished_at),
    status: r.status,
    sweeps: sweeps
      .filter((s) => s.run_id === r.id)
      .map((s) => ({
        sweep: s.sweep,
        rule: s.rule,
        processed: Number(s.processed),
        held: Number(s.held),
        errors: Number(s.errors),
        error: s.error,
        durationMs: Number(s.duration_ms),
      })),
  }));
}

export async function insertHold(
  db: Executor,
  row: Insertable<RetentionHoldsTable>,
): Promise<void> {
  await db.insertInto('retention_holds').values(row).execute();
}

/** Every hold placed on the customer, ended ones too, oldest first (the access export). */
export function holdsOfCustomer(db: Executor, customerId: string) {
  return db
    .selectFrom('retention_holds')
    .selectAll()
    .where('customer_id', '=', customerId)
    .orderBy('placed_at')
    .orderBy('id')
    .execute();
}

export function listHolds(db: Executor, now: Date, includeEnded: boolean) {
  let q = db.selectFrom('retention_holds').selectAll().orderBy('placed_at').orderBy('id');
  if (!includeEnded) q = q.where('released_at', 'is', null).where('until', '>', now);
  return q.execute();
}

export async function releaseHold(db: Executor, id: string, at: Date) {
  return db
    .updateTable('retention_holds')
    .set({ released_at: at })
    .where('id', '=', id)
    .where('released_at', 'is', null)
    .returning(['id', 'customer_id', 'order_id'])
    .executeTakeFirst();
}

/** What the holds in force at `now` keep from every sweep; an expired hold holds nothing. */
export async function activeHolds(db: Executor, now: Date): Promise<HeldData> {
  const rows = await listHolds(db, now, false);
  return {
    customerIds: [...new Set(rows.flatMap((r) => (r.customer_id ? [r.customer_id] : [])))],
    orderIds: [...new Set(rows.flatMap((r) => (r.order_id ? [r.order_id] : [])))],
  };
}

export async function deleteHolds(db: Executor, ids: string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const r = await db.deleteFrom('retention_holds').where('id', 'in', ids).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** The holds in force at `now` on the customer or on any of the orders (for an erasure). */
export async function activeHoldsOn(
  db: Executor,
  now: Date,
  customerId: string | null,
  orderIds: readonly string[],
) {
  if (!customerId && orderIds.length === 0) return [];
  return db
    .selectFrom('retention_holds')
    .select(['id', 'customer_id', 'order_id', 'until'])
    .where('released_at', 'is', null)
    .where('until', '>', now)
    .where((eb) =>
      eb.or([
        ...(customerId ? [eb('customer_id', '=', customerId)] : []),
        ...(orderIds.length > 0 ? [eb('order_id', 'in', [...orderIds])] : []),
      ]),
    )
    .orderBy('until')
    .orderBy('id')
    .execute();
}
