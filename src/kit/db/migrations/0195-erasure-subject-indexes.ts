import { sql, type Kysely } from 'kysely';

/**
 * Indexes on the columns an erasure or an access export finds a subject's rows by that had none
 * (issue 15), so each lookup reads the subject's few rows instead of scanning a table that grows
 * with the store:
 *
 * - `dsr_requests.email_index`: the requests module finds a subject's earlier requests by
 *   customer _or_ by the verified address's blind index; with no index on the second, the `or`
 *   scanned every request ever made (EXPLAIN ANALYZE, 300 000 requests: a parallel sequential
 *   scan, 322 ms at load 13);
 * - `processing_restrictions.customer_id`: the only index was the partial one of restrictions in
 *   force, and an erasure deletes the lifted ones too (100 000 rows: 24 ms); the export reads
 *   them all in `since` order, hence the second column;
 * - `retention_holds` by customer (every hold, released ones too, in `placed_at` order: the
 *   export lists them, and the `holds` step of every erasure keeps the few in force) and by order
 *   among holds in force.
 *
 * The erasure and export branches each wanted the restriction and hold indexes; they are made
 * once, here.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index dsr_requests_email_idx on dsr_requests (email_index)
    where email_index is not null`.execute(db);
  await sql`create index processing_restrictions_customer
    on processing_restrictions (customer_id, since)`.execute(db);
  await sql`create index retention_holds_customer on retention_holds (customer_id, placed_at)
    where customer_id is not null`.execute(db);
  await sql`create index retention_holds_order on retention_holds (order_id)
    where released_at is null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const name of [
    'dsr_requests_email_idx',
    'processing_restrictions_customer',
    'retention_holds_customer',
    'retention_holds_order',
  ]) {
    await sql`drop index ${sql.id(name)}`.execute(db);
  }
}
