import { sql, type Kysely } from 'kysely';

/**
 * The rights engine's loose ends (src/rights):
 *
 * - `shopify_webhooks`: every `X-Shopify-Webhook-Id` received, as its SHA-256 (not personal, but
 *   the hash keeps the table free of anything a sender chose), so a redelivered webhook is
 *   answered without creating a second request;
 * - `staff_tasks`: work the service records for people rather than doing itself (a Shopify
 *   `shop/redact`); no subject, no personal data;
 * - the staff's extension and refusal reasons are sealed in the vault under `request:<id>`
 *   (profile scope), since they may mention the person. The clear columns are dropped: the rights
 *   engine (0050) has not been released, so no row holds reasons yet.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('shopify_webhooks')
    .addColumn('webhook_id_hash', 'text', (c) => c.primaryKey())
    .addColumn('topic', 'text', (c) => c.notNull())
    .addColumn('request_id', 'uuid')
    .addColumn('staff_task_id', 'uuid')
    .addColumn('received_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createTable('staff_tasks')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('shop_redact')`))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('detail', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('done_at', 'timestamptz')
    .execute();
  await db.schema
    .alterTable('dsr_requests')
    .addColumn('extension_reasons_sealed', 'text')
    .execute();
  await db.schema.alterTable('dsr_requests').addColumn('refusal_reasons_sealed', 'text').execute();
  await db.schema.alterTable('dsr_requests').dropColumn('extension_reasons').execute();
  await db.schema.alterTable('dsr_requests').dropColumn('refusal_reasons').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('dsr_requests').addColumn('extension_reasons', 'text').execute();
  await db.schema.alterTable('dsr_requests').addColumn('refusal_reasons', 'text').execute();
  await db.schema.alterTable('dsr_requests').dropColumn('extension_reasons_sealed').execute();
  await db.schema.alterTable('dsr_requests').dropColumn('refusal_reasons_sealed').execute();
  await db.schema.dropTable('staff_tasks').execute();
  await db.schema.dropTable('shopify_webhooks').execute();
}
