/**
 * The customer sweeps' SQL. Last activity is the later of the account's own (sign-ins, changes:
 * `last_active_at`) and its latest order. A customer with an erasure request under way is not due
 * again: the rights engine is ending the account.
 */
import { sql } from 'kysely';
import type { Executor } from '../core/personal-data-registry.ts';
import { among, type HeldData, type SweepCensus } from '../core/retention-sweeps.ts';

function activity(holds: HeldData) {
  return sql`(
    select c.id::text as id, ${among('c.id', holds.customerIds)} as held,
      greatest(c.last_active_at, (select max(o.created_at) from orders o where o.customer_id = c.id::text))
        as anchor
    from customers c
    where not exists (
      select 1 from dsr_requests r
      where r.customer_id::text = c.id::text and r.type = 'erasure' and r.status in ('received', 'verified', 'running')
    )
  )`;
}

export async function dueInactive(
  db: Executor,
  before: Date,
  holds: HeldData,
  limit: number,
): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`
    select id from ${activity(holds)} a where anchor < ${before} and not held
    order by anchor, id limit ${limit}`.execute(db);
  return rows.map((r) => r.id);
}

export async function inactiveCensus(
  db: Executor,
  before: Date,
  holds: HeldData,
): Promise<SweepCensus> {
  const { rows } = await sql<{ due: string; held: string; next: Date | null }>`
    select
      count(*) filter (where anchor < ${before} and not held) as due,
      count(*) filter (where anchor < ${before} and held) as held,
      min(anchor) filter (where anchor >= ${before} and not held) as next
    from ${activity(holds)} a`.execute(db);
  const row = rows[0]!;
  return {
    due: Number(row.due),
    held: Number(row.held),
    nextAnchor: row.next && new Date(row.next),
  };
}

function closing(holds: HeldData) {
  return sql`(
    select r.id, r.received_at as anchor, ${among('r.customer_id', holds.customerIds)} as held
    from dsr_requests r join customers c on c.id::text = r.customer_id::text
    where r.type = 'erasure' and r.status in ('verified', 'running')
  )`;
}

/** Erasures of closed accounts still unfinished: the 30-day backstop of the `account` rule. */
export async function dueClosings(
  db: Executor,
  before: Date,
  holds: HeldData,
  limit: number,
): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`
    select id from ${closing(holds)} c where anchor < ${before} and not held
    order by anchor, id limit ${limit}`.execute(db);
  return rows.map((r) => r.id);
}

export async function closingCensus(
  db: Executor,
  before: Date,
  holds: HeldData,
): Promise<SweepCensus> {
  const { rows } = await sql<{ due: string; held: string; next: Date | null }>`
    select
      count(*) filter (where anchor < ${before} and not held) as due,
      count(*) filter (where anchor < ${before} and held) as held,
      min(anchor) filter (where anchor >= ${before} and not held) as next
    from ${closing(holds)} c`.execute(db);
  const row = rows[0]!;
  return {
    due: Number(row.due),
    held: Number(row.held),
    nextAnchor: row.next && new Date(row.next),
  };
}
