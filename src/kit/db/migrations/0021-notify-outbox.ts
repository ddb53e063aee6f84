import { sql, type Kysely } from 'kysely';

/**
 * The development outbox: mail kept instead of sent when no SMTP server is configured. The
 * rendered message is a vault ciphertext under the recipient's profile key; rows expire.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('notify_outbox')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('customer_id', 'uuid', (c) => c.notNull())
    .addColumn('template', 'text', (c) => c.notNull())
    .addColumn('message_sealed', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('notify_outbox_customer')
    .on('notify_outbox')
    .column('customer_id')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('notify_outbox').execute();
}
