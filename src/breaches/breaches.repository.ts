/**
 * The breach register's storage. Only this file touches `breaches` and `breach_notices`, and it
 * reads the three places affected people are found: the disclosure log, the audit log and the
 * tables that hold a category. There is no delete of a breach (a trigger refuses one anyway).
 */
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { DB } from '../kit/db/schema.ts';
import type { BreachesTable, BreachNoticesTable, NoticeStatus } from './breaches.tables.ts';
import { countBy } from '../kit/count-by.ts';

type Executor = Kysely<DB> | Transaction<DB>;
export type BreachRow = Selectable<BreachesTable>;
export type NoticeRow = Selectable<BreachNoticesTable>;
export type NewBreach = Omit<
  BreachRow,
  | 'id'
  | 'recorded_at'
  | 'categories'
  | 'consequences'
  | 'measures'
  | 'people_notified'
  | 'people_unreachable'
  | 'authority_notified_at'
  | 'authority_reference'
> & { categories: string[]; consequences: string[]; measures: string[]; recorded_at: Date };

export async function insertBreach(db: Executor, b: NewBreach): Promise<string> {
  const row = await db
    .insertInto('breaches')
    .values({
      ...b,
      categories: JSON.stringify(b.categories),
      consequences: JSON.stringify(b.consequences),
      measures: JSON.stringify(b.measures),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export function findBreach(db: Executor, id: string): Promise<BreachRow | undefined> {
  return db.selectFrom('breaches').selectAll().where('id', '=', id).executeTakeFirst();
}

export function lockBreach(db: Transaction<DB>, id: string): Promise<BreachRow | undefined> {
  return db.selectFrom('breaches').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/** Newest discovery first. */
export function listBreaches(db: Executor, limit: number): Promise<BreachRow[]> {
  return db
    .selectFrom('breaches')
    .selectAll()
    .orderBy('discovered_at', 'desc')
    .orderBy('id')
    .limit(limit)
    .execute();
}

export async function markAuthorityNotified(
  db: Executor,
  id: string,
  p: { at: Date; reference: string | null; delayReason: string | null },
): Promise<void> {
  await db
    .updateTable('breaches')
    .set({
      authority_notified_at: p.at,
      authority_reference: p.reference,
      ...(p.delayReason ? { delay_reason: p.delayReason } : {}),
    })
    .where('id', '=', id)
    .execute();
}

export function findNotice(
  db: Executor,
  breachId: string,
  pseudonym: string,
): Promise<NoticeRow | undefined> {
  return db
    .selectFrom('breach_notices')
    .selectAll()
    .where('breach_id', '=', breachId)
    .where('subject_pseudonym', '=', pseudonym)
    .executeTakeFirst();
}

/** Claims the notice before the mail goes: a second run finds it and sends nothing. */
export async function claimNotice(
  db: Executor,
  breachId: string,
  pseudonym: string,
): Promise<boolean> {
  const r = await db
    .insertInto('breach_notices')
    .values({ breach_id: breachId, subject_pseudonym: pseudonym, status: 'sending' })
    .onConflict((oc) => oc.columns(['breach_id', 'subject_pseudonym']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Settles a claimed notice and counts it on the breach, in one transaction (the caller's). */
export async function settleNotice(
  db: Transaction<DB>,
  breachId: string,
  pseudonym: string,
  p: { status: Exclude<NoticeStatus, 'sending'>; lang: string | null; mailId: string | null },
): Promise<void> {
  await db
    .updateTable('breach_notices')
    .set({ status: p.status, lang: p.lang, mail_id: p.mailId })
    .where('breach_id', '=', breachId)
    .where('subject_pseudonym', '=', pseudonym)
    .execute();
  const counter = p.status === 'sent' ? 'people_notified' : 'people_unreachable';
  await db
    .updateTable('breaches')
    .set({ [counter]: sql`${sql.ref(counter)} + 1` })
    .where('id', '=', breachId)
    .execute();
}

export function noticesOf(db: Executor, breachId: string): Promise<NoticeRow[]> {
  return db
    .selectFrom('breach_notices')
    .selectAll()
    .where('breach_id', '=', breachId)
    .orderBy('at')
    .orderBy('subject_pseudonym')
    .execute();
}

export function noticesOfPseudonyms(db: Executor, pseudonyms: string[]): Promise<NoticeRow[]> {
  if (pseudonyms.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('breach_notices')
    .selectAll()
    .where('subject_pseudonym', 'in', pseudonyms)
    .orderBy('at')
    .execute();
}

export async function deleteNoticesOf(db: Executor, pseudonyms: string[]): Promise<number> {
  if (pseudonyms.length === 0) return 0;
  const r = await db
    .deleteFrom('breach_notices')
    .where('subject_pseudonym', 'in', pseudonyms)
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** {@link deleteNoticesOf} in one statement, counted by pseudonym (those with none absent). */
export async function deleteNoticesOfMany(
  db: Executor,
  pseudonyms: readonly string[],
): Promise<Map<string, number>> {
  if (pseudonyms.length === 0) return new Map();
  const rows = await db
    .deleteFrom('breach_notices')
    .where('subject_pseudonym', 'in', [...new Set(pseudonyms)])
    .returning('subject_pseudonym')
    .execute();
  return countBy(rows, (r) => r.subject_pseudonym);
}

/** The people the disclosure log shows this recipient received data about, in a window. */
export async function pseudonymsDisclosedTo(
  db: Executor,
  recipient: string,
  from: Date,
  to: Date,
): Promise<string[]> {
  const rows = await db
    .selectFrom('disclosures')
    .select('subject_pseudonym')
    .distinct()
    .where('recipient', '=', recipient)
    .where('status', '=', 'sent')
    .where('disclosed_at', '>=', from)
    .where('disclosed_at', '<=', to)
    .orderBy('subject_pseudonym')
    .execute();
  return rows.map((r) => r.subject_pseudonym);
}

/** The people the audit log shows an action touched, in a window (e.g. a misused staff read). */
export async function pseudonymsInAudit(
  db: Executor,
  action: string,
  from: Date,
  to: Date,
): Promise<string[]> {
  const rows = await db
    .selectFrom('audit_log')
    .select('subject')
    .distinct()
    .where('action', '=', action)
    .where('subject', 'is not', null)
    .where('at', '>=', from)
    .where('at', '<=', to)
    .orderBy('subject')
    .execute();
  return rows.flatMap((r) => (r.subject ? [r.subject] : []));
}

/** Accounts (customer ids) that held the account's categories when the breach happened. */
export async function accountsCreatedBefore(db: Executor, before: Date): Promise<string[]> {
  const rows = await db
    .selectFrom('customers')
    .select('id')
    .where('created_at', '<=', before)
    .orderBy('id')
    .execute();
  return rows.map((r) => r.id);
}

/** Accounts with an order placed before the breach (purchase, billing, delivery categories). */
export async function buyersBefore(db: Executor, before: Date): Promise<string[]> {
  const rows = await db
    .selectFrom('orders')
    .select('customer_id')
    .distinct()
    .where('customer_id', 'is not', null)
    .where('created_at', '<=', before)
    .orderBy('customer_id')
    .execute();
  return rows.flatMap((r) => (r.customer_id ? [r.customer_id] : []));
}
