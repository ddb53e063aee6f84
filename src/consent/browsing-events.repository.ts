/** Browsing events under a pseudonymous visitor id (see migration 0031). */
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../kit/db/schema.ts';

type Db = Kysely<DB> | Transaction<DB>;

export interface BrowsingEventRow {
  visitorId: string;
  event: string;
  path: string;
  productId: string | null;
  search: string | null;
}

export async function insertBrowsingEvent(db: Db, e: BrowsingEventRow): Promise<void> {
  await db
    .insertInto('browsing_events')
    .values({
      visitor_id: e.visitorId,
      event: e.event,
      path: e.path,
      product_id: e.productId,
      search: e.search,
    })
    .execute();
}

export async function countBrowsingEvents(db: Db, visitorId: string): Promise<number> {
  const row = await db
    .selectFrom('browsing_events')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('visitor_id', '=', visitorId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
