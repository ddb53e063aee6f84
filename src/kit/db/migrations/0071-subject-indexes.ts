import type { Kysely } from 'kysely';

/**
 * Indexes for the data-subject lookups that had none (bench/rights, docs/rights.md "Measured"):
 * with a million customers, the credit decisions and the newsletter subscriptions of one
 * customer were found by a sequential scan of the whole table (75 ms and 98 ms on every export
 * and every erasure). `credit_decisions.email_index` serves requests made by email address.
 *
 * Numbered after 0070: the migrator runs migrations in name order, and these tables are made by
 * 0060 and 0070.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('credit_decisions_customer_idx')
    .on('credit_decisions')
    .column('customer_id')
    .execute();
  await db.schema
    .createIndex('credit_decisions_email_idx')
    .on('credit_decisions')
    .column('email_index')
    .execute();
  await db.schema
    .createIndex('newsletter_subscriptions_customer')
    .on('newsletter_subscriptions')
    .column('customer_id')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('newsletter_subscriptions_customer').execute();
  await db.schema.dropIndex('credit_decisions_email_idx').execute();
  await db.schema.dropIndex('credit_decisions_customer_idx').execute();
}
