/**
 * The customer sweeps' SQL. Last activity is the later of the account's own (sign-ins, changes:
 * `last_active_at`) and its latest order. A customer with an erasure request under way is not due
 * again: the rights engine is ending the account.
 */
import { sql, type RawBuilder } from 'kysely';
import type { Executor } from '../core/personal-data-registry.ts';
import { censusFrom } from '../core/retention-source.ts';
import { asUuid } from '../kit/db/uuid.ts';
import { among, type HeldData, type SweepCensus } from '../core/retention-sweeps.ts';

const day = 86_400_000;

/**
 * `narrow`: a condition on the customer row that every record the caller wants meets anyway (the
 * anchor is never before `last_active_at`), so the latest order is looked up for those only, not
 * for every account each batch.
 */
function activity(holds: HeldData, narrow: RawBuilder<boolean> = sql<boolean>`true`) {
  return sql`(
    select c.id::text as id, ${among('c.id', holds.customerIds)} as held, c.inactivity_notice_at as notice,
      c.last_active_at as active, greatest(c.last_active_at, (select max(o.created_at) from orders o where o.customer_id = c.id::text))
        as anchor
    from customers c
    where ${narrow} and not exists (
      select 1 from dsr_requests r
      where r.customer_id::text = c.id::text and r.type = 'erasure' and r.status in ('received', 'verified', 'running')
    )
  )`;
}

/**
 * Due for erasure: inactive since before `before`, and told so (a notice after the last
 * activity) at least `noticeDays` ago. An account the sweep first sees already past its period
 * is told first and erased `noticeDays` later.
 */
export async function dueInactive(
  db: Executor,
  w: { before: Date; now: Date; holds: HeldData },
  noticeDays: number,
  limit: number,
): Promise<string[]> {
  const toldBy = new Date(w.now.getTime() - noticeDays * day);
  const { rows } = await sql<{ id: string }>`
    select id from ${activity(w.holds, sql<boolean>`c.last_active_at < ${w.before} and c.inactivity_notice_at <= ${toldBy}`)} a
    where anchor < ${w.before} and not held and notice >= anchor and notice <= ${toldBy}
    order by anchor, id limit ${limit}`.execute(db);
  return rows.map((r) => r.id);
}

/**
 * Candidates for the notice, oldest first after `after`: not held, not told since the last
 * activity, and inactive for the period less `noticeDays` give or take a few days (the caller
 * decides exactly, by the rule's calendar: a year of months is no fixed number of days).
 */
export async function inactivityNoticeCandidates(
  db: Executor,
  w: { before: Date; holds: HeldData },
  noticeDays: number,
  after: { anchor: Date; id: string } | undefined,
  limit: number,
): Promise<{ id: string; anchor: Date }[]> {
  const horizon = new Date(w.before.getTime() + (noticeDays + 3) * day);
  const { rows } = await sql<{ id: string; anchor: Date }>`
    select id, anchor from ${activity(w.holds, sql<boolean>`c.last_active_at < ${horizon}`)} a
    where anchor < ${horizon} and not held and (notice is null or notice < anchor)
      and ${after ? sql`(anchor, id) > (${after.anchor}, ${after.id})` : sql`true`}
    order by anchor, id limit ${limit}`.execute(db);
  return rows.map((r) => ({ id: r.id, anchor: new Date(r.anchor) }));
}

/** Records that the customer was told; not activity (`last_active_at` stays). */
export async function markInactivityNotice(
  db: Executor,
  customerId: string,
  at: Date,
): Promise<void> {
  await db
    .updateTable('customers')
    .set({ inactivity_notice_at: at })
    .where('id', '=', customerId)
    .execute();
}

/**
 * Accounts past their period and not held (each ended once told: at once if told a notice
 * period ago, else that long after its notice), what a hold keeps, and the next to come due.
 * The staff console's retention page and `custodian retention plan` ask for it on every view.
 */
export async function inactiveCensus(
  db: Executor,
  before: Date,
  holds: HeldData,
): Promise<SweepCensus> {
  const { due, held } = await inactiveDue(db, before, holds);
  return { due, held, nextAnchor: await nextInactiveAnchor(db, before, holds) };
}

/**
 * The earliest last activity at or after `before` of an account not held and not being erased:
 * when the next account comes due. Not a minimum over every account (a pass over the table with
 * one probe of the orders each: 38–90 s at a million customers), but over the few an index range
 * can reach. An account's anchor is never before its `last_active_at`, and is the date of its
 * latest order when that is later; so any account's anchor at or after `before` bounds the
 * answer (`bound`), and only accounts active between `before` and the bound, or with an order
 * then, can have an anchor below it. The bound comes from the first accounts by their own
 * activity and the first by their orders, each read from its index in order.
 */
async function nextInactiveAnchor(
  db: Executor,
  before: Date,
  holds: HeldData,
): Promise<Date | null> {
  const FIRST = 100;
  const bound = await sql<{ bound: Date | null }>`
    select least(
      (select min(anchor) from (
        select anchor from ${activity(holds, sql<boolean>`c.last_active_at >= ${before}`)} a
        where not held order by active limit ${FIRST}) f),
      (select min(anchor) from (
        select a.anchor from orders o cross join lateral ${activity(holds, sql<boolean>`c.id = ${asUuid('o.customer_id')}`)} a
        where o.created_at >= ${before} and not a.held order by o.created_at limit ${FIRST}) f)
    ) as bound`.execute(db);
  const found = bound.rows[0]?.bound;
  if (!found) return null;
  // A millisecond on: the driver's Date drops the timestamp's microseconds.
  const upTo = new Date(new Date(found).getTime() + 1);
  // Accounts active in the range, then those active before it (so their anchor is their latest
  // order) with an order in it.
  const { rows } = await sql<{ next: Date | null }>`
    select least(
      (select min(anchor) from ${activity(holds, sql<boolean>`c.last_active_at >= ${before} and c.last_active_at <= ${upTo}`)} a
        where not held),
      (select min(a.anchor) from (
          select distinct customer_id from orders where created_at >= ${before} and created_at <= ${upTo}
        ) o cross join lateral ${activity(holds, sql<boolean>`c.id = ${asUuid('o.customer_id')} and c.last_active_at < ${before}`)} a
        where not a.held)
    ) as next`.execute(db);
  const next = rows[0]?.next;
  return next ? new Date(next) : null;
}

/**
 * {@link inactiveCensus} without the next anchor, for a run (which has no use for it): the expired
 * part only, found by the `last_active_at` index (an anchor before `before` has its
 * `last_active_at` before it too), so only those accounts' latest orders are looked up. The next
 * anchor would need every young account's latest order: a pass over the whole table and one
 * probe of the orders per account (seconds a run at a million customers).
 */
export async function inactiveDue(
  db: Executor,
  before: Date,
  holds: HeldData,
): Promise<{ due: number; held: number }> {
  const { rows } = await sql<{ due: string; held: string }>`
    select count(*) filter (where not held) as due, count(*) filter (where held) as held
    from ${activity(holds, sql<boolean>`c.last_active_at < ${before}`)} a
    where anchor < ${before}`.execute(db);
  return { due: Number(rows[0]!.due), held: Number(rows[0]!.held) };
}

function closing(holds: HeldData) {
  return sql`(
    select r.id, r.received_at as anchor, ${among('r.customer_id', holds.customerIds)} as held
    from dsr_requests r join customers c on c.id = ${asUuid('r.customer_id')}
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

export function closingCensus(db: Executor, before: Date, holds: HeldData): Promise<SweepCensus> {
  return censusFrom(db, closing(holds), before);
}
