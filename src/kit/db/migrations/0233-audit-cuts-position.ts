import { sql, type Kysely } from 'kysely';

/**
 * `audit_cuts` by position. The audit log's delete trigger (0155) reads the latest cut's position,
 * `max(position)`, for every entry deleted, and the cut trigger for every cut inserted. The table
 * is append-only and gains a row per batch of every audit sweep, so without an index each of
 * those reads scans every cut ever made: a sweep's batch of 500 entries read the whole table 500
 * times. With it, each read is one step down the index.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index audit_cuts_position on audit_cuts (position)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index audit_cuts_position`.execute(db);
}
