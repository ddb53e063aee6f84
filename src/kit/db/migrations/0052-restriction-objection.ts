import { sql, type Kysely } from 'kysely';

/**
 * Restriction (Art. 18) and objection (Art. 21) as state the gates read (src/rights).
 *
 * - `processing_restrictions`: one row per restriction of a customer; while `lifted_at` is null
 *   the customer's data is only stored. At most one holds at a time (partial unique index), so
 *   recording a restriction twice is a no-op. `lift_notice_sent_at` is when the customer was told
 *   it will be lifted (Art. 18(3)): lifting needs it.
 * - `dsr_objections`: what an objection request objects to (`marketing`: direct marketing and
 *   profiling for it; `other`: the listed legitimate-interest purposes) and, for `other`, the
 *   staff decision. The reasons are sealed in the vault under `request:<id>`.
 *
 * Neither table holds personal data in clear: ids, purpose keys, dates and a vault ciphertext.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('processing_restrictions')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('request_id', 'uuid')
    .addColumn('since', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('lift_notice_sent_at', 'timestamptz')
    .addColumn('lifted_at', 'timestamptz')
    .addCheckConstraint(
      'processing_restrictions_notice_first',
      sql`lifted_at is null or lift_notice_sent_at is not null`,
    )
    .execute();
  await sql`create unique index processing_restrictions_active
    on processing_restrictions (customer_id) where lifted_at is null`.execute(db);

  await db.schema
    .createTable('dsr_objections')
    .addColumn('request_id', 'uuid', (c) =>
      c.primaryKey().references('dsr_requests.id').onDelete('cascade'),
    )
    .addColumn('scope', 'text', (c) => c.notNull().check(sql`scope in ('marketing', 'other')`))
    .addColumn('purposes', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('decision', 'text', (c) => c.check(sql`decision in ('upheld', 'overruled')`))
    .addColumn('decided_at', 'timestamptz')
    .addColumn('reasons_sealed', 'text')
    .addColumn('answered_at', 'timestamptz')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('dsr_objections').execute();
  await db.schema.dropTable('processing_restrictions').execute();
}
