/**
 * What recommendations read: a subject's own product views (from `browsing_events`, under their
 * pseudonyms) and purchases (`order_lines`), and the shop-wide best-sellers.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../kit/db/schema.ts';

type Db = Kysely<DB> | Transaction<DB>;

/** Product slugs viewed under any of the pseudonyms, newest first, with repeats. */
export async function recentViews(db: Db, pseudonyms: string[], limit = 50): Promise<string[]> {
  if (pseudonyms.length === 0) return [];
  const rows = await db
    .selectFrom('browsing_events')
    .select('product_id')
    .where('visitor_id', 'in', pseudonyms)
    .where('event', '=', 'product_view')
    .where('product_id', 'is not', null)
    .orderBy('occurred_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => r.product_id!);
}

export async function purchasedSlugs(db: Db, customerId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('order_lines')
    .innerJoin('orders', 'orders.id', 'order_lines.order_id')
    .select('order_lines.slug')
    .distinct()
    .where('orders.customer_id', '=', customerId)
    .execute();
  return rows.map((r) => r.slug);
}

/** Slugs by units sold, most first. */
export async function bestSellers(db: Db, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('order_lines')
    .select((eb) => ['slug', eb.fn.sum<string>('quantity').as('units')])
    .groupBy('slug')
    .orderBy('units', 'desc')
    .orderBy('slug')
    .limit(limit)
    .execute();
  return rows.map((r) => r.slug);
}

export async function eventsOf(db: Db, pseudonym: string) {
  return db
    .selectFrom('browsing_events')
    .select(['event', 'path', 'product_id', 'search', 'occurred_at'])
    .where('visitor_id', '=', pseudonym)
    .orderBy('occurred_at')
    .execute();
}

export async function deleteEventsOf(db: Db, pseudonym: string): Promise<number> {
  const r = await db
    .deleteFrom('browsing_events')
    .where('visitor_id', '=', pseudonym)
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** {@link deleteEventsOf} for several pseudonyms in one statement: how many events each lost. */
export async function deleteEventsOfMany(
  db: Db,
  pseudonyms: readonly string[],
): Promise<Map<string, number>> {
  if (pseudonyms.length === 0) return new Map();
  // Counted by the database: a visitor can have thousands of events.
  const { rows } = await sql<{ visitor_id: string; n: string }>`
    with gone as (delete from browsing_events where visitor_id = any(${[...pseudonyms]})
      returning visitor_id)
    select visitor_id, count(*) as n from gone group by visitor_id`.execute(db);
  return new Map(rows.map((r) => [r.visitor_id, Number(r.n)]));
}
