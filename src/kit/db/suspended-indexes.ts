/**
 * Bulk loads without their secondary indexes, as pg_restore does: with the non-unique indexes of
 * the tables it fills dropped, a load writes each row to the heap and the unique indexes only,
 * and each index is then built once by a sorted pass instead of taking every row at a random page
 * (docs/seed.md: 8 such indexes on `orders` alone, outgrowing `shared_buffers`). Primary keys, unique
 * indexes and constraints stay, so duplicates and foreign keys are refused during the load as
 * ever.
 *
 * Crash-safe: each dropped index is recorded with its definition in the transaction that drops
 * it, and built again in the transaction that deletes its record, so an index is always either in
 * the schema or in `suspended_indexes`. A load that dies leaves its records; the start-up path
 * ({@link restoreSuspendedIndexes}, run by migrateToLatest) builds them again. While a load runs
 * it holds an advisory lock on a session of its own (PostgreSQL), so a process starting meanwhile
 * leaves its indexes to it; PostgreSQL releases a dead session's lock.
 *
 * @example
 *   const { rebuildSeconds } = await withIndexesSuspended(
 *     db,
 *     { tables: ['orders', 'order_lines'], postgres: true, connections: 2 },
 *     () => copyEverything(),
 *   );
 */
import type { Kysely } from 'kysely';
import type { DB } from './schema.ts';
import * as repo from './suspended-indexes.repository.ts';

/**
 * For each index build (`maintenance_work_mem`, that transaction only): PostgreSQL's default of
 * 64 MB sends a sort larger than that to disk. Two builds at once take 1 GB at most, and only for
 * the minutes of a bulk load's rebuild.
 */
export const REBUILD_MEMORY = '512MB';

export interface SuspendOptions {
  /** The tables whose indexes are suspended. */
  tables: readonly string[];
  schema?: string;
  /**
   * Sessions building indexes at once after the load, each taking the next table (PostgreSQL;
   * PGlite has one). 1 by default.
   */
  connections?: number;
  /** PostgreSQL: the lock is held on a session of its own. PGlite has one process, one session. */
  postgres: boolean;
}

export interface Suspended<T> {
  value: T;
  /** Indexes that were dropped for the load and built again (0: the load ran with them). */
  suspended: number;
  /** Building them again and analysing the tables. */
  rebuildSeconds: number;
}

/**
 * Runs `load` with the non-unique secondary indexes of `options.tables` dropped, then builds them
 * again and analyses the tables, also when `load` fails. Another load holding the lock already
 * (PostgreSQL): `load` runs with the indexes as they are.
 */
export async function withIndexesSuspended<T>(
  db: Kysely<DB>,
  options: SuspendOptions,
  load: () => Promise<T>,
): Promise<Suspended<T>> {
  const schema = options.schema ?? 'public';
  const run = async (owner: Kysely<DB>): Promise<Suspended<T>> => {
    const suspended = await owner
      .transaction()
      .execute((trx) => repo.suspendIndexes(trx, schema, options.tables));
    const loaded = await load().then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    );
    // Also after a failed load: the store is not left without its indexes while it runs on.
    const started = performance.now();
    await rebuild(
      db,
      suspended,
      options.tables.map((table) => ({ schema, table })),
      options.connections ?? 1,
      false,
    );
    const rebuildSeconds = (performance.now() - started) / 1000;
    if ('error' in loaded) throw loaded.error;
    return { value: loaded.value, suspended: suspended.length, rebuildSeconds };
  };
  if (!options.postgres) return run(db);
  return db.connection().execute(async (owner) => {
    if (!(await repo.tryLockLoad(owner)))
      return { value: await load(), suspended: 0, rebuildSeconds: 0 };
    try {
      return await run(owner);
    } finally {
      await repo.unlockLoad(owner);
    }
  });
}

/**
 * Builds again every index a load left suspended (it died between dropping and rebuilding), unless
 * a load is running and holds them. The start-up path calls it on every start with suspended
 * indexes, so a store never runs on without them. The number rebuilt.
 */
export async function restoreSuspendedIndexes(db: Kysely<DB>): Promise<number> {
  const left = await repo.suspendedIndexes(db);
  if (left.length === 0) return 0;
  // Each table once, keyed by both names as a pair (a quoted name may hold a dot).
  const tables = new Map(
    left.map((i) => [
      JSON.stringify([i.schema_name, i.table_name]),
      { schema: i.schema_name, table: i.table_name },
    ]),
  );
  return rebuild(db, left, [...tables.values()], 1, true);
}

/**
 * Builds `indexes` again over `connections` sessions, a table at a time each (the one with the
 * most indexes first: orders has 8), and analyses each table whose indexes it built, or every one
 * when it is the load's own rebuild. The number built.
 */
async function rebuild(
  db: Kysely<DB>,
  indexes: repo.SuspendedIndex[],
  tables: readonly { schema: string; table: string }[],
  connections: number,
  unlessLoading: boolean,
): Promise<number> {
  const queue = tables
    .map((t) => ({
      ...t,
      indexes: indexes.filter((i) => i.schema_name === t.schema && i.table_name === t.table),
    }))
    .sort((a, b) => b.indexes.length - a.indexes.length);
  let built = 0;
  const work = async () => {
    for (let t = queue.shift(); t !== undefined; t = queue.shift()) {
      let mine = 0;
      for (const index of t.indexes) {
        if (await repo.rebuildIndex(db, index, { memory: REBUILD_MEMORY, unlessLoading })) mine++;
      }
      built += mine;
      if (mine > 0 || !unlessLoading) await repo.analyze(db, t.schema, t.table);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, connections) }, work));
  return built;
}
