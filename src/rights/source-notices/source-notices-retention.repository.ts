/**
 * The Art. 14 notices' sweep source: one row per notice, from when it was sent. A notice not yet
 * sent has no anchor, so it is never due: the duty to tell outlives any log period.
 */
import { sql } from 'kysely';
import type { Executor } from '../../core/personal-data-registry.ts';
import { among, type HeldData } from '../../core/retention-sweeps.ts';

export function sourceNoticeSource(holds: HeldData) {
  return sql`(
    select id as key, sent_at as anchor, ${among('customer_id', holds.customerIds)} as held
    from source_notices
  )`;
}

export async function deleteSourceNotices(db: Executor, keys: string[]): Promise<number> {
  if (keys.length === 0) return 0;
  // By the uuid itself, not its text (`id::text in (…)` can use no index: a scan per batch), and
  // as one array, not a parameter per key.
  const r = await sql`delete from source_notices where id = any(${keys}::uuid[])`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}
