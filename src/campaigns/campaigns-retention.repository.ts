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
  // By the primary key's own columns: the key's text can use no index, a scan per batch.
  const campaigns = keys.map((k) => k.slice(0, k.indexOf(':')));
  const subscriptions = keys.map((k) => k.slice(k.indexOf(':') + 1));
  const r = await sql`
    delete from campaign_sends where (campaign_id, subscription_id) in (
      select * from unnest(${campaigns}::uuid[], ${subscriptions}::uuid[]))`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}

/**
 * The statement that finds and deletes up to `limit` due sends (the sweep's `endDueSql`, one row
 * returned per send), oldest first, by the primary key's columns. The rows are locked as they are
 * chosen (skipping any a writer holds), so a row changed meanwhile is re-checked against the
 * boundary, never deleted young.
 */
export function deleteDueCampaignSends(before: Date, holds: HeldData, limit: number) {
  return sql`
    delete from campaign_sends where (campaign_id, subscription_id) in (
      select campaign_id, subscription_id from campaign_sends
      where at < ${before} and not ${among('customer_id', holds.customerIds)}
      order by at, campaign_id, subscription_id limit ${limit}
      for update skip locked)
    returning 1`;
}
