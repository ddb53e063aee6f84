import { sql, type Kysely } from 'kysely';

/**
 * Newsletter campaigns (src/campaigns): the campaign's text per language, and one row per
 * subscription handled, keyed (campaign, subscription) so a resumed send mails nobody twice.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('campaigns')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('subject_en', 'text', (c) => c.notNull())
    .addColumn('subject_fi', 'text', (c) => c.notNull())
    .addColumn('subject_sv', 'text', (c) => c.notNull())
    .addColumn('body_en', 'text', (c) => c.notNull())
    .addColumn('body_fi', 'text', (c) => c.notNull())
    .addColumn('body_sv', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('audience', 'integer')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('started_at', 'timestamptz')
    .addColumn('finished_at', 'timestamptz')
    .execute();
  await db.schema
    .createTable('campaign_sends')
    .addColumn('campaign_id', 'uuid', (c) =>
      c.notNull().references('campaigns.id').onDelete('cascade'),
    )
    .addColumn('subscription_id', 'uuid', (c) => c.notNull())
    .addColumn('customer_id', 'uuid')
    .addColumn('account_index', 'text')
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('lang', 'text', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('campaign_sends_pk', ['campaign_id', 'subscription_id'])
    .execute();
  await db.schema
    .createIndex('campaign_sends_customer')
    .on('campaign_sends')
    .column('customer_id')
    .execute();
  await db.schema
    .createIndex('campaign_sends_account')
    .on('campaign_sends')
    .column('account_index')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('campaign_sends').execute();
  await db.schema.dropTable('campaigns').execute();
}
