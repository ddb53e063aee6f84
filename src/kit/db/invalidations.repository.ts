/** The statements cache invalidation needs: NOTIFYs, in the caller's transaction if any. */
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

/** {@link notify} of several payloads in one statement (one round trip, not one each). */
export async function notifyAll(
  db: Kysely<DB> | Transaction<DB>,
  channel: string,
  payloads: readonly string[],
): Promise<void> {
  if (payloads.length === 0) return;
  if (payloads.length === 1) return notify(db, channel, payloads[0]!);
  await sql`select pg_notify(${channel}, p) from unnest(${[...payloads]}::text[]) p`.execute(db);
}
