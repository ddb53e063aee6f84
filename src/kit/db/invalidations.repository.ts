/** The one statement cache invalidation needs: a NOTIFY, in the caller's transaction if any. */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from './schema.ts';

/** Inside a transaction PostgreSQL delivers it on commit, and never if it rolls back. */
export async function notify(
  db: Kysely<DB> | Transaction<DB>,
  channel: string,
  payload: string,
): Promise<void> {
  await sql`select pg_notify(${channel}, ${payload})`.execute(db);
}
