import { sql, type Kysely } from 'kysely';

/**
 * Indexes a bulk load has dropped for the time of its load (src/kit/db/suspended-indexes.ts),
 * each with the definition that builds it again (`pg_get_indexdef`). A row is written in the
 * transaction that drops its index and deleted in the one that builds it again, so an index is
 * always either in the schema or here; the start-up path rebuilds whatever a killed load left.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table suspended_indexes (
    schema_name text not null,
    index_name text not null,
    table_name text not null,
    definition text not null,
    suspended_at timestamptz not null default now(),
    primary key (schema_name, index_name)
  )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table suspended_indexes`.execute(db);
}
