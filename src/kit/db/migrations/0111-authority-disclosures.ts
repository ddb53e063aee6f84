import { sql, type Kysely } from 'kysely';

/**
 * Disclosures to authorities (P28; src/disclosures/authority-requests.*): the facts of each
 * request beside its row in the disclosure log, which names the subject by pseudonym. Whether
 * the person may be told is decided and recorded here, with the reason when the law forbids it
 * (`withheld_reason`): a withheld disclosure is left out of the person's data copy.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('authority_disclosures')
    .addColumn('disclosure_id', 'uuid', (c) =>
      c.primaryKey().references('disclosures.id').onDelete('cascade'),
    )
    .addColumn('authority', 'text', (c) => c.notNull())
    .addColumn('provision', 'text', (c) => c.notNull())
    .addColumn('request', 'text', (c) => c.notNull())
    .addColumn('staff_id', 'text', (c) => c.notNull())
    .addColumn('inform_subject', 'boolean', (c) => c.notNull())
    .addColumn('withheld_reason', 'text', (c) =>
      c.check(sql`inform_subject or length(withheld_reason) > 0`),
    )
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('authority_disclosures').execute();
}
