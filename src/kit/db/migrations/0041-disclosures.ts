import { sql, type Kysely } from 'kysely';

/**
 * The record of every hand-off to a recipient outside the store (GDPR Art. 15(1)(c), Art. 19,
 * Art. 30): who received which categories for which purpose, when, about which pseudonymous
 * subject. It holds no personal data in clear: the payload itself is never stored here.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('disclosures')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('categories', 'jsonb', (c) => c.notNull())
    .addColumn('fields', 'jsonb', (c) => c.notNull())
    .addColumn('subject_pseudonym', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('sending', 'sent', 'failed')`),
    )
    .addColumn('disclosed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('disclosures_subject_idx')
    .on('disclosures')
    .columns(['subject_pseudonym', 'disclosed_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('disclosures').execute();
}
