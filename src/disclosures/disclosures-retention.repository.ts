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
    select id as key, disclosed_at as anchor, ${heldEntry(holds)} as held
    from disclosures
  )`;
}

/** An entry under the pseudonym of a held customer. */
function heldEntry(holds: HeldData) {
  return sql`(subject_pseudonym in (
    select pseudonym from vault_pseudonyms where ${among('subject_id', holds.customerIds)}
  ))`;
}

export async function deleteDisclosures(db: Executor, ids: string[]): Promise<number> {
  if (ids.length === 0) return 0;
  // By the uuid itself, not its text (`id::text in (…)` can use no index: a scan per batch), and
  // as one array, not a parameter per key.
  const r = await sql`delete from disclosures where id = any(${ids}::uuid[])`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}

/**
 * The statement that finds and deletes up to `limit` due entries (the sweep's `endDueSql`, one
 * row returned per entry), oldest first from `disclosures_due`. The rows are locked as they are
 * chosen (skipping any a writer holds), so a row changed meanwhile is re-checked against the
 * boundary, never deleted young.
 */
export function deleteDueDisclosures(before: Date, holds: HeldData, limit: number) {
  return sql`
    delete from disclosures where id in (
      select id from disclosures
      where disclosed_at < ${before} and not ${heldEntry(holds)}
      order by disclosed_at, id limit ${limit}
      for update skip locked)
    returning 1`;
}
