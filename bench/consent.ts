/**
 * Consent writes over HTTP versus raw single-row INSERTs into the same database, in one run.
 *
 *   npm run bench:consent                  # PGlite, then PostgreSQL if reachable
 *   npm run bench:consent -- --db pglite --seconds 10 --connections 50
 *
 * For each database, in rounds: the raw rate (one `INSERT INTO consent_records` per statement,
 * each its own transaction; from one connection, and on PostgreSQL also from as many parallel
 * connections as the server's pool, the stricter baseline), then a real server
 * (`node bin/custodian.js serve`, a child process) on that same database, loaded by autocannon
 * with `POST /api/consent`. Every HTTP write is acknowledged only after its COMMIT; the group
 * commit is what lets the HTTP rate reach or pass the raw rate. Figures are printed, not asserted.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { openDatabase, type Database } from '../src/kit/db/database.ts';
import { migrateToLatest } from '../src/kit/db/migrate.ts';
import { createPostgresDatabase } from '../test/support/database.ts';

const { values } = parseArgs({
  options: {
    db: { type: 'string', default: 'both' },
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
    rounds: { type: 'string', default: '3' },
  },
});
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const rounds = Math.max(1, Number(values.rounds));

interface Row {
  db: string;
  /** Raw INSERT/s with as many connections as the server's pool (the stricter baseline). */
  raw: number;
  /** Raw INSERT/s from one connection, one statement after another. */
  rawOne: number;
  http: number;
  p99: number;
  errors: number;
  ratios?: number[];
}

async function rawInsertRate(database: Database, parallel: number): Promise<number> {
  const insert = `insert into consent_records
    (id, visitor_id, decided_at, policy_version, text_hash, decisions, gpc, dnt, explicit, source, lang)
    values ($1, $2, now(), 1, null, '{"analytics":true,"marketing":false,"personalisation":false}', false, false, true, 'api', 'en')`;
  const until = performance.now() + seconds * 1000;
  let n = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (performance.now() < until) {
        await database.executeSql(insert, [randomUUID(), 'bench-raw']);
        n += 1;
      }
    }),
  );
  return n / ((performance.now() - started) / 1000);
}

function startServer(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['bin/custodian.js', 'serve'], {
    env: {
      ...process.env,
      PORT: '0',
      LOG_LEVEL: 'warn',
      NODE_ENV: 'test',
      CONSENT_RATE_LIMIT: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const url = /Custodian: open (http:\/\/\S+)/.exec(out)?.[1];
      if (url) resolve({ child, url });
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
}

async function httpRate(url: string): Promise<{ rate: number; p99: number; errors: number }> {
  const config = (await (await fetch(`${url}/consent/config?lang=en`)).json()) as {
    textHash: string;
    policyVersion: number;
  };
  const result = await autocannon({
    url: `${url}/api/consent`,
    method: 'POST',
    connections,
    duration: seconds,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      choices: { analytics: true, marketing: false, personalisation: false },
      textHash: config.textHash,
      policyVersion: config.policyVersion,
      source: 'banner',
      signals: { gpc: false, dnt: false },
      explicit: true,
      lang: 'en',
    }),
  });
  const ok = result['2xx'];
  return {
    rate: ok / (result.duration || seconds),
    p99: result.latency.p99,
    errors: result.non2xx + result.errors,
  };
}

async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/**
 * Rounds alternate raw and HTTP phases so that a change in machine load (shared machines) hits
 * both alike; each round gives a ratio and the table shows the median round.
 */
async function benchPglite(): Promise<Row> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'custodian-bench-'));
  const results: Row[] = [];
  try {
    for (let round = 0; round < rounds; round++) {
      // PGlite is one process's database: the raw phase opens it, closes it, then the server does.
      const database = await openDatabase({ dataDir });
      await migrateToLatest(database);
      const raw = await rawInsertRate(database, 1); // PGlite runs one statement at a time
      const rawOne = raw;
      await database.close();
      const server = await startServer({ DATA_DIR: dataDir });
      const http = await httpRate(server.url);
      await stop(server.child);
      results.push({
        db: 'PGlite',
        raw,
        rawOne,
        http: http.rate,
        p99: http.p99,
        errors: http.errors,
      });
    }
    return median(results);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function benchPostgres(): Promise<Row> {
  const { url, dropDatabase } = await createPostgresDatabase();
  const results: Row[] = [];
  try {
    const database = await openDatabase({ url });
    await migrateToLatest(database);
    const server = await startServer({ DATABASE_URL: url });
    try {
      for (let round = 0; round < rounds; round++) {
        const rawOne = await rawInsertRate(database, 1);
        const raw = await rawInsertRate(database, 10); // as many as the server's pool
        const http = await httpRate(server.url);
        results.push({
          db: 'PostgreSQL',
          raw,
          rawOne,
          http: http.rate,
          p99: http.p99,
          errors: http.errors,
        });
      }
    } finally {
      await stop(server.child);
      await database.close();
    }
    return median(results);
  } finally {
    await dropDatabase();
  }
}

function median(results: Row[]): Row {
  const sorted = [...results].sort((a, b) => a.http / a.raw - b.http / b.raw);
  const row = sorted[Math.floor(sorted.length / 2)]!;
  return { ...row, ratios: results.map((r) => r.http / r.raw) };
}

const rows: Row[] = [];
if (values.db === 'both' || values.db === 'pglite') rows.push(await benchPglite());
if (values.db === 'both' || values.db === 'postgres') {
  try {
    rows.push(await benchPostgres());
  } catch (err) {
    if (values.db === 'postgres') throw err;
    console.log(`PostgreSQL skipped: ${err instanceof Error ? err.message : String(err)}`);
  }
}

console.log(
  `\nConsent writes: ${rounds} rounds of ${seconds} s per phase, ${connections} HTTP connections (median round)\n`,
);
console.log(
  '| database | raw INSERT/s, 1 connection | raw INSERT/s, pool | HTTP POST /api/consent/s | ratio to pool | every round | ratio to 1 connection | HTTP p99 ms | non-2xx |',
);
console.log('| --- | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: |');
for (const r of rows) {
  const all = (r.ratios ?? []).map((x) => `${x.toFixed(2)}×`).join(' ');
  console.log(
    `| ${r.db} | ${r.rawOne.toFixed(0)} | ${r.raw.toFixed(0)} | ${r.http.toFixed(0)} | ${(r.http / r.raw).toFixed(2)}× | ${all} | ${(r.http / r.rawOne).toFixed(2)}× | ${r.p99} | ${r.errors} |`,
  );
}
