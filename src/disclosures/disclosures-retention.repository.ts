/** The disclosure log's sweep: entries older than 12 months go (`system_logs`). */
import { sql } from 'kysely';
import type { Executor } from '../core/personal-data-registry.ts';
import { among, type HeldData } from '../core/retention-sweeps.ts';

/** Entries under the pseudonym of a held customer are held with them. */
export function disclosureSource(holds: HeldData) {
  return sql`(
    select id::text as key, disclosed_at as anchor,
      subject_pseudonym in (
        select pseudonym from vault_pseudonyms where ${among('subject_id', holds.customerIds)}
      ) as held
    from disclosures
  )`;
}

export async function deleteDisclosures(db: Executor, ids: string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const r = await sql`delete from disclosures where id::text in (${sql.join(ids)})`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}
