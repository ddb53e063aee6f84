/**
 * The sweep of finished data-subject requests (`system_logs`: 12 months from the answer). A
 * request whose effect is still in force stays: a restriction not lifted, an objection upheld.
 * Its steps, links, export, details and notices go with it (foreign keys cascade).
 */
import { sql } from 'kysely';
import type { Executor } from '../../core/personal-data-registry.ts';
import { among, type HeldData } from '../../core/retention-sweeps.ts';

export function finishedRequests(holds: HeldData) {
  return sql`(
    select r.id as key, coalesce(r.completed_at, r.refused_at) as anchor, ${among('r.customer_id', holds.customerIds)} as held
    from dsr_requests r
    where r.status in ('done', 'refused', 'expired')
      and coalesce(r.completed_at, r.refused_at) is not null
      and not exists (
        select 1 from processing_restrictions p where p.request_id = r.id and p.lifted_at is null
      )
      and not exists (select 1 from dsr_objections o where o.request_id = r.id and o.decision = 'upheld')
  )`;
}

/**
 * Finds and deletes up to `limit` due requests in one statement (the sweep's `endDue`), oldest
 * first, with their lifted restrictions (which name the request but do not cascade). The rows
 * are locked as they are chosen (skipping any the engine holds), and re-checked if changed.
 */
export async function deleteDueRequests(
  db: Executor,
  before: Date,
  holds: HeldData,
  limit: number,
): Promise<number> {
  const { rows } = await sql<{ n: string }>`
    with due as (
      select r.id from dsr_requests r
      where r.status in ('done', 'refused', 'expired')
        and coalesce(r.completed_at, r.refused_at) < ${before}
        and not ${among('r.customer_id', holds.customerIds)}
        and not exists (
          select 1 from processing_restrictions p where p.request_id = r.id and p.lifted_at is null
        )
        and not exists (
          select 1 from dsr_objections o where o.request_id = r.id and o.decision = 'upheld'
        )
      order by coalesce(r.completed_at, r.refused_at), r.id limit ${limit}
      for update of r skip locked
    ),
    lifted as (
      delete from processing_restrictions
      where lifted_at is not null and request_id in (select id from due)
    ),
    gone as (delete from dsr_requests where id in (select id from due) returning 1)
    select count(*) as n from gone`.execute(db);
  return Number(rows[0]!.n);
}

export async function deleteRequests(db: Executor, ids: string[]): Promise<number> {
  if (ids.length === 0) return 0;
  // By the uuid itself, not its text: `id::text in (…)` can use no index, a scan per batch.
  const list = sql.join(ids.map((id) => sql`${id}::uuid`));
  // A lifted restriction's row names the request; it goes first (no cascade on it).
  await sql`delete from processing_restrictions where lifted_at is not null
    and request_id in (${list})`.execute(db);
  const r = await sql`delete from dsr_requests where id in (${list})`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}
