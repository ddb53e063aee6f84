/**
 * The browsing sweep's SQL: events older than 13 months lose their pseudonym and their search
 * text (anonymised: what was viewed stays for statistics, nobody's). An anonymised event has an
 * empty visitor id, so it is never due again.
 */
import { sql } from 'kysely';
import type { Executor } from '../core/personal-data-registry.ts';
import { censusFrom } from '../core/retention-source.ts';
import { among, type HeldData, type SweepCensus } from '../core/retention-sweeps.ts';

/** Pseudonyms of held customers: their events are held with them. */
function heldPseudonyms(holds: HeldData) {
  return sql<string>`(select pseudonym from vault_pseudonyms where ${among('subject_id', holds.customerIds)})`;
}

/**
 * Oldest first by the column itself (`id` alone would name the text alias, an order no index
 * gives): the partial index `browsing_events_due` then yields the batch without reading the
 * events already anonymised.
 */
export async function dueEvents(
  db: Executor,
  before: Date,
  holds: HeldData,
  limit: number,
): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`
    select id::text as id from browsing_events
    where occurred_at < ${before} and visitor_id <> ''
      and visitor_id not in ${heldPseudonyms(holds)}
    order by occurred_at, browsing_events.id limit ${limit}`.execute(db);
  return rows.map((r) => r.id);
}

export async function anonymiseEvents(db: Executor, ids: string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const r = await sql`
    update browsing_events set visitor_id = '', search = null
    where visitor_id <> '' and id = any(${ids}::bigint[])`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}

export function eventCensus(db: Executor, before: Date, holds: HeldData): Promise<SweepCensus> {
  return censusFrom(
    db,
    sql`(select occurred_at as anchor, visitor_id in ${heldPseudonyms(holds)} as held
      from browsing_events where visitor_id <> '')`,
    before,
  );
}
