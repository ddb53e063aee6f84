/** The disclosure log's sweep: entries older than 12 months go (`system_logs`). */
import { sql } from 'kysely';
import type { Executor } from '../core/personal-data-registry.ts';
import { among, type HeldData } from '../core/retention-sweeps.ts';

/**
 * Entries under the pseudonym of a held customer are held with them. The key is the uuid itself
 * (the driver hands it over as text): due records come in (anchor, key) order straight from the
 * index `disclosures_due`, with no sort of every expired entry per batch.
 */
export function disclosureSource(holds: HeldData) {
  return sql`(
    select id as key, disclosed_at as anchor,
      subject_pseudonym in (
        select pseudonym from vault_pseudonyms where ${among('subject_id', holds.customerIds)}
      ) as held
    from disclosures
  )`;
}

export async function deleteDisclosures(db: Executor, ids: string[]): Promise<number> {
  if (ids.length === 0) return 0;
  // By the uuid itself, not its text (`id::text in (…)` can use no index: a scan per batch), and
  // as one array, not a parameter per key.
  const r = await sql`delete from disclosures where id = any(${ids}::uuid[])`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}
