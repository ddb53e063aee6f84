/**
 * The consent-proof sweep's SQL. A record proves a choice until 3 years after it was withdrawn or
 * replaced: its anchor is the time of the next record of the same browser (or, without a visitor
 * id, the same customer) about the same things (the same set of decision keys: cookie categories,
 * or one channel). The latest record is the choice in force and is never due. That time is stored
 * in `consent_replacements` by the database's own triggers (migration 0230), so each batch and the
 * census read an index range of it instead of a window over the ledger. The ledger is append-only
 * by trigger; this one deletion is announced in the transaction (migration 0080).
 */
import { sql } from 'kysely';
import type { Executor } from '../core/personal-data-registry.ts';
import { among, type HeldData, type SweepCensus } from '../core/retention-sweeps.ts';

/**
 * Whether a replacement row's record is held: only with holds in force is the customer link read
 * (a record of a browser can be linked to a customer; the link names who may be on hold).
 */
function heldSql(holds: HeldData) {
  if (holds.customerIds.length === 0) return sql<boolean>`false`;
  return sql<boolean>`exists (select 1 from consent_customer_links l
    where l.record_id = r.record_id and ${among('l.customer_id', holds.customerIds)})`;
}

export async function dueRecords(
  db: Executor,
  before: Date,
  holds: HeldData,
  limit: number,
): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`
    select r.record_id::text as id from consent_replacements r
    where r.replaced_at < ${before} and not ${heldSql(holds)}
    order by r.replaced_at, r.seq limit ${limit}`.execute(db);
  return rows.map((r) => r.id);
}

/**
 * Deletes the records; their replacement rows go with them and the triggers
 * recompute what is left of their partitions. The partitions' locks are taken first, all in one
 * order: the unlink's trigger would take the customers' and the delete's the browsers', and a
 * writer takes browsers' before customers' (its records, then their links).
 */
export async function deleteRecords(db: Executor, ids: string[]): Promise<number> {
  if (ids.length === 0) return 0;
  await sql`select set_config('custodian.retention_sweep', 'consent_proof', true),
    consent_replacements_lock(
      array(select distinct visitor_id from consent_records
        where id = any(${ids}::uuid[]) and visitor_id is not null),
      array(select distinct l.customer_id from consent_customer_links l
        join consent_records cr on cr.id = l.record_id
        where l.record_id = any(${ids}::uuid[]) and cr.visitor_id is null))`.execute(db);
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
  const held = heldSql(holds);
  const { rows } = await sql<{ due: string; held: string; next: Date | null }>`
    select
      (select count(*) from consent_replacements r
        where r.replaced_at < ${before} and not ${held}) as due,
      (select count(*) from consent_replacements r
        where r.replaced_at < ${before} and ${held}) as held,
      (select r.replaced_at from consent_replacements r
        where r.replaced_at >= ${before} and not ${held}
        order by r.replaced_at limit 1) as next`.execute(db);
  const row = rows[0]!;
  return {
    due: Number(row.due),
    held: Number(row.held),
    nextAnchor: row.next && new Date(row.next),
  };
}
