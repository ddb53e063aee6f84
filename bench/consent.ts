/**
 * Consent writes over HTTP against two ceilings measured in the same run, on PGlite and on
 * PostgreSQL (issue 15).
 *
 *   npm run bench:consent
 *   npm run bench:consent -- --seconds 10 --connections 50 --databases postgres
 *   npm run bench:consent -- --root /work/main,.      # before and after: two checkouts, same run
 *   npm run bench:consent -- --rate-limit 100000000   # with the consent rate limit counting
 *
 * Three processes: this one (the load generator, autocannon, and the raw baseline's client), a
 * minimal Hono hello-world on @hono/node-server, and the real server (`node bin/custodian.js
 * serve` from `--root`). For each database, each phase for `seconds`:
 *
 * 1. raw: multi-row INSERTs into `consent_records` (the ledger's table, the same columns and
 *    values as a record of the consent API) of the ledger writer's batch size (500 rows), from as
 *    many connections as the writer commits batches on (4 on PostgreSQL, PGlite's one), each
 *    statement its own transaction; rows per second. Then a CHECKPOINT and `sync` (`settle`), so
 *    the kernel's writeback of those rows does not land in the server's phases.
 * 2. hello-world: `POST /` with the same JSON body, the same connections, same load generator.
 * 3. HTTP at the maximum rate: `POST /api/consent` (no cookie: a first choice on the banner).
 * 4. HTTP at half of that rate, twice: with autocannon's `overallRate` (each connection sends
 *    its share of a second back to back, then waits for the next second: bursts at the full rate)
 *    and evenly paced (`paced-post.ts`: request i due at i / rate, latency counted from when it
 *    was due). The goal's p99 is the evenly paced one: that is the half rate.
 * 5. hello-world again at that same half rate, both ways: the p99 the load generator and the
 *    machine give a server that does nothing, printed beside the consent writes'.
 * 6. raw commits at that same half rate, evenly paced, after `settle` again: one ledger row per
 *    statement, each its own transaction, from as many connections as the writer uses; latency
 *    from when each was due.
 *    The p99 the database and its disk give a durable write at that rate, with no HTTP and no
 *    batching: the floor under an acknowledgement that waits for COMMIT.
 * 7. After the server stopped: the rows it wrote, counted in the ledger, against the 2xx answers
 *    it gave (a 2xx is sent only after the record's COMMIT: none may be missing).
 *
 * Goal: HTTP consent writes at least 0.5× the lower of raw and hello-world, p99 under 20 ms at
 * half the maximum rate (evenly paced), no acknowledged record lost. Printed "met" or "missed";
 * nothing is projected. The machine may be shared: the load average is printed with the figures.
 * `--probe` preloads `server-probe.mjs` into the consent server and prints, per phase, its
 * event-loop delay, its own request time (head parsed to answer sent) and its GC pauses.
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { LEDGER_BATCH } from '../src/consent/ledger-writer.ts';
import { ledgerConcurrency } from '../src/consent/consent.service.ts';
import { openDatabase, type Database } from '../src/kit/db/database.ts';
import { migrateToLatest } from '../src/kit/db/migrate.ts';
import { createPostgresDatabase } from '../test/support/database.ts';
import { startCustodian, startHelloWorld, stopChild, type ChildServer } from './child-server.ts';
import { pacedCalls, type PacedCallsResult } from './paced-calls.ts';
import { pacedPost } from './paced-post.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
    databases: { type: 'string', default: 'pglite,postgres' },
    root: { type: 'string', default: process.cwd() },
    // The server's CONSENT_RATE_LIMIT: 0 (off) by default, as the load comes from one address;
    // a limit no run reaches measures what counting costs (on PostgreSQL: the rate_limits table).
    'rate-limit': { type: 'string', default: '0' },
    probe: { type: 'boolean', default: false },
  },
});
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const roots = values.root.split(',').map((r) => path.resolve(r));
const GOAL_SHARE = 0.5;
const GOAL_P99_MS = 20;

const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

// The bench's load comes from one address: a real consent rate limit would measure itself.
const rateLimit = String(Number(values['rate-limit']));
const probeFile = path.join(import.meta.dirname, 'server-probe.mjs');
const probeOut = path.join(
  mkdtempSync(path.join(tmpdir(), 'custodian-bench-probe-')),
  'probe.jsonl',
);
const startServer = (root: string, env: Record<string, string>) =>
  startCustodian(root, {
    CONSENT_RATE_LIMIT: rateLimit,
    ...(values.probe ? { NODE_OPTIONS: `--import ${probeFile}`, PROBE_OUT: probeOut } : {}),
    ...env,
  });

/** With `--probe`: the server's own figures for what `run` loads (server-probe.mjs, SIGUSR2). */
async function probed<T>(server: ChildServer, name: string, run: () => Promise<T>): Promise<T> {
  if (!values.probe) return run();
  const lines = () => (existsSync(probeOut) ? readFileSync(probeOut, 'utf8').split('\n') : []);
  const before = lines().length;
  server.child.kill('SIGUSR2');
  try {
    return await run();
  } finally {
    server.child.kill('SIGUSR2');
    const until = performance.now() + 2000;
    while (lines().length === before && performance.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    probes.push(`  ${name}: ${lines().at(-2) ?? '(no answer)'}`);
  }
}
const probes: string[] = [];

interface Banner {
  textHash: string;
  policyVersion: number;
}

/** What the banner posts on a first visit (the consent API's body). */
function consentBody(banner: Banner): string {
  return JSON.stringify({
    choices: { analytics: true, marketing: false, personalisation: false },
    textHash: banner.textHash,
    policyVersion: banner.policyVersion,
    source: 'banner',
    signals: { gpc: false, dnt: false },
    explicit: true,
    lang: 'en',
  });
}

interface Measured {
  rate: number;
  p50: number;
  p99: number;
  ok: number;
  failed: number;
  /** Evenly paced only: the stretches of answers over the p99 bound (paced-post.ts). */
  stalls?: { at: number; n: number; max: number }[];
}

async function post(
  url: string,
  body: string,
  extra: { amount?: number; overallRate?: number } = {},
): Promise<Measured> {
  const result = await autocannon({
    url,
    method: 'POST',
    // autocannon paces each connection at overallRate / connections a second: below one, none
    // would send at all.
    connections: extra.overallRate ? Math.min(connections, extra.overallRate) : connections,
    ...(extra.amount ? { amount: extra.amount } : { duration: seconds }),
    ...(extra.overallRate ? { overallRate: extra.overallRate } : {}),
    headers: { 'content-type': 'application/json' },
    body,
  });
  return {
    rate: result['2xx'] / (result.duration || seconds),
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok: result['2xx'],
    failed: result.non2xx + result.errors + result.timeouts,
  };
}

const ledgerColumns =
  'id, visitor_id, decided_at, policy_version, text_hash, decisions, gpc, dnt, explicit, source, lang';
const decisions = JSON.stringify({ analytics: true, marketing: false, personalisation: false });

/** An INSERT of `batch` ledger rows (11 parameters each), as the ledger writer's batch. */
function insertStatement(batch: number): string {
  const columns = ledgerColumns.split(', ').length;
  const tuples = Array.from({ length: batch }, (_, i) => {
    const p = (k: number) => `$${i * columns + k}`;
    return `(${Array.from({ length: columns }, (_, k) => p(k + 1)).join(', ')})`;
  });
  return `insert into consent_records (${ledgerColumns}) values ${tuples.join(', ')}`;
}

/** The parameters of `batch` rows as the consent API records them (source 'api', not counted). */
function rowParams(banner: Banner, batch: number): unknown[] {
  return Array.from({ length: batch }).flatMap(() => [
    randomUUID(),
    randomUUID(),
    new Date(),
    banner.policyVersion,
    banner.textHash,
    decisions,
    false,
    false,
    true,
    'api',
    'en',
  ]);
}

/**
 * Rows per second of multi-row INSERTs of `batch` rows into the ledger's table from `parallel`
 * connections, each statement committed on its own: what the ledger writer does, without HTTP.
 */
async function rawRate(
  database: Database,
  banner: Banner,
  batch: number,
  parallel: number,
): Promise<number> {
  const statement = insertStatement(batch);
  let rows = 0;
  const started = performance.now();
  const until = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (performance.now() < until) {
        await database.executeSql(statement, rowParams(banner, batch));
        rows += batch;
      }
    }),
  );
  return rows / ((performance.now() - started) / 1000);
}

/**
 * Puts the raw phase's writes on disk before the server is measured. Left to the kernel, the
 * data pages it dirtied (some 400,000 rows on PostgreSQL) are written back about 30 s later
 * (`vm.dirty_expire_centisecs`), which is during the server's half-rate phases: a WAL flush of
 * the server's then waited behind that writeback for about 300 ms (pg_stat_activity:
 * `IO:WALSync`), a stall of the baseline's making. A CHECKPOINT writes and syncs the database's
 * dirty pages; `sync` the rest of the machine's.
 */
async function settle(database: Database): Promise<void> {
  try {
    await database.executeSql('checkpoint');
  } catch (err) {
    // Only a superuser or pg_checkpoint may; the bench's own database is created as one.
    console.log(`(CHECKPOINT refused: ${(err as Error).message}; sync alone)`);
  }
  spawnSync('sync');
}

/** One-row commits at `rate`, evenly paced, from `parallel` connections (phase 6). */
function rawPaced(
  database: Database,
  banner: Banner,
  rate: number,
  parallel: number,
): Promise<PacedCallsResult> {
  const statement = insertStatement(1);
  return pacedCalls(() => database.executeSql(statement, rowParams(banner, 1)), {
    rate,
    parallel,
    seconds,
    slowMs: GOAL_P99_MS,
  });
}

/** Evenly paced POSTs at `rate` (see paced-post.ts), slow over the goal's p99 bound. */
function paced(url: string, body: string, rate: number): Promise<Measured> {
  return pacedPost(url, body, { rate, connections, seconds, slowMs: GOAL_P99_MS });
}

/** hello-world at its maximum, then at the consent writes' half rate, both ways. */
async function helloWorld(
  body: string,
  halfRate: number,
): Promise<{ max: Measured; burst: Measured; even: Measured }> {
  const hello = await startHelloWorld();
  try {
    await post(hello.url, body, { amount: 2000 });
    const max = await post(hello.url, body);
    const burst = await post(hello.url, body, { overallRate: halfRate });
    const even = await paced(hello.url, body, halfRate);
    return { max, burst, even };
  } finally {
    await stopChild(hello.child);
  }
}

async function ledgerRows(open: () => Promise<Database>, source: string): Promise<number> {
  const database = await open();
  try {
    const { rows } = await database.executeSql(
      'select count(*)::int as n from consent_records where source = $1',
      [source],
    );
    return (rows[0] as { n: number }).n;
  } finally {
    await database.close();
  }
}

const pad = (s: string | number, n: number) => String(s).padStart(n);
/** "240 in 2 stretches: at 3.1 s 200 (longest 309 ms), …" — one stall is one stretch. */
const stallLine = (m: Measured) => {
  const stalls = m.stalls ?? [];
  const n = stalls.reduce((sum, s) => sum + s.n, 0);
  if (n === 0) return 'none';
  const shown = stalls.toSorted((a, b) => b.n - a.n).slice(0, 5);
  return (
    `${n} in ${stalls.length} stretch(es)${stalls.length > shown.length ? ', the largest' : ''}: ` +
    shown.map((s) => `at ${s.at} s ${s.n} (longest ${s.max} ms)`).join(', ')
  );
};
const verdicts: string[] = [];

console.log(
  `bench:consent: ${connections} connections, ${seconds} s per phase, consent rate limit ` +
    `${rateLimit === '0' ? 'off' : `${rateLimit}/min`}; load average ${load()} (2 cores shared with other work)`,
);
console.log(
  `goal: HTTP consent writes >= ${GOAL_SHARE}× the lower of raw multi-row INSERT and hello-world POST, ` +
    `p99 < ${GOAL_P99_MS} ms at half the maximum rate (evenly paced), no acknowledged record lost\n`,
);

for (const kind of values.databases.split(',') as ('pglite' | 'postgres')[]) {
  const label = kind === 'pglite' ? 'PGlite' : 'PostgreSQL';
  for (const root of roots) {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'custodian-bench-consent-'));
    let postgres: Awaited<ReturnType<typeof createPostgresDatabase>> | undefined;
    try {
      if (kind === 'postgres') {
        try {
          postgres = await createPostgresDatabase();
        } catch (err) {
          console.log(`${label}: not reachable (${(err as Error).message}); skipped.\n`);
          continue;
        }
      }
      const open = () => openDatabase(postgres ? { url: postgres.url } : { dataDir });
      const env: Record<string, string> = postgres
        ? { DATABASE_URL: postgres.url, DATA_DIR: dataDir }
        : { DATA_DIR: dataDir };
      const migrating = await open();
      await migrateToLatest(migrating);
      await migrating.close();

      // The server stores the banner's texts (records cite them) and warms up; PGlite is one
      // process's database, so it stops before the raw phase opens the same directory.
      let server = await startServer(root, env);
      const banner = (await (await fetch(`${server.url}/consent/config?lang=en`)).json()) as Banner;
      const body = consentBody(banner);
      const warm = await post(`${server.url}/api/consent`, body, { amount: 2000 });
      await stopChild(server.child);

      const parallel = ledgerConcurrency(kind);
      const rawDb = await open();
      const raw = await rawRate(rawDb, banner, LEDGER_BATCH, parallel);
      await settle(rawDb);
      await rawDb.close();

      server = await startServer(root, env);
      let max: Measured;
      let halfBurst: Measured;
      let half: Measured;
      let halfRate: number;
      try {
        const url = `${server.url}/api/consent`;
        max = await probed(server, 'consent max', () => post(url, body));
        halfRate = Math.max(1, Math.round(max.rate / 2));
        halfBurst = await probed(server, 'consent half, overallRate', () =>
          post(url, body, { overallRate: halfRate }),
        );
        half = await probed(server, 'consent half, paced', () => paced(url, body, halfRate));
      } finally {
        await stopChild(server.child);
      }
      // After the server stopped: the two never share the 2 cores.
      const hello = await helloWorld(body, halfRate);
      const floorDb = await open();
      // The server's writes too, or their writeback lands in this phase as the raw one's did.
      await settle(floorDb);
      const rawHalf = await rawPaced(floorDb, banner, halfRate, parallel);
      await floorDb.close();
      const acknowledged = warm.ok + max.ok + halfBurst.ok + half.ok;
      const stored = await ledgerRows(open, 'banner');

      const ceiling = Math.min(raw, hello.max.rate);
      const share = max.rate / ceiling;
      const lost = Math.max(0, acknowledged - stored);
      // No answer at half rate is no latency measured: missed, not met.
      const fast = half.ok > 0 && half.p99 < GOAL_P99_MS;
      const ok = share >= GOAL_SHARE && fast && lost === 0;
      verdicts.push(`${label}${roots.length > 1 ? ` (${root})` : ''}: ${ok ? 'met' : 'missed'}`);
      console.log(
        `${label}${roots.length > 1 ? `, server from ${root}` : ''} (load average ${load()})`,
      );
      console.log('phase                                   rate/s   p50 ms   p99 ms  failed');
      console.log(
        `raw INSERT, ${LEDGER_BATCH} rows, ${parallel} connection(s)`.padEnd(38) +
          `${pad(raw.toFixed(0), 8)} rows`,
      );
      for (const [name, m] of [
        ['hello-world POST, max', hello.max],
        ['HTTP POST /api/consent, max', max],
        [`hello-world at ${halfRate}/s, overallRate`, hello.burst],
        [`HTTP at half (${halfRate}/s), overallRate`, halfBurst],
        [`hello-world at ${halfRate}/s, paced`, hello.even],
        [`HTTP at half (${halfRate}/s), paced`, half],
        [`raw 1-row commits at ${halfRate}/s, paced`, rawHalf],
      ] as const) {
        console.log(
          `${name.padEnd(38)}${pad(m.rate.toFixed(0), 8)}     ${pad(m.p50, 8)} ${pad(m.p99, 8)} ${pad(m.failed, 7)}`,
        );
      }
      console.log(
        `HTTP max / lower ceiling (${raw < hello.max.rate ? 'raw' : 'hello-world'}): ${share.toFixed(2)}× ` +
          `(goal >= ${GOAL_SHARE}×: ${share >= GOAL_SHARE ? 'met' : 'missed'}); ` +
          `p99 at half, paced ${half.p99} ms (goal < ${GOAL_P99_MS}: ${fast ? 'met' : 'missed'}; ` +
          `hello-world ${hello.even.p99} ms, raw commits ${rawHalf.p99} ms); with overallRate's bursts ${halfBurst.p99} ms ` +
          `(hello-world ${hello.burst.p99} ms)`,
      );
      console.log(`answers over ${GOAL_P99_MS} ms at half, paced: HTTP ${stallLine(half)}`);
      console.log(`  hello-world ${stallLine(hello.even)}`);
      if (probes.length > 0) {
        console.log('consent server (--probe: event-loop delay, request time, GC by kind):');
        for (const line of probes.splice(0)) console.log(line);
      }
      console.log(
        `acknowledged (2xx) ${acknowledged}, rows in the ledger ${stored}, lost ${lost} ` +
          `(goal 0: ${lost === 0 ? 'met' : 'missed'})\n`,
      );
    } finally {
      await postgres?.dropDatabase();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
}
rmSync(path.dirname(probeOut), { recursive: true, force: true });
console.log(`goals: ${verdicts.join('; ')}`);
