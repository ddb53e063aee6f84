/** Server-side sessions, keyed by the SHA-256 of the cookie value. */
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../kit/db/schema.ts';

type Db = Kysely<DB> | Transaction<DB>;

export async function insertSession(
  db: Db,
  row: { id_hash: string; customer_id: string; expires_at: Date },
): Promise<void> {
  await db.insertInto('customer_sessions').values(row).execute();
  // A sign-in is activity: the customer-relationship period (3 years) counts from the last one.
  await db
    .updateTable('customers')
    .set({ last_active_at: new Date() })
    .where('id', '=', row.customer_id)
    .execute();
}

export function findLiveSession(
  db: Db,
  idHash: string,
  now: Date,
): Promise<{ customer_id: string; expires_at: Date } | undefined> {
  return db
    .selectFrom('customer_sessions')
    .select(['customer_id', 'expires_at'])
    .where('id_hash', '=', idHash)
    .where('expires_at', '>', now)
    .executeTakeFirst();
}

export async function deleteSession(db: Db, idHash: string): Promise<void> {
  await db.deleteFrom('customer_sessions').where('id_hash', '=', idHash).execute();
}

/** Signs a customer out everywhere (password reset, email change), optionally but one session. */
export async function deleteSessionsOf(db: Db, customerId: string, except?: string): Promise<void> {
  let q = db.deleteFrom('customer_sessions').where('customer_id', '=', customerId);
  if (except) q = q.where('id_hash', '!=', except);
  await q.execute();
}

export async function deleteExpiredSessions(db: Db, now: Date): Promise<number> {
  const r = await db
    .deleteFrom('customer_sessions')
    .where('expires_at', '<=', now)
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}
