/** SQL for reviews. Callers own the transaction. */
import type { Insertable, Kysely, Selectable, Transaction } from 'kysely';
import type { DB } from '../kit/db/schema.ts';
import type { ReviewsTable } from './reviews.tables.ts';
import { countBy } from '../kit/count-by.ts';

type Db = Kysely<DB> | Transaction<DB>;
export type ReviewRow = Selectable<ReviewsTable>;

export async function insertReview(db: Db, row: Insertable<ReviewsTable>): Promise<void> {
  await db.insertInto('reviews').values(row).execute();
}

export async function reviewsOfProduct(db: Db, slug: string, limit = 50): Promise<ReviewRow[]> {
  return db
    .selectFrom('reviews')
    .selectAll()
    .where('product_slug', '=', slug)
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
}

export async function reviewsOfCustomer(db: Db, customerId: string): Promise<ReviewRow[]> {
  return db.selectFrom('reviews').selectAll().where('customer_id', '=', customerId).execute();
}

export async function deleteReviewsOf(db: Db, customerId: string): Promise<number> {
  const r = await db.deleteFrom('reviews').where('customer_id', '=', customerId).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** {@link deleteReviewsOf} for several customers in one statement: how many each lost. */
export async function deleteReviewsOfMany(
  db: Db,
  customerIds: readonly string[],
): Promise<Map<string, number>> {
  if (customerIds.length === 0) return new Map();
  const rows = await db
    .deleteFrom('reviews')
    .where('customer_id', 'in', [...customerIds])
    .returning('customer_id')
    .execute();
  return countBy(rows, (r) => r.customer_id);
}
