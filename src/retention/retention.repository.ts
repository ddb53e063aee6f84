/** Runs, their per-sweep records, the runner's lease and legal holds. */
import { sql, type RawBuilder } from 'kysely';
import type { Executor } from '../core/personal-data-registry.ts';
import type { HeldData } from '../core/retention-sweeps.ts';
import './retention.tables.ts';
import type { Insertable } from 'kysely';
import type { RetentionHoldsTable, RunStatus } from './retention.tables.ts';

/**
 * Takes the lease if free or lapsed and starts the run, in one statement (one commit; two
 * processes cannot both win): runs left `running` by a process that died are marked interrupted
 * (whoever holds the lease is the only live runner) and the new run is recorded. Returns what the
 * holds in force at the run's `as_of` keep ({@link activeHolds}, read in the same statement: no
 * round trip of its own), or undefined, and nothing written, when another runner holds the lease.
 * The lease runs on the database's clock, so processes on different machines agree on it.
 */
export async function acquireAndStart(
  db: Executor,
  holder: string,
  seconds: number,
  run: { id: string; trigger: string; as_of: Date },
): Promise<HeldData | undefined> {
  const active = sql`from retention_holds where released_at is null and until > ${run.as_of}`;
  const { rows } = await sql<{ customer_ids: string[]; order_ids: string[] }>`
    with lease as (
      update retention_lease set holder = ${holder}, until = now() + make_interval(secs => ${seconds})
      where id = 1 and (holder is null or until < now())
      returning 1),
    dead as (
      update retention_runs set status = 'interrupted', finished_at = ${new Date()}
      where status = 'running' and exists (select 1 from lease)),
    started as (
      insert into retention_runs (id, trigger, as_of, status)
      select ${run.id}, ${run.trigger}, ${run.as_of}, 'running' from lease
      returning id)
    select
      array(select distinct customer_id ${active} and customer_id is not null) as customer_ids,
      array(select distinct order_id ${active} and order_id is not null) as order_ids
    from started`.execute(db);
  const r = rows[0];
  return r && { customerIds: r.customer_ids, orderIds: r.order_ids };
}

export async function releaseLease(db: Executor, holder: string): Promise<void> {
  await sql`update retention_lease set holder = null, until = null
    where id = 1 and holder = ${holder}`.execute(db);
}

/**
 * Ends a run and releases its lease in one statement (one commit), with the outcome of its last
 * sweep when given (which then needs no commit of its own).
 */
export async function finishRunAndRelease(
  db: Executor,
  run: { id: string; status: RunStatus; holder: string },
  last?: { row: RunSweepRow; result: SweepResult },
): Promise<void> {
  await sql`
    with run as (
      update retention_runs set status = ${run.status}, finished_at = ${new Date()}
      where id = ${run.id}),
    sweep as (${last ? finishSweepSql(last.row, last.result) : sql`select 1`})
    update retention_lease set holder = null, until = null
    where id = 1 and holder = ${run.holder}`.execute(db);
}

/** The lease renewed for `seconds` from the database's now, if still `holder`'s (a row when so). */
const renewLeaseSql = (holder: string, seconds: number) => sql`
  update retention_lease set until = now() + make_interval(secs => ${seconds})
  where id = 1 and holder = ${holder}
  returning 1`;

/** A count added to a sweep's record, made by the first count. */
const addProcessedSql = sql`on conflict (run_id, sweep)
  do update set processed = retention_run_sweeps.processed + excluded.processed`;

/** A sweep's record in a run: made by its first batch (or its end), counted by every batch. */
export interface RunSweepRow {
  run_id: string;
  sweep: string;
  rule: string;
  held: number;
}

/**
 * A batch's bookkeeping in one statement, in the batch's own transaction: renews the lease and
 * adds the batch's count to the sweep's record (made by the first batch). Counts nothing and
 * returns false when the lease is no longer this runner's: the batch must then roll back. The
 * lease row stays locked until the batch commits, so no runner takes the lease over while a
 * batch commits under it, and a batch whose lease lapsed and was taken never commits.
 */
export async function renewAndCount(
  db: Executor,
  holder: string,
  seconds: number,
  row: RunSweepRow,
  n: number,
): Promise<boolean> {
  const { rows } = await sql<{ ok: number }>`
    with lease as (
      ${renewLeaseSql(holder, seconds)})
    insert into retention_run_sweeps (run_id, sweep, rule, held, processed)
    select ${row.run_id}, ${row.sweep}, ${row.rule}, ${row.held}, ${n} from lease
    ${addProcessedSql}
    returning 1 as ok`.execute(db);
  return rows.length === 1;
}

/**
 * A batch of a sweep with `endDueSql`, in one statement in the batch's own transaction: the
 * sweep's statement ends its records, the lease is renewed and their count added to the sweep's
 * record (made by the first batch), as {@link renewAndCount} does after `endDue`. `held` is false
 * when the lease is no longer this runner's: nothing was counted, and the batch must roll back.
 */
export async function endAndCount(
  db: Executor,
  end: RawBuilder<unknown>,
  holder: string,
  seconds: number,
  row: RunSweepRow,
): Promise<{ ended: number; held: boolean }> {
  const { rows } = await sql<{ ended: number; held: boolean }>`
    with ended as (${end}),
    lease as (
      ${renewLeaseSql(holder, seconds)}),
    n as (select count(*)::integer as n from ended),
    counted as (
      insert into retention_run_sweeps (run_id, sweep, rule, held, processed)
      select ${row.run_id}, ${row.sweep}, ${row.rule}, ${row.held}, n from lease, n
      ${addProcessedSql})
    select n as ended, exists (select 1 from lease) as held from n`.execute(db);
  const r = rows[0]!;
  return { ended: Number(r.ended), held: r.held };
}

/**
 * For a sweep whose records commit on their own, before each of its batches, in one statement
 * (one commit): renews the lease (false when another runner took it over: the batch must not
 * start) and adds the previous batch's count to the sweep's record whatever the lease, since
 * what that batch ended is gone already and must be counted. The last batch's count goes with
 * the sweep's outcome ({@link SweepResult.uncounted}).
 */
export async function renewAndAdd(
  db: Executor,
  holder: string,
  seconds: number,
  row: RunSweepRow,
  n: number,
): Promise<boolean> {
  const { rows } = await sql<{ held: boolean }>`
    with lease as (
      ${renewLeaseSql(holder, seconds)}),
    counted as (
      insert into retention_run_sweeps (run_id, sweep, rule, held, processed)
      values (${row.run_id}, ${row.sweep}, ${row.rule}, ${row.held}, ${n})
      ${addProcessedSql})
    select exists (select 1 from lease) as held`.execute(db);
  return rows[0]?.held === true;
}

export interface SweepResult {
  errors: number;
  error: string | null;
  durationMs: number;
  /** Records ended that no batch statement counted yet (an own-transactions sweep's last batch). */
  uncounted: number;
}

/** The sweep's outcome, on its record (made here when no batch made it), and its last count. */
function finishSweepSql(row: RunSweepRow, result: SweepResult) {
  return sql`
    insert into retention_run_sweeps (run_id, sweep, rule, held, processed, errors, error,
      duration_ms)
    values (${row.run_id}, ${row.sweep}, ${row.rule}, ${row.held}, ${result.uncounted},
      ${result.errors}, ${result.error}, ${result.durationMs})
    on conflict (run_id, sweep) do update set errors = excluded.errors, error = excluded.error,
      duration_ms = excluded.duration_ms,
      processed = retention_run_sweeps.processed + excluded.processed`;
}

export async function finishRunSweep(
  db: Executor,
  row: RunSweepRow,
  result: SweepResult,
): Promise<void> {
  await finishSweepSql(row, result).execute(db);
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

/** One hold with its sealed reason (a staff reveal); undefined when there is none. */
export async function findHold(db: Executor, id: string) {
  return db
    .selectFrom('retention_holds')
    .select(['id', 'customer_id', 'order_id', 'reason_sealed'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** One hold, locked until the caller's transaction ends (a release or an extension). */
export async function lockHold(db: Executor, id: string) {
  return db
    .selectFrom('retention_holds')
    .select(['id', 'customer_id', 'order_id', 'until', 'released_at'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

export async function setHoldUntil(db: Executor, id: string, until: Date): Promise<void> {
  await db.updateTable('retention_holds').set({ until }).where('id', '=', id).execute();
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

/**
 * The holds in force at `now` on any of the customers or orders (for erasures: one person's, or a
 * batch's in one statement), by end date then id.
 */
export async function activeHoldsOnMany(
  db: Executor,
  now: Date,
  customerIds: readonly string[],
  orderIds: readonly string[],
) {
  if (customerIds.length === 0 && orderIds.length === 0) return [];
  return db
    .selectFrom('retention_holds')
    .select(['id', 'customer_id', 'order_id', 'until'])
    .where('released_at', 'is', null)
    .where('until', '>', now)
    .where((eb) =>
      eb.or([
        ...(customerIds.length > 0 ? [eb('customer_id', 'in', [...customerIds])] : []),
        ...(orderIds.length > 0 ? [eb('order_id', 'in', [...orderIds])] : []),
      ]),
    )
    .orderBy('until')
    .orderBy('id')
    .execute();
}

/**
 * The order a hold is placed on, by its id or its reference (the number on the receipt, what
 * staff are told in a dispute); undefined when there is no such order.
 */
export async function findOrderForHold(
  db: Executor,
  key: { id: string } | { reference: string },
): Promise<{ id: string; reference: string } | undefined> {
  let q = db.selectFrom('orders').select(['id', 'reference']);
  q = 'id' in key ? q.where('id', '=', key.id) : q.where('reference', '=', key.reference);
  return q.executeTakeFirst();
}

/** The references of the held orders, for the hold list (id → reference). */
export async function orderReferences(
  db: Executor,
  ids: readonly string[],
): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('orders')
    .select(['id', 'reference'])
    .where('id', 'in', [...ids])
    .execute();
  return new Map(rows.map((r) => [r.id, r.reference]));
}

/** Whether a customer account exists (a hold names a living customer). */
export async function customerExists(db: Executor, id: string): Promise<boolean> {
  const row = await db.selectFrom('customers').select('id').where('id', '=', id).executeTakeFirst();
  return row !== undefined;
}
