/**
 * The browsing sweep's SQL: events older than 13 months lose their pseudonym and their search
 * text (anonymised: what was viewed stays for statistics, nobody's). An anonymised event has an
 * empty visitor id, so it is never due again.
 */
import { sql } from 'kysely';
import type { Executor } from '../core/personal-data-registry.ts';
import { among, type HeldData, type SweepCensus } from '../core/retention-sweeps.ts';

/** Pseudonyms of held customers: their events are held with them. */
function heldPseudonyms(holds: HeldData) {
  return sql<string>`(select pseudonym from vault_pseudonyms where ${among('subject_id', holds.customerIds)})`;
}

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
    order by occurred_at, id limit ${limit}`.execute(db);
  return rows.map((r) => r.id);
}

export async function anonymiseEvents(db: Executor, ids: string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const r = await sql`
    update browsing_events set visitor_id = '', search = null
    where visitor_id <> '' and id in (${sql.join(ids.map((id) => sql`${id}::bigint`))})`.execute(
    db,
  );
  return Number(r.numAffectedRows ?? 0);
}

export async function eventCensus(
  db: Executor,
  before: Date,
  holds: HeldData,
): Promise<SweepCensus> {
  const { rows } = await sql<{ due: string; held: string; next: Date | null }>`
    select
      count(*) filter (where occurred_at < ${before} and not e.held) as due,
      count(*) filter (where occurred_at < ${before} and e.held) as held,
      min(occurred_at) filter (where occurred_at >= ${before} and not e.held) as next
    from (select occurred_at, visitor_id in ${heldPseudonyms(holds)} as held
          from browsing_events where visitor_id <> '') e`.execute(db);
  const row = rows[0]!;
  return {
    due: Number(row.due),
    held: Number(row.held),
    nextAnchor: row.next && new Date(row.next),
  };
}
