import { sql, type Kysely } from 'kysely';

/**
 * Newsletter and SMS-marketing subscriptions. Addresses and phone numbers are vault ciphertexts
 * under the subscription's own id (profile scope), found by the `newsletter` blind index; the
 * confirmation tokens are stored hashed; a suppression keeps only the keyed hash of an address.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('newsletter_subscriptions')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('customer_id', 'uuid')
    .addColumn('email_index', 'text', (c) => c.notNull().unique())
    .addColumn('account_index', 'text', (c) => c.notNull())
    .addColumn('email_sealed', 'text', (c) => c.notNull())
    .addColumn('phone_sealed', 'text')
    .addColumn('sms', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('lang', 'text', (c) => c.notNull())
    .addColumn('consent_text', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('confirmed_at', 'timestamptz')
    .addColumn('consent_record_id', 'uuid')
    .execute();
  await db.schema
    .createIndex('newsletter_subscriptions_account')
    .on('newsletter_subscriptions')
    .column('account_index')
    .execute();
  await db.schema
    .createTable('newsletter_tokens')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('subscription_id', 'uuid', (c) =>
      c.notNull().references('newsletter_subscriptions.id').onDelete('cascade'),
    )
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('used_at', 'timestamptz')
    .execute();
  await db.schema
    .createTable('newsletter_suppressions')
    .addColumn('email_index', 'text', (c) => c.primaryKey())
    .addColumn('suppressed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('newsletter_suppressions').execute();
  await db.schema.dropTable('newsletter_tokens').execute();
  await db.schema.dropTable('newsletter_subscriptions').execute();
}
