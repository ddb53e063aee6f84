/** One-time tokens (email verification, password reset, email change), stored as hashes. */
import type { Insertable, Kysely, Selectable, Transaction } from 'kysely';
import type { DB } from '../kit/db/schema.ts';
import type { CustomerTokensTable, TokenPurpose } from './customers.tables.ts';

type Db = Kysely<DB> | Transaction<DB>;
export type TokenRow = Selectable<CustomerTokensTable>;

export async function insertToken(db: Db, row: Insertable<CustomerTokensTable>): Promise<void> {
  await db.insertInto('customer_tokens').values(row).execute();
}

/**
 * Marks a live token used and returns it, in one statement: two concurrent uses of the same
 * token cannot both succeed.
 */
export function consumeToken(
  db: Db,
  tokenHash: string,
  purpose: TokenPurpose,
  now: Date,
): Promise<TokenRow | undefined> {
  return db
    .updateTable('customer_tokens')
    .set({ used_at: now })
    .where('token_hash', '=', tokenHash)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returningAll()
    .executeTakeFirst();
}

/** A newer token of the same purpose replaces older ones (only the latest link works). */
export async function deleteTokensOf(
  db: Db,
  customerId: string,
  purpose: TokenPurpose,
): Promise<void> {
  await db
    .deleteFrom('customer_tokens')
    .where('customer_id', '=', customerId)
    .where('purpose', '=', purpose)
    .execute();
}

export async function deleteStaleTokens(db: Db, now: Date): Promise<void> {
  await db
    .deleteFrom('customer_tokens')
    .where((eb) => eb.or([eb('expires_at', '<=', now), eb('used_at', 'is not', null)]))
    .execute();
}
