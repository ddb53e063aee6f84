/**
 * The consent-proof sweep's SQL. A record proves a choice until 3 years after it was withdrawn or
 * replaced: its anchor is the time of the next record of the same browser (or, without a visitor
 * id, the same customer) about the same things (the same set of decision keys: cookie categories,
 * or one channel). The latest record is the choice in force and is never due. The ledger is
 * append-only by trigger; this one deletion is announced in the transaction (migration 0080).
 */
import { sql } from 'kysely';
import type { Executor } from '../core/personal-data-registry.ts';
import { among, type HeldData, type SweepCensus } from '../core/retention-sweeps.ts';

/**
 * Every record with the time it was replaced. `decidedBefore` narrows it to the records decided
 * before a date, which gives every one of them the same `replaced_at` when that is before the
 * date (records of a partition are ordered by time, so the ones kept are a prefix of each and
 * the next of any but the last is kept too) and none a wrong one: the last kept gets null where
 * its true successor came at or after the date, so it is not due either way. The due query reads only the expired part of the
 * ledger, not all of it, every batch.
 */
function replaced(holds: HeldData, decidedBefore?: Date) {
  return sql`(
    select cr.id, cr.decided_at, cr.seq,
      ${among('l.customer_id', holds.customerIds)} as held,
      lead(cr.decided_at) over (
        partition by coalesce(cr.visitor_id, 'customer:' || l.customer_id, cr.id::text), kk.kind
        order by cr.decided_at, cr.seq
      ) as replaced_at
    from consent_records cr
    left join consent_customer_links l on l.record_id = cr.id
    cross join lateral (
      select string_agg(k, ',' order by k) as kind from jsonb_object_keys(cr.decisions) k
    ) kk
    where ${decidedBefore ? sql`cr.decided_at < ${decidedBefore}` : sql`true`}
  )`;
}

export async function dueRecords(
  db: Executor,
  before: Date,
  holds: HeldData,
  limit: number,
): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`
    select id::text as id from ${replaced(holds, before)} r
    where replaced_at < ${before} and not held
    order by replaced_at, seq limit ${limit}`.execute(db);
  return rows.map((r) => r.id);
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
): Promise<SweepCensus> {
  const { rows } = await sql<{ due: string; held: string; next: Date | null }>`
    select
      count(*) filter (where replaced_at < ${before} and not held) as due,
      count(*) filter (where replaced_at < ${before} and held) as held,
      min(replaced_at) filter (where replaced_at >= ${before} and not held) as next
    from ${replaced(holds)} r`.execute(db);
  const row = rows[0]!;
  return {
    due: Number(row.due),
    held: Number(row.held),
    nextAnchor: row.next && new Date(row.next),
  };
}
