import { sql, type Kysely } from 'kysely';

/**
 * The links emailed to a requester who is not signed in (src/rights/privacy-center/request-links.ts): one to
 * confirm the request (proof of the mailbox, instead of any identity document) and one to fetch
 * the answer. Only a hash of each link's secret is stored, with its request, purpose, expiry and
 * how many uses it has left, and the language to write in; nothing here is personal data.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('dsr_links')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('request_id', 'uuid', (c) =>
      c.notNull().references('dsr_requests.id').onDelete('cascade'),
    )
    .addColumn('purpose', 'text', (c) => c.notNull().check(sql`purpose in ('verify', 'download')`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('uses_left', 'integer', (c) => c.notNull().check(sql`uses_left >= 0`))
    .addColumn('used_at', 'timestamptz')
    // The language the requester wrote in: the answer is mailed in it too.
    .addColumn('lang', 'text', (c) => c.notNull().check(sql`lang in ('en', 'fi', 'sv')`))
    .execute();
  await db.schema.createIndex('dsr_links_request').on('dsr_links').column('request_id').execute();
  await db.schema.createIndex('dsr_links_expiry').on('dsr_links').column('expires_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('dsr_links').execute();
}
