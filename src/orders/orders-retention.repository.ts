/**
 * The order sweeps' SQL. An order is held when it, or its customer, is. Each sweep marks what it
 * ended (`anonymised_at`, `vouchers_ended_at`) or deletes it, so an ended order is never due again.
 */
import { sql, type RawBuilder } from 'kysely';
import type { Executor } from '../core/personal-data-registry.ts';
import { censusFrom } from '../core/retention-source.ts';
import { among, type HeldData, type SweepCensus } from '../core/retention-sweeps.ts';

function heldOrder(holds: HeldData): RawBuilder<boolean> {
  // By subject too: an anonymised order of a registered customer keeps their id as its subject.
  return sql<boolean>`(${among('id', holds.orderIds)} or ${among('customer_id', holds.customerIds)}
    or ${among('subject_id', holds.customerIds)})`;
}

/** One order sweep: which orders it may see, and the date its period runs from. */
export interface OrderScope {
  pending: RawBuilder<boolean>;
  anchor: RawBuilder<Date>;
}

export const completedOrders: OrderScope = {
  pending: sql<boolean>`anonymised_at is null`,
  // An order never delivered counts as completed when placed: it can end no later than that.
  anchor: sql<Date>`coalesce(delivered_at, created_at)`,
};
export const orderVouchers: OrderScope = {
  pending: sql<boolean>`vouchers_ended_at is null`,
  anchor: sql<Date>`created_at`,
};
/** The books end after the vouchers in every financial year, so a booked order's vouchers are gone. */
export const orderBooks: OrderScope = {
  pending: sql<boolean>`vouchers_ended_at is not null`,
  anchor: sql<Date>`created_at`,
};

export async function dueOrders(
  db: Executor,
  scope: OrderScope,
  before: Date,
  holds: HeldData,
  limit: number,
): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`
    select id from orders
    where ${scope.pending} and ${scope.anchor} < ${before} and not ${heldOrder(holds)}
    order by ${scope.anchor}, id limit ${limit}`.execute(db);
  return rows.map((r) => r.id);
}

/**
 * {@link heldOrder} as a condition the planner can answer from the indexes on `id`, `customer_id`
 * and `subject_id` (a few lookups per hold): for counting held orders, where a null (no customer)
 * counts as not held either way.
 */
function heldOrderIndexed(holds: HeldData): RawBuilder<boolean> {
  const inList = (column: string, ids: readonly string[]) =>
    ids.length === 0
      ? sql<boolean>`false`
      : sql<boolean>`${sql.ref(column)} in (${sql.join(ids.map((id) => sql`${id}`))})`;
  return sql<boolean>`(${inList('id', holds.orderIds)} or ${inList('customer_id', holds.customerIds)}
    or ${inList('subject_id', holds.customerIds)})`;
}

/**
 * An order sweep's census: the expired orders counted from the sweep's partial index alone, the
 * held among them by the holds' own lookups, and the next anchor by one step down the index. Not
 * the shared census (due and held counted over every expired row): with a hold in force, `held`
 * needs each row's buyer, and at 5,000,000 orders PostgreSQL planned that count as a parallel scan
 * of every order, compiled (JIT) for it: 2 s at the start of every run, for 166,666 due.
 */
export async function orderCensus(
  db: Executor,
  scope: OrderScope,
  before: Date,
  holds: HeldData,
): Promise<SweepCensus> {
  const expired = sql`${scope.pending} and ${scope.anchor} < ${before}`;
  const { rows } = await sql<{ expired: string; held: string; next: Date | null }>`
    select (select count(*) from orders where ${expired}) as expired,
      (select count(*) from orders where ${expired} and ${heldOrderIndexed(holds)}) as held,
      (select min(${scope.anchor}) from orders
        where ${scope.pending} and ${scope.anchor} >= ${before} and not ${heldOrder(holds)}) as next`.execute(
    db,
  );
  const r = rows[0]!;
  const held = Number(r.held);
  return {
    due: Number(r.expired) - held,
    held,
    nextAnchor: r.next === null ? null : new Date(r.next),
  };
}

/** The keys as one array parameter (not one parameter each: a batch has hundreds). */
const list = (ids: string[]) => sql`select unnest(${ids}::text[])`;

/**
 * Consumer trade over: the order no longer leads to the buyer (account, email index, delivery
 * details, tracking). Returns the guest subjects whose profile key is now to be shredded.
 */
export async function anonymiseOrders(
  db: Executor,
  ids: string[],
  now: Date,
): Promise<{ count: number; guestSubjects: string[] }> {
  if (ids.length === 0) return { count: 0, guestSubjects: [] };
  const { rows } = await sql<{ subject_id: string; customer_id: string | null }>`
    update orders o set customer_id = null, email_index = '', contact_sealed = null,
      tracking_id = null, whatsapp_notices = false, carrier = '', anonymised_at = ${now}
    from orders old
    where o.id = old.id and o.anonymised_at is null and o.id in (${list(ids)})
    returning o.subject_id, old.customer_id`.execute(db);
  return {
    count: rows.length,
    guestSubjects: rows.filter((r) => r.customer_id === null).map((r) => r.subject_id),
  };
}

/**
 * {@link dueOrders} of {@link completedOrders} and {@link anonymiseOrders} of them in one
 * statement (the consumer trade sweep's `endDue`): the oldest `limit` orders due, locked as they
 * are chosen (skipping any a writer holds, and re-checked against the boundary if changed
 * meanwhile), anonymised. Returns how many, and the guest subjects whose profile key is now to be
 * shredded (the buyer as it was: the locked row's, not a second read of it).
 */
export async function anonymiseDueOrders(
  db: Executor,
  before: Date,
  holds: HeldData,
  now: Date,
  limit: number,
): Promise<{ count: number; guestSubjects: string[] }> {
  const { rows } = await sql<{ subject_id: string; customer_id: string | null }>`
    with due as (
      select id, customer_id from orders
      where ${completedOrders.pending} and ${completedOrders.anchor} < ${before}
        and not ${heldOrder(holds)}
      order by ${completedOrders.anchor}, id limit ${limit}
      for update skip locked)
    update orders o set customer_id = null, email_index = '', contact_sealed = null,
      tracking_id = null, whatsapp_notices = false, carrier = '', anonymised_at = ${now}
    from due
    where o.id = due.id
    returning o.subject_id, due.customer_id`.execute(db);
  return {
    count: rows.length,
    guestSubjects: rows.filter((r) => r.customer_id === null).map((r) => r.subject_id),
  };
}

/** Vouchers over: the billing copy, the identity code and the payment references go. */
export async function endVouchers(db: Executor, ids: string[], now: Date): Promise<number> {
  if (ids.length === 0) return 0;
  const r = await sql`
    update orders set billing_sealed = null, identity_code_sealed = null, payment_reference = null,
      collection_case = null, payment_method = '', vouchers_ended_at = ${now}
    where vouchers_ended_at is null and id in (${list(ids)})`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}

/**
 * {@link dueOrders} of {@link orderVouchers} and {@link endVouchers} of them as one statement (the
 * vouchers sweep's `endDueSql`, one row returned per order ended): the oldest `limit` orders due,
 * their vouchers ended. Not locked as they are chosen (`for update`): the lock wrote every row's
 * page once more before the update wrote it (at 5,000,000 orders a batch took 2-3× the raw
 * update); as in {@link endVouchers}, a row a writer changed meanwhile is waited for and the
 * update's own condition re-checked on the row as committed, so it is never ended twice or young.
 */
export function endDueVouchersSql(before: Date, holds: HeldData, now: Date, limit: number) {
  const due = sql`${orderVouchers.pending} and ${orderVouchers.anchor} < ${before}`;
  return sql`
    update orders set billing_sealed = null, identity_code_sealed = null, payment_reference = null,
      collection_case = null, payment_method = '', vouchers_ended_at = ${now}
    where ${due} and id in (
      select id from orders where ${due} and not ${heldOrder(holds)}
      order by ${orderVouchers.anchor}, id limit ${limit})
    returning 1`;
}

/** Books over: the orders go (their lines with them); returns their vault subjects. */
export async function deleteOrders(db: Executor, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const { rows } = await sql<{ subject_id: string }>`
    delete from orders where id in (${list(ids)}) returning subject_id`.execute(db);
  return [...new Set(rows.map((r) => r.subject_id))];
}

/**
 * {@link dueOrders} of {@link orderBooks} and {@link deleteOrders} of them in one statement (the
 * books sweep's `endDue`): the oldest `limit` orders due, deleted with their lines (not locked as
 * chosen, as {@link endDueVouchersSql}: a row changed meanwhile is re-checked by the delete's own
 * condition). Returns how many, and their vault subjects.
 */
export async function deleteDueBooks(
  db: Executor,
  before: Date,
  holds: HeldData,
  limit: number,
): Promise<{ count: number; subjects: string[] }> {
  const { rows } = await sql<{ subject_id: string }>`
    delete from orders where ${orderBooks.pending} and ${orderBooks.anchor} < ${before} and id in (
      select id from orders
      where ${orderBooks.pending} and ${orderBooks.anchor} < ${before} and not ${heldOrder(holds)}
      order by ${orderBooks.anchor}, id limit ${limit})
    returning subject_id`.execute(db);
  return { count: rows.length, subjects: [...new Set(rows.map((r) => r.subject_id))] };
}

/** Subjects among these that have no order and no credit decision left. */
export async function subjectsWithoutAccounting(
  db: Executor,
  subjects: string[],
): Promise<string[]> {
  if (subjects.length === 0) return [];
  const { rows } = await sql<{ s: string }>`
    select s from unnest(${subjects}::text[]) v(s)
    where not exists (select 1 from orders where subject_id = v.s)
      and not exists (select 1 from credit_decisions where subject_id = v.s)`.execute(db);
  return rows.map((r) => r.s);
}

function heldDecision(holds: HeldData): RawBuilder<boolean> {
  return sql<boolean>`(${among('order_id', holds.orderIds)} or ${among('customer_id', holds.customerIds)}
    or ${among('subject_id', holds.customerIds)})`;
}

export async function dueDecisions(
  db: Executor,
  before: Date,
  holds: HeldData,
  limit: number,
): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`
    select id from credit_decisions where decided_at < ${before} and not ${heldDecision(holds)}
    order by decided_at, id limit ${limit}`.execute(db);
  return rows.map((r) => r.id);
}

export function decisionCensus(db: Executor, before: Date, holds: HeldData): Promise<SweepCensus> {
  return censusFrom(
    db,
    sql`(select decided_at as anchor, ${heldDecision(holds)} as held from credit_decisions)`,
    before,
  );
}

export async function deleteDecisions(db: Executor, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const { rows } = await sql<{ subject_id: string }>`
    delete from credit_decisions where id in (${list(ids)}) returning subject_id`.execute(db);
  return [...new Set(rows.map((r) => r.subject_id))];
}
