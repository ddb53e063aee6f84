/**
 * The Art. 14 notices' sweep source: one row per notice, from when it was sent. A notice not yet
 * sent has no anchor, so it is never due: the duty to tell outlives any log period.
 */
import { sql } from 'kysely';
import type { Executor } from '../../core/personal-data-registry.ts';
import { among, type HeldData } from '../../core/retention-sweeps.ts';

export function sourceNoticeSource(holds: HeldData) {
  return sql`(
    select id::text as key, sent_at as anchor, ${among('customer_id', holds.customerIds)} as held
    from source_notices
  )`;
}

export async function deleteSourceNotices(db: Executor, keys: string[]): Promise<number> {
  if (keys.length === 0) return 0;
  const r = await sql`delete from source_notices where id::text in (${sql.join(keys)})`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}
