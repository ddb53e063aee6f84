/**
 * The SQL of suspended indexes (./suspended-indexes.ts): which indexes a load may drop, dropping
 * them with their definitions kept in `suspended_indexes` (migration 0234), and building one
 * again. Index and schema names come from the catalog, never from input; a definition is
 * PostgreSQL's own `pg_get_indexdef` text, run as written.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from './schema.ts';

type Db = Kysely<DB> | Transaction<DB>;

/**
 * The advisory lock a load holds on a session of its own while its indexes are suspended: a
 * start-up restore leaves them to a load that is still running, and takes them over from one
 * that died (PostgreSQL releases a dead session's locks).
 */
const LOAD_LOCK = 7_234_001;

export interface SuspendedIndex {
  schema_name: string;
  index_name: string;
  table_name: string;
}

/** Takes the load lock for this session, unless another session holds it. */
export async function tryLockLoad(db: Db): Promise<boolean> {
  const { rows } = await sql<{ locked: boolean }>`
    select pg_try_advisory_lock(${LOAD_LOCK}) as locked`.execute(db);
  return rows[0]!.locked;
}

export async function unlockLoad(db: Db): Promise<void> {
  await sql`select pg_advisory_unlock(${LOAD_LOCK})`.execute(db);
}

/** Whether no running load holds the lock; in a transaction, holds it until the transaction ends. */
async function noLoadRunning(trx: Transaction<DB>): Promise<boolean> {
  const { rows } = await sql<{ locked: boolean }>`
    select pg_try_advisory_xact_lock(${LOAD_LOCK}) as locked`.execute(trx);
  return rows[0]!.locked;
}

/**
 * Drops the secondary indexes of `tables` that nothing relies on for correctness: not a primary
 * key, not unique, not backing a constraint. Each is recorded with its definition in the same
 * transaction that drops it.
 */
export async function suspendIndexes(
  trx: Transaction<DB>,
  schema: string,
  tables: readonly string[],
): Promise<SuspendedIndex[]> {
  const { rows } = await sql<SuspendedIndex & { definition: string }>`
    select n.nspname as schema_name, i.relname as index_name, t.relname as table_name,
      pg_get_indexdef(x.indexrelid) as definition
    from pg_index x
    join pg_class i on i.oid = x.indexrelid
    join pg_class t on t.oid = x.indrelid
    join pg_namespace n on n.oid = t.relnamespace
    where n.nspname = ${schema} and t.relname = any(${[...tables]}::text[])
      and not x.indisunique and not x.indisprimary
      and not exists (select 1 from pg_constraint c where c.conindid = x.indexrelid)
    order by t.relname, i.relname`.execute(trx);
  for (const r of rows) {
    await sql`insert into suspended_indexes (schema_name, index_name, table_name, definition)
      values (${r.schema_name}, ${r.index_name}, ${r.table_name}, ${r.definition})`.execute(trx);
    await sql`drop index ${sql.id(r.schema_name, r.index_name)}`.execute(trx);
  }
  return rows.map(({ schema_name, index_name, table_name }) => ({
    schema_name,
    index_name,
    table_name,
  }));
}

/** The indexes suspended now, in every schema. */
export async function suspendedIndexes(db: Db): Promise<SuspendedIndex[]> {
  const { rows } = await sql<SuspendedIndex>`
    select schema_name, index_name, table_name from suspended_indexes
    order by schema_name, table_name, index_name`.execute(db);
  return rows;
}

/**
 * Builds one suspended index again and deletes its row, in one transaction, with `memory` for
 * the sort (`maintenance_work_mem`, this transaction only). With `unlessLoading`, does nothing
 * while a load holds the lock (it will build its own). False when there was nothing to do: the
 * row gone (another session built it) or a load running.
 */
export async function rebuildIndex(
  db: Kysely<DB>,
  index: SuspendedIndex,
  options: { memory: string; unlessLoading: boolean },
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    if (options.unlessLoading && !(await noLoadRunning(trx))) return false;
    // Deleting first locks the row: a second session rebuilding the same index waits here, then
    // finds it gone.
    const { rows } = await sql<{ definition: string; present: boolean }>`
      delete from suspended_indexes
      where schema_name = ${index.schema_name} and index_name = ${index.index_name}
      returning definition,
        to_regclass(quote_ident(schema_name) || '.' || quote_ident(index_name)) is not null
          as present`.execute(trx);
    const row = rows[0];
    if (!row) return false;
    await sql`select set_config('maintenance_work_mem', ${options.memory}, true)`.execute(trx);
    // The catalog's own definition of the index, recorded when it was dropped.
    if (!row.present) await sql.raw(row.definition).execute(trx);
    return true;
  });
}

/** Fresh planner statistics for a table a load has filled. */
export async function analyze(db: Db, schema: string, table: string): Promise<void> {
  await sql`analyze ${sql.id(schema, table)}`.execute(db);
}
