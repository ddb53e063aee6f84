/** The bounce list's sweep source: one row per address (its blind index), from the last bounce. */
import { sql } from 'kysely';
import type { Executor } from '../core/personal-data-registry.ts';

export function bounceSource() {
  // No customer link to hold: an index of an address that bounced is nobody's record to keep.
  return sql`(select email_index as key, bounced_at as anchor, false as held from mail_bounces)`;
}

/**
 * The statement that finds and deletes up to `limit` due addresses (the sweep's `endDueSql`, one
 * row returned per address), oldest first from `mail_bounces_due`. The rows are locked as they
 * are chosen (skipping any a writer holds): an address that bounced again meanwhile is re-checked
 * against the boundary, never deleted young.
 */
export function deleteDueBounces(before: Date, limit: number) {
  return sql`
    delete from mail_bounces where email_index in (
      select email_index from mail_bounces where bounced_at < ${before}
      order by bounced_at, email_index limit ${limit}
      for update skip locked)
    returning 1`;
}

export async function deleteBounces(db: Executor, keys: string[]): Promise<number> {
  if (keys.length === 0) return 0;
  const r = await sql`delete from mail_bounces where email_index in (${sql.join(keys)})`.execute(
    db,
  );
  return Number(r.numAffectedRows ?? 0);
}
