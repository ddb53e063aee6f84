/**
 * `npm run bench:seed [-- --customers N] [-- --batch B] [-- --workers W] [-- --connections C]`:
 * runs the real `custodian seed --customers N` (1,000,000 by default; `--workers` and
 * `--connections` passed on when given, else the command's defaults: one sealing thread per core,
 * one connection) as a child process on a fresh PostgreSQL database `bench_seed`, then, in the
 * same run, a raw COPY of the very same rows: every table the seed wrote is read back (COPY TO,
 * not timed) and sent again with COPY FROM STDIN into empty copies of those tables (same columns,
 * indexes, constraints and foreign keys; the seeded tables have no insert triggers), in as many
 * batches as the seed used, over as many connections as the seed wrote on (session settings
 * the server's defaults on both sides). As the seed does in a fresh store, the raw side suspends
 * the secondary indexes for its load and builds them again after it, over as many sessions
 * (src/kit/db/suspended-indexes.ts), inside its timing. `BENCH_SEED_DB` names the database (`bench_seed` by
 * default) when other benches share the server. Prints customers/s, the total time, the goal
 * (≤ 5 minutes for a million customers) met or missed, and the load average. Nothing is
 * projected: a smaller N is reported as such, not scaled up.
 *
 * PostgreSQL at 127.0.0.1:5432 (or TEST_POSTGRES_URL's server) with trust auth.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { copyFrom, copyTo } from '../src/kit/db/pg-copy.ts';
import { openDatabase } from '../src/kit/db/database.ts';
import { withIndexesSuspended } from '../src/kit/db/suspended-indexes.ts';
import { copyStatement, seedColumns, seedTables } from '../src/seed/seed.repository.ts';
import { REBUILD_CONNECTIONS, SUSPEND_FROM_CUSTOMERS } from '../src/seed/seed.service.ts';

const { values: args } = parseArgs({
  options: {
    customers: { type: 'string' },
    batch: { type: 'string' },
    workers: { type: 'string' },
    connections: { type: 'string' },
  },
});
const N = Number(args.customers ?? 1_000_000);
const BATCH = Number(args.batch ?? 2000);
const GOAL_SECONDS = 300;
const GOAL_CUSTOMERS = 1_000_000;
if (!Number.isSafeInteger(N) || N < 1 || !Number.isSafeInteger(BATCH) || BATCH < 1) {
  throw new Error('--customers and --batch take whole numbers above 0');
}
// Its own database name when several benches share one server (BENCH_SEED_DB).
const DB_NAME = process.env.BENCH_SEED_DB ?? 'bench_seed';
if (!/^[a-z_][a-z0-9_]*$/.test(DB_NAME))
  throw new Error('BENCH_SEED_DB must be a plain lowercase name');
// The seed's default: one connection.
const CONNECTIONS = Number(args.connections ?? 1);
const WORKERS = [
  ...(args.workers === undefined ? [] : ['--workers', args.workers]),
  ...(args.connections === undefined ? [] : ['--connections', args.connections]),
];

const server = new URL(process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test');
const urlOf = (name: string) => Object.assign(new URL(server), { pathname: `/${name}` }).toString();
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

async function freshDatabase(name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: urlOf('postgres') });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
}

async function dropDatabase(name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: urlOf('postgres') });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${name} with (force)`);
  } finally {
    await admin.end();
  }
}

/** The real command, its output passed through (the progress lines show it is alive). */
function runSeed(url: string, keyDir: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(
      process.execPath,
      ['bin/custodian.js', 'seed', '--customers', String(N), '--batch', String(BATCH), ...WORKERS],
      {
        env: { ...process.env, DATABASE_URL: url, CUSTODIAN_KEY_DIR: keyDir, LOG_LEVEL: 'silent' },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    child.stdout.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) if (line) console.log(`  | ${line}`);
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0
        ? resolve((performance.now() - started) / 1000)
        : reject(new Error(`custodian seed exited with ${code}`)),
    );
  });
}

/** Reads a table's rows in COPY text format, cut into `batches` slices of equal row counts. */
async function readSlices(client: pg.Client, table: string, rows: number, batches: number) {
  const per = Math.max(1, Math.ceil(rows / batches));
  const slices: Buffer[] = [];
  let pending: Buffer[] = [];
  const columns = seedColumns[table as keyof typeof seedColumns].map((c) => `"${c}"`).join(', ');
  await copyTo(client, `copy public."${table}" (${columns}) to stdout`, (row) => {
    // A copy: the driver reuses its read buffer for the next messages.
    pending.push(Buffer.from(row));
    if (pending.length === per) {
      slices.push(Buffer.concat(pending));
      pending = [];
    }
  });
  if (pending.length > 0) slices.push(Buffer.concat(pending));
  return slices;
}

const keyDir = mkdtempSync(path.join(tmpdir(), 'custodian-bench-seed-'));
await freshDatabase(DB_NAME);
const url = urlOf(DB_NAME);
console.log(
  `bench:seed: ${N} customers, batches of ${BATCH}, sealing threads: ${args.workers ?? `one per core (${availableParallelism()})`}, PostgreSQL database ${DB_NAME}`,
);
console.log(`  load average before: ${load()} (2 cores, shared with other work)`);
try {
  const seedSeconds = await runSeed(url, keyDir);
  const loadAfterSeed = load();

  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const counts: Record<string, number> = {};
  for (const table of seedTables) {
    const r = await client.query<{ n: string }>(`select count(*) as n from public."${table}"`);
    counts[table] = Number(r.rows[0]!.n);
  }
  const totalRows = Object.values(counts).reduce((a, b) => a + b, 0);
  const batches = Math.ceil(N / BATCH);

  // The baseline: the same rows, bytes and batch count, sent raw into empty look-alike tables,
  // over as many connections as the seed used.
  await client.query('create schema raw');
  const database = await openDatabase({ url });
  const writers = Array.from(
    { length: CONNECTIONS },
    () => new pg.Client({ connectionString: url }),
  );
  await Promise.all(writers.map((w) => w.connect()));
  for (const table of seedTables) {
    await client.query(`create table raw."${table}" (like public."${table}" including all)`);
    // `like` copies no foreign key, and the seed's tables check theirs on every row it writes:
    // the same checks here, against the raw copy of a seeded table (loaded before, in the same
    // order as the seed writes) or the real one otherwise (the consent texts).
    const fks = await client.query<{ def: string }>(
      `select pg_get_constraintdef(oid) as def from pg_constraint
       where conrelid = $1::regclass and contype = 'f'`,
      [`public."${table}"`],
    );
    for (const { def } of fks.rows) {
      const remapped = def.replace(/REFERENCES "?(\w+)"?\(/, (_m, ref: string) =>
        (seedTables as readonly string[]).includes(ref)
          ? `REFERENCES raw."${ref}"(`
          : `REFERENCES public."${ref}"(`,
      );
      await client.query(`alter table raw."${table}" add ${remapped}`);
    }
  }
  let readSeconds = 0;
  let rawBytes = 0;
  const loadRaw = async () => {
    for (const table of seedTables) {
      const reading = performance.now();
      const slices = await readSlices(client, table, counts[table]!, batches);
      readSeconds += (performance.now() - reading) / 1000;
      // Over as many connections as the seed writes on, each taking the next slice when free.
      let next = 0;
      await Promise.all(
        writers.map(async (writer) => {
          while (next < slices.length) {
            const slice = slices[next++]!;
            await writer.query('begin');
            await copyFrom(writer, copyStatement(table, 'raw'), [slice]);
            await writer.query('commit');
            rawBytes += slice.length;
          }
        }),
      );
    }
  };
  // As the seed into its fresh store (from SUSPEND_FROM_CUSTOMERS customers on): the secondary
  // indexes dropped, the rows loaded, the indexes built again over as many sessions and the
  // tables analysed, all of it timed; only reading the rows back is not.
  const started = performance.now();
  const raw =
    N >= SUSPEND_FROM_CUSTOMERS
      ? await withIndexesSuspended(
          database.db,
          { tables: seedTables, schema: 'raw', postgres: true, connections: REBUILD_CONNECTIONS },
          loadRaw,
        )
      : { suspended: 0, rebuildSeconds: 0, value: await loadRaw() };
  const rawSeconds = (performance.now() - started) / 1000 - readSeconds;
  await client.end();
  await Promise.all(writers.map((w) => w.end()));
  await database.close();

  console.log(`\nrows written (${totalRows} in all):`);
  for (const table of seedTables) console.log(`  ${table.padEnd(26)} ${counts[table]}`);
  console.log(`\n${N} customers:`);
  console.log(
    `  custodian seed : ${seedSeconds.toFixed(1)} s, ${Math.round(N / seedSeconds)} customers/s, ${Math.round(totalRows / seedSeconds)} rows/s (the whole command: start, migrations, sealing, COPY)`,
  );
  console.log(
    `  raw COPY       : ${rawSeconds.toFixed(1)} s, ${Math.round(N / rawSeconds)} customers/s, ${Math.round(totalRows / rawSeconds)} rows/s (the same ${totalRows} rows, ${(rawBytes / 1e6).toFixed(0)} MB, ${batches} batches per table, pre-generated, ${CONNECTIONS} connection(s); ${raw.suspended} indexes suspended and built again in ${raw.rebuildSeconds.toFixed(1)} s on ${REBUILD_CONNECTIONS} sessions)`,
  );
  console.log(`  seed vs raw    : ${(seedSeconds / rawSeconds).toFixed(1)}× the raw COPY's time`);
  if (N === GOAL_CUSTOMERS) {
    console.log(
      `  goal: ${GOAL_CUSTOMERS} customers in ≤ ${GOAL_SECONDS / 60} min: ${seedSeconds <= GOAL_SECONDS ? 'met' : 'missed'} (${(seedSeconds / 60).toFixed(1)} min)`,
    );
  } else {
    console.log(
      `  goal: ${GOAL_CUSTOMERS} customers in ≤ ${GOAL_SECONDS / 60} min: not judged (this run had ${N}; run without --customers)`,
    );
  }
  console.log(`  load average: after the seed ${loadAfterSeed}, at the end ${load()}`);
} finally {
  rmSync(keyDir, { recursive: true, force: true });
  await dropDatabase(DB_NAME);
}
