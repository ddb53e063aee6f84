/**
 * Newsletter data under `consent_proof`: a subscription never confirmed (no consent was given;
 * its token lapsed long ago) and a suppression (the keyed hash that proves an unsubscribe) go
 * 3 years after they were made. A confirmed subscription is the consent in force and stays.
 */
import { sql } from 'kysely';
import type { Executor } from '../core/personal-data-registry.ts';
import { among, type HeldData } from '../core/retention-sweeps.ts';

export function newsletterSource(holds: HeldData) {
  return sql`(
    select 's:' || id as key, created_at as anchor, ${among('customer_id', holds.customerIds)} as held
    from newsletter_subscriptions where status = 'pending'
    union all
    select 'x:' || email_index, suppressed_at, false from newsletter_suppressions
  )`;
}

/** Deletes the subscriptions (tokens cascade) and suppressions; returns the subscriptions' ids. */
export async function deleteNewsletterRows(
  db: Executor,
  keys: string[],
): Promise<{ count: number; subscriptions: string[] }> {
  const subs = keys.filter((k) => k.startsWith('s:')).map((k) => k.slice(2));
  const supp = keys.filter((k) => k.startsWith('x:')).map((k) => k.slice(2));
  let count = 0;
  if (subs.length > 0) {
    const r = await sql`delete from newsletter_subscriptions
      where status = 'pending' and id in (${sql.join(subs)})`.execute(db);
    count += Number(r.numAffectedRows ?? 0);
  }
  if (supp.length > 0) {
    const r = await sql`delete from newsletter_suppressions
      where email_index in (${sql.join(supp)})`.execute(db);
    count += Number(r.numAffectedRows ?? 0);
  }
  return { count, subscriptions: subs };
}
