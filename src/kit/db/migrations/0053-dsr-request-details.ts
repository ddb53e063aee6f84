import { sql, type Kysely } from 'kysely';

/**
 * What a requester told us, or what we must still tell them, kept only as vault ciphertext under
 * the request's own subject `request:<id>` (src/rights/engine/request-details.repository.ts):
 * `rectification` is the free text of a rectification request (Art. 16), `confirmation` the
 * address, language and kept records an erasure confirms to (Art. 12(3), 17). Shredding the
 * request's key makes a row unreadable; the `confirm` step deletes its row as well.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('dsr_request_details')
    .addColumn('request_id', 'uuid', (c) =>
      c.notNull().references('dsr_requests.id').onDelete('cascade'),
    )
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(sql`kind in ('rectification', 'confirmation')`),
    )
    .addColumn('sealed', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('dsr_request_details_pk', ['request_id', 'kind'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('dsr_request_details').execute();
}
