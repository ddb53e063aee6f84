/** The policy notices' sweep source: one row per notice, keyed `policy version:customer id`. */
import { sql } from 'kysely';
import type { Executor } from '../core/personal-data-registry.ts';
import { among, type HeldData } from '../core/retention-sweeps.ts';

export function policyNoticeSource(holds: HeldData) {
  return sql`(
    select policy_version::text || ':' || customer_id::text as key, recorded_at as anchor,
      ${among('customer_id', holds.customerIds)} as held
    from policy_notices
  )`;
}

export async function deletePolicyNotices(db: Executor, keys: string[]): Promise<number> {
  if (keys.length === 0) return 0;
  // By the primary key's own columns: the key's text can use no index, a scan per batch.
  const versions = keys.map((k) => Number(k.slice(0, k.indexOf(':'))));
  const customers = keys.map((k) => k.slice(k.indexOf(':') + 1));
  const r = await sql`
    delete from policy_notices where (policy_version, customer_id) in (
      select * from unnest(${versions}::integer[], ${customers}::uuid[]))`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}

/**
 * The statement that finds and deletes up to `limit` due notices (the sweep's `endDueSql`, one
 * row returned per notice), oldest first, by the primary key's columns. The rows are locked as
 * they are chosen (skipping any a writer holds), so a row changed meanwhile is re-checked against
 * the boundary, never deleted young.
 */
export function deleteDuePolicyNotices(before: Date, holds: HeldData, limit: number) {
  return sql`
    delete from policy_notices where (policy_version, customer_id) in (
      select policy_version, customer_id from policy_notices
      where recorded_at < ${before} and not ${among('customer_id', holds.customerIds)}
      order by recorded_at, policy_version, customer_id limit ${limit}
      for update skip locked)
    returning 1`;
}
