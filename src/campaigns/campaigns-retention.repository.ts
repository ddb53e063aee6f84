/** The campaign send records' sweep source: one row per send, keyed `campaign id:subscription id`. */
import { sql } from 'kysely';
import type { Executor } from '../core/personal-data-registry.ts';
import { among, type HeldData } from '../core/retention-sweeps.ts';

export function campaignSendSource(holds: HeldData) {
  return sql`(
    select campaign_id::text || ':' || subscription_id::text as key, at as anchor,
      ${among('customer_id', holds.customerIds)} as held
    from campaign_sends
  )`;
}

export async function deleteCampaignSends(db: Executor, keys: string[]): Promise<number> {
  if (keys.length === 0) return 0;
  const r = await sql`
    delete from campaign_sends
    where campaign_id::text || ':' || subscription_id::text in (${sql.join(keys)})`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}
