/** The breach notices' sweep source: one row per notice, keyed `breach id:pseudonym`. */
import { sql } from 'kysely';
import type { Executor } from '../core/personal-data-registry.ts';
import { among, type HeldData } from '../core/retention-sweeps.ts';

export function noticeSource(holds: HeldData) {
  return sql`(
    select breach_id::text || ':' || subject_pseudonym as key, at as anchor,
      subject_pseudonym in (
        select pseudonym from vault_pseudonyms where ${among('subject_id', holds.customerIds)}
      ) as held
    from breach_notices
  )`;
}

export async function deleteNotices(db: Executor, keys: string[]): Promise<number> {
  if (keys.length === 0) return 0;
  // By the primary key's own columns: the key's text can use no index, a scan per batch. The
  // breach id is a uuid (no ':'), so the pseudonym is all after the first ':'.
  const breaches = keys.map((k) => k.slice(0, k.indexOf(':')));
  const pseudonyms = keys.map((k) => k.slice(k.indexOf(':') + 1));
  const r = await sql`
    delete from breach_notices where (breach_id, subject_pseudonym) in (
      select * from unnest(${breaches}::uuid[], ${pseudonyms}::text[]))`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}
