/**
 * The database: embedded PGlite under the data directory by default, or PostgreSQL when
 * DATABASE_URL is set. Both drivers hand back the same JavaScript types, so no code above this
 * file knows which one it runs on:
 *
 * | PostgreSQL type | JavaScript |
 * | --- | --- |
 * | int2/int4/int8 | number (int8 beyond 2^53 throws instead of silently rounding) |
 * | numeric | string (exact; money is computed in integer cents) |
 * | json/jsonb | parsed value |
 * | timestamptz/timestamp | Date |
 * | date | 'YYYY-MM-DD' string (no time-zone shift) |
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { Mutex } from './mutex.ts';
import { PGliteDialect } from './pglite-dialect.ts';
import type { DB } from './schema.ts';

export type DatabaseKind = 'pglite' | 'postgres';

export interface Database {
  readonly kind: DatabaseKind;
  readonly db: Kysely<DB>;
  /** Raw SQL for pg-boss, which brings its own queries; shares PGlite's connection lock. */
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
  /** The PGlite instance when embedded (for backup/restore). */
  readonly pglite: PGlite | undefined;
  /** The PostgreSQL URL, for a connection of one's own (bulk COPY); absent on PGlite. */
  readonly url?: string | undefined;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** postgres:// URL; when absent, PGlite is used. */
  url?: string | undefined;
  /** Directory for PGlite's files; absent means in memory (tests). */
  dataDir?: string | undefined;
  /** A PGlite data-directory tarball to start from (restore). */
  loadDataDir?: Blob | undefined;
}

const OID = { int8: 20, date: 1082, timestamp: 1114, timestamptz: 1184 } as const;

export function parseInt8(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new RangeError(`int8 value ${value} exceeds 2^53`);
  return n;
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  return options.url ? openPostgres(options.url) : openPGlite(options);
}

async function openPGlite(options: DatabaseOptions): Promise<Database> {
  let dataDir: string | undefined;
  if (options.dataDir) {
    mkdirSync(options.dataDir, { recursive: true });
    dataDir = path.join(options.dataDir, 'pgdata');
  }
  const pglite = await PGlite.create({
    ...(dataDir ? { dataDir } : {}),
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    parsers: { [OID.int8]: parseInt8, [OID.date]: (v: string) => v },
  });
  const mutex = new Mutex();
  const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite, mutex) });
  return {
    kind: 'pglite',
    db,
    pglite,
    executeSql: (text, values) =>
      mutex.run(async () => {
        // pg-boss sends multi-statement scripts (its schema) without parameters.
        if (!values || values.length === 0) {
          const results = await pglite.exec(text);
          return { rows: results.at(-1)?.rows ?? [] };
        }
        return { rows: (await pglite.query(text, values)).rows };
      }),
    // Kysely only destroys a driver it has used; PGlite must be closed even if no query ran.
    close: async () => {
      await db.destroy();
      if (!pglite.closed) await pglite.close();
    },
  };
}

async function openPostgres(url: string): Promise<Database> {
  const types = {
    getTypeParser(oid: number, format?: 'text' | 'binary') {
      if (oid === OID.int8) return parseInt8;
      if (oid === OID.date) return (v: string) => v;
      return pg.types.getTypeParser(oid, format) as (value: string) => unknown;
    },
  };
  const pool = new pg.Pool({ connectionString: url, max: 10, types });
  // An idle connection killed by the server (restart, failover, a dropped test database) is
  // emitted on the pool; without a listener Node treats it as an uncaught exception and exits.
  // The pool has already discarded the client, and the next query opens a new one.
  pool.on('error', () => {});
  // Fail at start-up, with a clear message, rather than on the first request.
  await pool.query('select 1');
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return {
    kind: 'postgres',
    db,
    pglite: undefined,
    url,
    executeSql: async (text, values) => ({ rows: (await pool.query(text, values)).rows }),
    close: () => db.destroy(),
  };
}

/** For /healthz: a round trip to the database, with its latency. */
export async function checkHealth(database: Database): Promise<{ ok: boolean; ms: number }> {
  const started = performance.now();
  try {
    await sql`select 1`.execute(database.db);
    return { ok: true, ms: Math.round(performance.now() - started) };
  } catch {
    return { ok: false, ms: Math.round(performance.now() - started) };
  }
}
