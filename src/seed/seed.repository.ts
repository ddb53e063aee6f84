/** Bulk writes of demo data: one multi-row INSERT per table per batch. */
import type { Insertable, Kysely, Transaction } from 'kysely';
import type { CustomersTable } from '../customers/customers.tables.ts';
import type { DB } from '../kit/db/schema.ts';
import type { NewsletterSubscriptionsTable } from '../newsletter/newsletter.tables.ts';

type Db = Kysely<DB> | Transaction<DB>;

/** The email indexes among `indexes` that already have an account (a re-run skips them). */
export async function existingEmailIndexes(db: Db, indexes: string[]): Promise<Set<string>> {
  if (indexes.length === 0) return new Set();
  const rows = await db
    .selectFrom('customers')
    .select('email_index')
    .where('email_index', 'in', indexes)
    .execute();
  return new Set(rows.map((r) => r.email_index));
}

export async function insertCustomers(db: Db, rows: Insertable<CustomersTable>[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('customers')
    .values(rows)
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function insertSubscriptions(
  db: Db,
  rows: Insertable<NewsletterSubscriptionsTable>[],
): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('newsletter_subscriptions')
    .values(rows)
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function insertBrowsingEvents(
  db: Db,
  rows: {
    visitor_id: string;
    event: string;
    path: string;
    product_id: string | null;
    search: string | null;
    occurred_at: Date;
  }[],
): Promise<void> {
  if (rows.length === 0) return;
  await db.insertInto('browsing_events').values(rows).execute();
}

export async function countCustomers(db: Db): Promise<number> {
  const row = await db
    .selectFrom('customers')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
