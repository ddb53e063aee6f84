import { sql, type Kysely } from 'kysely';

/**
 * Art. 14 notices (src/rights/source-notices): the obligation to tell a person about data we
 * received from a third party (Google/Facebook sign-in, Avarda), recorded in the transaction that
 * stores the data, then sent from here. One row per person and source: the unique key is what
 * makes a repeat sign-in, a second invoice order or a concurrent delivery add none.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('source_notices')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    // `customer:<id>` or, for a guest, `email:<blind index>`: the person the notice is owed to.
    .addColumn('subject_key', 'text', (c) => c.notNull())
    // Text, not uuid: the registry's subjects are matched as given (tests' demo subjects too).
    .addColumn('customer_id', 'text')
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('email_index', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('lang', 'text', (c) => c.notNull())
    .addColumn('recipient_sealed', 'text')
    .addColumn('received_at', 'timestamptz', (c) => c.notNull())
    .addColumn('due_at', 'timestamptz', (c) => c.notNull())
    .addColumn('sent_at', 'timestamptz')
    .addColumn('lease_until', 'timestamptz')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('source_notices_once', ['subject_key', 'source'])
    .execute();
  await db.schema
    .createIndex('source_notices_customer')
    .on('source_notices')
    .column('customer_id')
    .execute();
  await db.schema
    .createIndex('source_notices_email')
    .on('source_notices')
    .column('email_index')
    .execute();
  await db.schema
    .createIndex('source_notices_pending')
    .on('source_notices')
    .column('due_at')
    .where(sql.ref('sent_at'), 'is', null)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('source_notices').execute();
}
