/** SQL for orders, their lines and credit decisions. Callers own the transaction. */
import { sql, type Insertable, type Kysely, type Selectable, type Transaction } from 'kysely';
import { ownOrGuest, ownOrGuestOfEach } from '../core/own-or-guest.ts';
import { memoReadMany } from '../kit/db/read-memo.ts';
import type { DB } from '../kit/db/schema.ts';
import type {
  CreditDecisionsTable,
  OrderLinesTable,
  OrdersTable,
  OrderStatus,
} from './orders.tables.ts';

type Db = Kysely<DB> | Transaction<DB>;
export type OrderRow = Selectable<OrdersTable>;
export type OrderLineRow = Selectable<OrderLinesTable>;
export type CreditDecisionRow = Selectable<CreditDecisionsTable>;

type SubjectKey = { customerId: string | null; emailIndex: string | null };

/** Takes `quantity` from stock only if that much is left; false when it is not. */
export async function takeStock(db: Db, slug: string, quantity: number): Promise<boolean> {
  const result = await db
    .updateTable('products')
    .set({ stock: sql`stock - ${quantity}` })
    .where('slug', '=', slug)
    .where('stock', '>=', quantity)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

export async function insertOrder(
  db: Db,
  order: Insertable<OrdersTable>,
  lines: Insertable<OrderLinesTable>[],
): Promise<void> {
  await db.insertInto('orders').values(order).execute();
  if (lines.length > 0) await db.insertInto('order_lines').values(lines).execute();
}

export async function findOrder(db: Db, id: string): Promise<OrderRow | undefined> {
  return db.selectFrom('orders').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The lines of several orders in one statement, by order id (each in position order). */
export async function linesOfOrders(
  db: Db,
  orderIds: string[],
): Promise<Map<string, OrderLineRow[]>> {
  const byOrder = new Map<string, OrderLineRow[]>(orderIds.map((id) => [id, []]));
  if (orderIds.length === 0) return byOrder;
  const rows = await db
    .selectFrom('order_lines')
    .selectAll()
    .where('order_id', 'in', orderIds)
    .orderBy('order_id')
    .orderBy('position')
    .execute();
  for (const row of rows) byOrder.get(row.order_id)?.push(row);
  return byOrder;
}

export async function findLines(db: Db, orderId: string): Promise<OrderLineRow[]> {
  return db
    .selectFrom('order_lines')
    .selectAll()
    .where('order_id', '=', orderId)
    .orderBy('position')
    .execute();
}

export async function ordersOfCustomer(db: Db, customerId: string): Promise<OrderRow[]> {
  return db
    .selectFrom('orders')
    .selectAll()
    .where('customer_id', '=', customerId)
    .orderBy('created_at', 'desc')
    .execute();
}

/** The staff's work list: open orders first (oldest first), then the latest finished ones. */
export async function ordersForStaff(
  db: Db,
  filter: { status?: OrderStatus | undefined; limit: number },
): Promise<OrderRow[]> {
  let q = db.selectFrom('orders').selectAll();
  if (filter.status) q = q.where('status', '=', filter.status);
  return q
    .orderBy(sql`status = 'delivered'`)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(filter.limit)
    .execute();
}

/** A subject's orders: the customer's, and guest orders placed with the same email. */
export async function ordersOfSubject(db: Db, subject: SubjectKey): Promise<OrderRow[]> {
  return (await ordersOfSubjects(db, [subject]))[0]!;
}

/**
 * {@link ordersOfSubject} for several subjects in one statement (none for those read before in
 * the same memo scope), each subject's orders oldest first; each answer is memoised as
 * {@link ordersOfSubject}'s, which an export asks several times (the module, the disclosure log,
 * the audit log) and a batch of erasures after this read (the holds, what is kept).
 */
export async function ordersOfSubjects(
  db: Db,
  subjects: readonly SubjectKey[],
): Promise<OrderRow[][]> {
  return rowsOfSubjects(db, 'orders', 'created_at', subjects) as Promise<OrderRow[][]>;
}

/**
 * Each subject's rows of `table` (orders or credit decisions, which key their subject alike),
 * oldest first by `oldest`, in one statement for those not read before in the memo scope.
 */
function rowsOfSubjects(
  db: Db,
  table: 'orders' | 'credit_decisions',
  oldest: 'created_at' | 'decided_at',
  subjects: readonly SubjectKey[],
): Promise<(OrderRow | CreditDecisionRow)[][]> {
  return memoReadMany(
    db,
    subjects.map((s) => `${table}\0${s.customerId}\0${s.emailIndex}`),
    async (asked) => {
      const wanted = asked.map((i) => subjects[i]!);
      if (!wanted.some((s) => s.customerId || s.emailIndex)) return wanted.map(() => []);
      // One table or the other, the same columns asked: typed as the orders' query.
      const rows = await (db as Kysely<DB>)
        .selectFrom(table as 'orders')
        .selectAll()
        .where(ownOrGuest(wanted))
        .orderBy(oldest as 'created_at')
        .execute();
      return ownOrGuestOfEach<OrderRow | CreditDecisionRow>(rows, wanted);
    },
  );
}

/**
 * The vault subjects of several people's orders and credit decisions (the `subject_id` of
 * {@link ordersOfSubject}'s and {@link creditDecisionsOf}'s rows), one statement a table for all:
 * a set for each person, in order.
 */
export async function recordSubjectsOf(
  db: Db,
  subjects: readonly SubjectKey[],
): Promise<Set<string>[]> {
  const out = subjects.map(() => new Set<string>());
  if (!subjects.some((s) => s.customerId || s.emailIndex)) return out;
  for (const table of ['orders', 'credit_decisions'] as const) {
    const rows = await db
      .selectFrom(table as 'orders')
      .select(['customer_id', 'email_index', 'subject_id'])
      .where(ownOrGuest(subjects))
      .execute();
    ownOrGuestOfEach(rows, subjects).forEach((own, i) =>
      own.forEach((r) => out[i]!.add(r.subject_id)),
    );
  }
  return out;
}

export async function updateOrder(
  db: Db,
  id: string,
  from: OrderStatus[],
  changes: Partial<Omit<OrderRow, 'id' | 'created_at'>>,
): Promise<boolean> {
  const result = await db
    .updateTable('orders')
    .set(changes)
    .where('id', '=', id)
    .where('status', 'in', from)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

export async function clearContact(db: Db, ids: string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const result = await db
    .updateTable('orders')
    .set({ contact_sealed: null, whatsapp_notices: false })
    .where('id', 'in', ids)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Unpaid invoices whose due date is before `today` and not yet sent to collection. */
export async function overdueInvoices(db: Db, today: string): Promise<OrderRow[]> {
  return db
    .selectFrom('orders')
    .selectAll()
    .where('payment_method', '=', 'invoice')
    .where('paid_at', 'is', null)
    .where('collection_case', 'is', null)
    .where('invoice_due_on', '<', today)
    .execute();
}

export async function insertCreditDecision(
  db: Db,
  row: Insertable<CreditDecisionsTable>,
): Promise<void> {
  await db.insertInto('credit_decisions').values(row).execute();
}

export async function creditDecisionsOf(db: Db, subject: SubjectKey): Promise<CreditDecisionRow[]> {
  return (await creditDecisionsOfSubjects(db, [subject]))[0]!;
}

/** {@link creditDecisionsOf} for several subjects: as {@link ordersOfSubjects}, one statement. */
export async function creditDecisionsOfSubjects(
  db: Db,
  subjects: readonly SubjectKey[],
): Promise<CreditDecisionRow[][]> {
  return rowsOfSubjects(db, 'credit_decisions', 'decided_at', subjects) as Promise<
    CreditDecisionRow[][]
  >;
}

export async function deleteCreditDecisions(db: Db, ids: string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const r = await db.deleteFrom('credit_decisions').where('id', 'in', ids).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** Whether the customer has bought the product in an order that was not only placed. */
export async function hasBought(db: Db, customerId: string, slug: string): Promise<boolean> {
  const row = await db
    .selectFrom('order_lines')
    .innerJoin('orders', 'orders.id', 'order_lines.order_id')
    .select('orders.id')
    .where('orders.customer_id', '=', customerId)
    .where('order_lines.slug', '=', slug)
    .executeTakeFirst();
  return row !== undefined;
}
