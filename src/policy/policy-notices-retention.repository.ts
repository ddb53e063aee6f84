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
  const r = await sql`
    delete from policy_notices
    where policy_version::text || ':' || customer_id::text in (${sql.join(keys)})`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}
