/**
 * What this machine gives any server at a paced rate, layer by layer, before a latency goal is
 * judged on it (issue 15's consent writes: p99 < 20 ms at half the maximum rate, acknowledged
 * only after COMMIT).
 *
 *   npm run bench:floor
 *   npm run bench:floor -- --rate 1800 --seconds 10 --rounds 3 --dir /var/lib/postgresql
 *
 * Each round, each layer evenly paced at `rate` for `seconds`, latency counted from when each
 * call was due (bench/paced-calls.ts, bench/paced-post.ts):
 *
 * 1. disk: an 8 KB append and `fdatasync` in `--dir` (default the temporary directory), one at a
 *    time: what every durable COMMIT waits for.
 * 2. PostgreSQL: one-row INSERTs, each its own transaction, from `--parallel` connections, into a
 *    table of a fresh bench database: the disk plus the database.
 * 3. nginx (Debian's `/usr/sbin/nginx`, when installed): `POST /` answered 201 by a server
 *    outside Node, over the same generator, connections and body as the consent bench: the load
 *    generator's own floor.
 * 4. hello-world: the same over a minimal Hono server on @hono/node-server (the consent bench's
 *    ceiling): what Node and the framework add.
 *
 * The goal printed is the consent writes' p99 bound: a layer whose own p99 is over it shows that
 * a server built on it cannot be judged against the goal on this machine in that round; "met"
 * or "missed" per layer and round. Nothing is projected.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '../src/kit/db/database.ts';
import { createPostgresDatabase } from '../test/support/database.ts';
import { startHelloWorld, stopChild } from './child-server.ts';
import { pacedCalls, type PacedCallsResult } from './paced-calls.ts';
import { pacedPost } from './paced-post.ts';

const { values } = parseArgs({
  options: {
    rate: { type: 'string', default: '1800' },
    seconds: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '3' },
    connections: { type: 'string', default: '50' },
    parallel: { type: 'string', default: '4' },
    dir: { type: 'string', default: tmpdir() },
  },
});
const rate = Number(values.rate);
const seconds = Number(values.seconds);
const rounds = Number(values.rounds);
const connections = Number(values.connections);
const parallel = Number(values.parallel);
const GOAL_P99_MS = 20;
const NGINX = '/usr/sbin/nginx';
// The consent bench's body, near enough in size (the server under test here ignores it).
const body = JSON.stringify({
  choices: { analytics: true, marketing: false, personalisation: false },
  textHash: 'x'.repeat(43),
  policyVersion: 1,
  source: 'banner',
  signals: { gpc: false, dnt: false },
  explicit: true,
  lang: 'en',
});

type Figures = Pick<PacedCallsResult, 'p50' | 'p99' | 'max' | 'slow' | 'failed'>;

const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

async function disk(): Promise<Figures> {
  const dir = mkdtempSync(path.join(values.dir, 'custodian-floor-'));
  const file = await open(path.join(dir, 'probe'), 'w');
  const block = randomBytes(8192);
  let position = 0;
  try {
    return await pacedCalls(
      async () => {
        await file.write(block, 0, block.length, position);
        // A 16 MB file reused, as PostgreSQL reuses its WAL segments.
        position = (position + block.length) % (16 * 1024 * 1024);
        await file.datasync();
      },
      { rate, parallel: 1, seconds, slowMs: GOAL_P99_MS },
    );
  } finally {
    await file.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function postgres(): Promise<Figures | string> {
  let bench: Awaited<ReturnType<typeof createPostgresDatabase>>;
  try {
    bench = await createPostgresDatabase();
  } catch (err) {
    return `not reachable (${(err as Error).message})`;
  }
  const database = await openDatabase({ url: bench.url });
  try {
    await database.executeSql(
      'create table floor_probe (id bigint generated always as identity primary key, at timestamptz not null)',
    );
    return await pacedCalls(
      () => database.executeSql('insert into floor_probe (at) values ($1)', [new Date()]),
      { rate, parallel, seconds, slowMs: GOAL_P99_MS },
    );
  } finally {
    await database.close();
    await bench.dropDatabase();
  }
}

async function nginx(): Promise<Figures | string> {
  if (!existsSync(NGINX)) return `not installed (${NGINX}: apt-get install nginx-light)`;
  const dir = mkdtempSync(path.join(tmpdir(), 'custodian-floor-nginx-'));
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  writeFileSync(
    path.join(dir, 'nginx.conf'),
    `worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${dir};
  server {
    listen 127.0.0.1:${port};
    keepalive_requests 1000000;
    location / { default_type application/json; return 201 '{"ok":true}'; }
  }
}
`,
  );
  const child = spawn(NGINX, ['-c', path.join(dir, 'nginx.conf'), '-g', 'daemon off;'], {
    stdio: 'ignore',
  });
  try {
    const url = `http://127.0.0.1:${port}/`;
    for (let tries = 0; ; tries += 1) {
      try {
        await fetch(url, { method: 'POST', body });
        break;
      } catch (err) {
        if (tries > 50) throw err;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    return await paced(url);
  } finally {
    await stopChild(child);
    rmSync(dir, { recursive: true, force: true });
  }
}

async function helloWorld(): Promise<Figures> {
  const hello = await startHelloWorld();
  try {
    // As the consent bench does before its phases: warm, so the JIT is not what is measured.
    await pacedPost(hello.url, body, { rate, connections, seconds: 2, slowMs: GOAL_P99_MS });
    return await paced(hello.url);
  } finally {
    await stopChild(hello.child);
  }
}

function paced(url: string): Promise<Figures> {
  return pacedPost(url, body, { rate, connections, seconds, slowMs: GOAL_P99_MS });
}

const layers: [string, () => Promise<Figures | string>][] = [
  [`disk: 8 KB write + fdatasync, 1 at a time`, disk],
  [`PostgreSQL: 1-row commits, ${parallel} connections`, postgres],
  [`nginx: POST, ${connections} connections`, nginx],
  [`Node hello-world: POST, ${connections} connections`, helloWorld],
];

console.log(
  `bench:floor: ${rate} calls/s evenly paced, ${seconds} s a layer, ${rounds} round(s); ` +
    `disk in ${values.dir}; load average ${load()} (2 cores shared with other work)`,
);
console.log(
  `goal: p99 < ${GOAL_P99_MS} ms (the consent writes' at half their maximum rate): ` +
    `a layer over it is a floor no server on it can go under in that round\n`,
);
const pad = (s: string | number, n: number) => String(s).padStart(n);
console.log(
  `${'round  layer'.padEnd(52)}${pad('p50 ms', 8)}${pad('p99 ms', 8)}${pad('max ms', 8)}${pad(`>${GOAL_P99_MS} ms`, 8)}  goal`,
);
for (let round = 1; round <= rounds; round += 1) {
  for (const [name, measure] of layers) {
    const m = await measure();
    const label = `${pad(round, 5)}  ${name}`.padEnd(52);
    if (typeof m === 'string') {
      console.log(`${label}${m}`);
      continue;
    }
    const verdict =
      m.failed > 0 ? `missed (${m.failed} failed)` : m.p99 < GOAL_P99_MS ? 'met' : 'missed';
    console.log(
      `${label}${pad(m.p50, 8)}${pad(m.p99, 8)}${pad(m.max, 8)}${pad(m.slow, 8)}  ${verdict}`,
    );
  }
}
console.log(`\nload average ${load()}`);
