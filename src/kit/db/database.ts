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
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { Mutex } from './mutex.ts';
import { PGliteDialect } from './pglite-dialect.ts';
import { pgliteTemplate } from './pglite-template.ts';
import type { DB } from './schema.ts';

export type DatabaseKind = 'pglite' | 'postgres';

export interface Database {
  readonly kind: DatabaseKind;
  readonly db: Kysely<DB>;
  /** Raw SQL for pg-boss, which brings its own queries; shares PGlite's connection lock. */
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
  /** The PGlite instance when embedded (for backup/restore). */
  readonly pglite: PGlite | undefined;
  /** The PostgreSQL pool when on PostgreSQL (the shared rate-limit store takes it). */
  readonly pool: pg.Pool | undefined;
  /**
   * Calls `onMessage` with each NOTIFY payload on `channel` from any process on the database
   * (src/kit/db/invalidations.ts). On PGlite a no-op: one process, which forgets at once itself.
   */
  listen(channel: string, onMessage: (payload: string) => void): Promise<() => Promise<void>>;
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
  let loadDataDir = options.loadDataDir;
  if (options.dataDir) {
    mkdirSync(options.dataDir, { recursive: true });
    dataDir = path.join(options.dataDir, 'pgdata');
    // A new store starts from the build's empty cluster, not initdb (./pglite-template.ts).
    if (!loadDataDir && !existsSync(dataDir)) loadDataDir = pgliteTemplate();
  }
  const pglite = await PGlite.create({
    ...(dataDir ? { dataDir } : {}),
    ...(loadDataDir ? { loadDataDir } : {}),
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
    pool: undefined,
    listen: async () => async () => {},
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
  const pool = new pg.Pool({ connectionString: url, max: 10, types, ...sessionOptions(url) });
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
    pool,
    url,
    executeSql: async (text, values) => ({ rows: (await pool.query(text, values)).rows }),
    listen: (channel, onMessage) => listenOn(url, channel, onMessage),
    close: () => db.destroy(),
  };
}

/**
 * The app's sessions run without JIT compilation, unless the URL's `options` say otherwise. JIT
 * pays off for long analytical queries; the store's are short, and PostgreSQL compiles any
 * statement whose estimate passes `jit_above_cost`, so one misjudged row count made a 10 ms
 * statement pay 20–2,000 ms of compiling, again on every run (docs/retention.md, "JIT"):
 * the audit sweep's batch, the orders census, the inactive accounts' count (8.2 s with JIT,
 * 6.4 s without, at a million accounts).
 */
export function sessionOptions(url: string): { options?: string } {
  const given = URL.canParse(url) && new URL(url).searchParams.has('options');
  return given ? {} : { options: '-c jit=off' };
}

/**
 * LISTEN on a connection of its own (a pooled one would be handed to other queries). A lost
 * connection is opened again after a second; notifications sent meanwhile are lost, which is why
 * the caches that rely on them still expire (src/kit/db/invalidations.ts).
 */
async function listenOn(
  url: string,
  channel: string,
  onMessage: (payload: string) => void,
): Promise<() => Promise<void>> {
  let client: pg.Client | undefined;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  const connect = async (): Promise<void> => {
    const c = new pg.Client({ connectionString: url });
    c.on('notification', (n) => {
      if (n.channel === channel && n.payload !== undefined) onMessage(n.payload);
    });
    c.on('error', () => {
      if (stopped || client !== c) return;
      client = undefined;
      void c.end().catch(() => {});
      retry = setTimeout(() => void connect().catch(reconnectLater), 1000);
      retry.unref();
    });
    await c.connect();
    await c.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    if (stopped) {
      await c.end();
      return;
    }
    client = c;
  };
  const reconnectLater = (): void => {
    if (stopped) return;
    retry = setTimeout(() => void connect().catch(reconnectLater), 1000);
    retry.unref();
  };
  await connect();
  return async () => {
    stopped = true;
    clearTimeout(retry);
    const c = client;
    client = undefined;
    await c?.end().catch(() => {});
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
