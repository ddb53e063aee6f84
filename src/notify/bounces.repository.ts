/**
 * Addresses mail to which bounced, by blind index: bulk notices (src/policy/policy-notices.ts)
 * skip them. Only this file touches `mail_bounces`.
 */
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../kit/db/schema.ts';
import { countBy } from '../kit/count-by.ts';

type Db = Kysely<DB> | Transaction<DB>;

export async function recordBounce(db: Db, emailIndex: string, at = new Date()): Promise<void> {
  await db
    .insertInto('mail_bounces')
    .values({ email_index: emailIndex, bounced_at: at })
    .onConflict((oc) => oc.column('email_index').doNothing())
    .execute();
}

export async function isBounced(db: Db, emailIndex: string): Promise<boolean> {
  const row = await db
    .selectFrom('mail_bounces')
    .select('email_index')
    .where('email_index', '=', emailIndex)
    .executeTakeFirst();
  return row !== undefined;
}

export async function deleteBounce(db: Db, emailIndex: string): Promise<number> {
  const result = await db
    .deleteFrom('mail_bounces')
    .where('email_index', '=', emailIndex)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** {@link deleteBounce} for several addresses in one statement: how many rows each lost. */
export async function deleteBouncesOf(
  db: Db,
  emailIndexes: readonly string[],
): Promise<Map<string, number>> {
  if (emailIndexes.length === 0) return new Map();
  const rows = await db
    .deleteFrom('mail_bounces')
    .where('email_index', 'in', [...emailIndexes])
    .returning('email_index')
    .execute();
  return countBy(rows, (r) => r.email_index);
}
