/**
 * The consent-proof sweep's SQL. A record proves a choice until 3 years after it was withdrawn or
 * replaced: its anchor is the time of the next record of the same browser (or, without a visitor
 * id, the same customer) about the same things (the same set of decision keys: cookie categories,
 * or one channel). A cookie choice also ends when it lapses (the manifest's `consent.renewAfter`,
 * after which the banner asks again), so a browser never seen again is not kept for ever; a
 * channel's latest record is the choice in force and is never due. The ledger is
 * append-only by trigger; this one deletion is announced in the transaction (migration 0080).
 *
 * Which records are due takes a window over the ledger's expired part. A run works it out once,
 * in its first batch, into `consent_proof_queue` (migration 0231), and every batch takes its
 * oldest rows from there and deletes those still due by a check of each record's own chain
 * (index lookups): worked out per batch, the window made a run quadratic in the backlog. Nothing
 * of this touches the consent writer.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Executor } from '../core/personal-data-registry.ts';
import { among, type HeldData, type SweepCensus } from '../core/retention-sweeps.ts';

/**
 * The set of a record's decision keys, as the window partitions by it: a jsonb array of the keys
 * in jsonb's own order (an object's keys are stored sorted, so one set gives one array). One
 * function call, where sorting `jsonb_object_keys` was a subquery per record.
 */
function kindOf(alias: string) {
  return sql`jsonb_path_query_array(${sql.ref(`${alias}.decisions`)}, '$.keyvalue().key')`;
}

/**
 * When a cookie choice lapses on its own: the manifest's `consent.renewAfter` as a PostgreSQL
 * interval (`null`: never), and the keys that make a record a cookie choice. A channel's consent
 * (newsletter, SMS) does not lapse. Added to a record's time in UTC, as the consent gate's
 * `renewAt` adds calendar months (31 Jan + 1 month = 28/29 Feb).
 */
export interface Lapse {
  interval: string | null;
  cookieKeys: readonly string[];
}

/** A record's own end without a successor: its lapse, for a cookie choice; null otherwise. */
function lapsedAt(alias: string, lapse: Lapse) {
  if (lapse.interval === null) return sql`null::timestamptz`;
  const decided = sql.ref(`${alias}.decided_at`);
  return sql`case when ${sql.ref(`${alias}.decisions`)} ?| ${[...lapse.cookieKeys]}::text[]
    then (${decided} at time zone 'UTC' + ${lapse.interval}::interval) at time zone 'UTC' end`;
}

/**
 * Every record with the time it was replaced. `decidedBefore` narrows it to the records decided
 * before a date, which gives every one of them the same `replaced_at` when that is before the
 * date (records of a partition are ordered by time, so the ones kept are a prefix of each and
 * the next of any but the last is kept too) and none a wrong one: the last kept gets null where
 * its true successor came at or after the date, so it is not due either way. The run's queue
 * reads only the expired part of the ledger, not all of it.
 */
function replaced(holds: HeldData, lapse: Lapse, decidedBefore?: Date) {
  // least() skips a null: a record ends at its successor or its lapse, whichever comes first.
  return sql`(
    select cr.id, cr.decided_at, cr.seq, cr.visitor_id is null as by_customer,
      ${among('l.customer_id', holds.customerIds)} as held,
      least(lead(cr.decided_at) over (
        partition by coalesce(cr.visitor_id, 'customer:' || l.customer_id, cr.id::text), kk.kind
        order by cr.decided_at, cr.seq
      ), ${lapsedAt('cr', lapse)}) as replaced_at
    from consent_records cr
    left join consent_customer_links l on l.record_id = cr.id
    cross join lateral (select ${kindOf('cr')} as kind) kk
    where ${decidedBefore ? sql`cr.decided_at < ${decidedBefore}` : sql`true`}
  )`;
}

/**
 * Fills the queue with the run's due records (replacing what an earlier run left) and returns
 * the window's due and held counts: one pass over the expired part of the ledger, once a run. A
 * run's due set never grows while it runs: a record written later is decided after the
 * boundary, and deleting a due record moves its predecessor's replacement later but not past the
 * boundary (that successor was due itself). The run row is written last: a fill cut short leaves
 * it naming another run, so the next batch fills again.
 */
export async function queueRun(
  db: Executor,
  run: string,
  before: Date,
  holds: HeldData,
  lapse: Lapse,
): Promise<{ due: number; held: number }> {
  await sql`truncate consent_proof_queue`.execute(db);
  const { rows } = await sql<{ due: string; held: string }>`
    with r as (
      select * from ${replaced(holds, lapse, before)} r where replaced_at < ${before}),
    queued as (
      insert into consent_proof_queue (record_id, replaced_at, seq, by_customer)
      select id, replaced_at, seq, by_customer from r where not held
      returning 1)
    select (select count(*) from queued) as due, (select count(*) from r where held) as held
  `.execute(db);
  await sql`
    insert into consent_proof_queue_run (id, run, after_at, after_seq, filled_at)
    values (1, ${run}, '-infinity', 0, now())
    on conflict (id) do update set run = excluded.run, after_at = excluded.after_at,
      after_seq = excluded.after_seq, filled_at = excluded.filled_at`.execute(db);
  const row = rows[0]!;
  return { due: Number(row.due), held: Number(row.held) };
}

/**
 * Takes the next `limit` queued records after the run's position (an index range, however long
 * the queue), moves the position past them, and tells which are still due now. A browser's chain
 * is its records', which are never changed and only deleted by this sweep (a deleted record was
 * due, so it leaves its predecessor a successor before the boundary): such a record stays due
 * unless a link written since ties it to a held customer. A chain without a browser is the
 * customer's links, which an erasure deletes (each record is then a chain of its own, the choice
 * in force): such a record is checked anew. Per taken row, as subqueries (never a join the
 * planner could make a scan of the ledger): index lookups.
 */
async function takeQueued(
  db: Executor,
  before: Date,
  holds: HeldData,
  lapse: Lapse,
  limit: number,
) {
  const held = (l: string) => among(`${l}.customer_id`, holds.customerIds);
  const { rows } = await sql<{ id: string; due: boolean }>`
    with taken as (
      select record_id, replaced_at, seq, by_customer from consent_proof_queue
      where (replaced_at, seq) > (
        (select after_at from consent_proof_queue_run where id = 1),
        (select after_seq from consent_proof_queue_run where id = 1))
      order by replaced_at, seq limit ${limit}),
    moved as (
      update consent_proof_queue_run set after_at = last.replaced_at, after_seq = last.seq
      from (select replaced_at, seq from taken order by replaced_at desc, seq desc limit 1) last
      where id = 1)
    select t.record_id::text as id, case
      when not t.by_customer then coalesce((
        select not ${held('l')} from consent_customer_links l where l.record_id = t.record_id), true)
      else coalesce((
        select (${lapsedAt('r', lapse)} < ${before} and not coalesce((
            select ${held('l')} from consent_customer_links l where l.record_id = r.id), false))
          or coalesce((
            select not ${held('l')} and exists (
              select 1 from consent_customer_links nl join consent_records n on n.id = nl.record_id
              where nl.customer_id = l.customer_id and n.visitor_id is null
                and n.decided_at < ${before} and (n.decided_at, n.seq) > (r.decided_at, r.seq)
                and ${kindOf('n')} = ${kindOf('r')})
            from consent_customer_links l where l.record_id = r.id), false)
        from consent_records r where r.id = t.record_id), false)
      end as due
    from taken t
    order by t.replaced_at, t.seq`.execute(db);
  return rows;
}

/**
 * Up to `limit` due records, oldest replacement first, from the queue of `run` (the retention
 * run; filled here when the run did not fill it); without a run every call fills it anew.
 */
export async function dueRecords(
  db: Executor,
  before: Date,
  holds: HeldData,
  lapse: Lapse,
  limit: number,
  run: string = randomUUID(),
): Promise<string[]> {
  const { rows } = await sql<{ run: string }>`
    select run from consent_proof_queue_run where id = 1`.execute(db);
  if (rows[0]?.run !== run) await queueRun(db, run, before, holds, lapse);
  const ids: string[] = [];
  // A record no longer due is dropped from the batch; more are taken so a short batch still
  // means the queue is done (the runner stops at one).
  for (;;) {
    const want = limit - ids.length;
    const taken = await takeQueued(db, before, holds, lapse, want);
    for (const r of taken) if (r.due) ids.push(r.id);
    if (taken.length < want || ids.length >= limit) return ids;
  }
}

export async function deleteRecords(db: Executor, ids: string[]): Promise<number> {
  if (ids.length === 0) return 0;
  await sql`select set_config('custodian.retention_sweep', 'consent_proof', true)`.execute(db);
  await sql`delete from consent_customer_links where record_id = any(${ids}::uuid[])`.execute(db);
  const r = await sql`delete from consent_records where id = any(${ids}::uuid[])`.execute(db);
  await sql`select set_config('custodian.retention_sweep', '', true)`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}

export async function recordCensus(
  db: Executor,
  before: Date,
  holds: HeldData,
  lapse: Lapse,
): Promise<SweepCensus> {
  const { rows } = await sql<{ due: string; held: string; next: Date | null }>`
    select
      count(*) filter (where replaced_at < ${before} and not held) as due,
      count(*) filter (where replaced_at < ${before} and held) as held,
      min(replaced_at) filter (where replaced_at >= ${before} and not held) as next
    from ${replaced(holds, lapse)} r`.execute(db);
  const row = rows[0]!;
  return {
    due: Number(row.due),
    held: Number(row.held),
    nextAnchor: row.next && new Date(row.next),
  };
}
