import { sql, type Kysely } from 'kysely';

/**
 * Browsing events (product views, searches, page views) under a pseudonymous visitor id only;
 * written by POST /collect, and only with analytics consent. The shop may reuse the table.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('browsing_events')
    .addColumn('id', 'bigint', (c) => c.generatedAlwaysAsIdentity().primaryKey())
    .addColumn('visitor_id', 'text', (c) => c.notNull())
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('product_id', 'text')
    .addColumn('search', 'text')
    .addColumn('occurred_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('browsing_events_visitor')
    .on('browsing_events')
    .columns(['visitor_id', 'occurred_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('browsing_events').execute();
}
