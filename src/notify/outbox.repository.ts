/** Rows of the development outbox. */
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { DB } from '../kit/db/schema.ts';
import type { NotifyOutboxTable } from './notify.tables.ts';
import { countBy } from '../kit/count-by.ts';

type Db = Kysely<DB> | Transaction<DB>;
export type OutboxRow = Selectable<NotifyOutboxTable>;

export async function insertOutbox(db: Db, row: NotifyOutboxTable): Promise<void> {
  await db.insertInto('notify_outbox').values(row).execute();
}

export async function insertOutboxMany(db: Db, rows: NotifyOutboxTable[]): Promise<void> {
  if (rows.length > 0) await db.insertInto('notify_outbox').values(rows).execute();
}

export function listOutbox(db: Db, limit: number): Promise<OutboxRow[]> {
  return db
    .selectFrom('notify_outbox')
    .selectAll()
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
}

export function findOutbox(db: Db, id: string): Promise<OutboxRow | undefined> {
  return db.selectFrom('notify_outbox').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function purgeOutbox(db: Db, now: Date): Promise<number> {
  const r = await db.deleteFrom('notify_outbox').where('expires_at', '<=', now).executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function deleteOutboxOf(db: Db, customerId: string): Promise<number> {
  const r = await db
    .deleteFrom('notify_outbox')
    .where('customer_id', '=', customerId)
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** {@link deleteOutboxOf} for several customers in one statement: how many rows each lost. */
export async function deleteOutboxOfMany(
  db: Db,
  customerIds: readonly string[],
): Promise<Map<string, number>> {
  if (customerIds.length === 0) return new Map();
  const rows = await db
    .deleteFrom('notify_outbox')
    .where('customer_id', 'in', [...customerIds])
    .returning('customer_id')
    .execute();
  return countBy(rows, (r) => r.customer_id);
}
