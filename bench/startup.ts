/**
 * How long `custodian serve --demo` takes to become healthy, as `npm start` runs it: the real
 * command (`node bin/custodian.js`, from the build in dist/) on an empty DATA_DIR, then again on
 * the same one. Each time: milliseconds from spawning the process to the first 200 from
 * /healthz, to the demo seed's sign-ins on stdout, the server's own phase log, and its resident
 * memory (now and at its peak). Baselines from the same run: a Hono hello-world's start (the
 * floor: node, the HTTP server, nothing of ours) and a new PGlite data directory made by initdb
 * against one unpacked from the build's template (what a first start did before and does now).
 *
 * The goals (issue 15): a second start healthy in under 2 s; a first start, demo seed included,
 * under 6 s. Both on PGlite. `npm run bench:startup [-- runs]` (default 1 pair of starts).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { buildDist, isFresh, root } from '../bin/dist.js';
import { pgliteTemplate } from '../src/kit/db/pglite-template.ts';
import { freePort } from '../test/support/server.ts';

const runs = Number(process.argv[2] ?? 1);
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

interface Start {
  healthyMs: number;
  seededMs: number | undefined;
  rssMb: number;
  peakMb: number;
  phases: Record<string, number> | undefined;
}

function memory(pid: number): { rssMb: number; peakMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rssMb: Math.round(kb('VmRSS') / 1024), peakMb: Math.round(kb('VmHWM') / 1024) };
}

async function healthy(url: string, started: number, limitMs = 120_000): Promise<number> {
  for (;;) {
    try {
      const res = await fetch(url);
      if (res.status === 200) return performance.now() - started;
    } catch {
      // Not listening yet.
    }
    if (performance.now() - started > limitMs) throw new Error(`${url}: not healthy in time`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** One start of `args` with `env`, to healthy; `untilSeeded` also waits for the demo sign-ins. */
async function start(
  args: string[],
  env: NodeJS.ProcessEnv,
  untilSeeded: boolean,
  probe = '/healthz',
) {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: {
      ...process.env,
      LOG_LEVEL: 'info',
      ...env,
      PORT: String(port),
      HELLO_PORT: String(port),
      HOST: '127.0.0.1',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  let seededMs: number | undefined;
  const seeded = new Promise<void>((resolve) => {
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (seededMs === undefined && out.includes('demo sign-in:')) {
        seededMs = performance.now() - started;
        resolve();
      }
    });
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    const healthyMs = await healthy(`http://127.0.0.1:${port}${probe}`, started);
    if (untilSeeded) await Promise.race([seeded, exited]);
    else await new Promise((r) => setTimeout(r, 300));
    const line = out.split('\n').find((l) => l.includes('"start-up phases"'));
    const phases = line
      ? (JSON.parse(line) as { phases: Record<string, number> }).phases
      : undefined;
    return { healthyMs, seededMs, phases, ...memory(child.pid!) } satisfies Start;
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

/** A new PGlite data directory, by initdb or from the template, in this process. */
async function newDataDir(fromTemplate: boolean): Promise<number> {
  const dir = mkdtempSync(path.join(tmpdir(), 'custodian-bench-pgdata-'));
  const template = fromTemplate ? pgliteTemplate() : undefined;
  if (fromTemplate && !template) throw new Error('the build has no PGlite template');
  try {
    const started = performance.now();
    const pglite = await PGlite.create({
      dataDir: path.join(dir, 'pgdata'),
      ...(template ? { loadDataDir: template } : {}),
    });
    await pglite.query('select 1');
    const ms = performance.now() - started;
    await pglite.close();
    return ms;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (!isFresh()) {
  console.log('dist/ is missing or older than the sources: building it (npm run build).');
  await buildDist();
}

const ms = (n: number | undefined) => (n === undefined ? '–' : `${Math.round(n)} ms`);
console.log(`load average before: ${load()} (2 cores, shared with other work)\n`);

// The hello-world answers 200 at `/` only.
const floor = await start(
  [path.join(root, 'bench', 'hello-world-server.mjs')],
  {},
  false,
  '/',
).catch(() => undefined);
const initdb = await newDataDir(false);
const unpacked = await newDataDir(true);
console.log(
  `Baselines: a Hono hello-world healthy in ${ms(floor?.healthyMs)} (the floor); a new PGlite ` +
    `data directory by initdb ${ms(initdb)}, from the build's template ${ms(unpacked)}.\n`,
);

const results: { first: Start; second: Start }[] = [];
for (let i = 0; i < runs; i++) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'custodian-bench-startup-'));
  try {
    const args = [path.join(root, 'bin', 'custodian.js'), 'serve', '--demo'];
    const env = { DATA_DIR: dataDir };
    const first = await start(args, env, true);
    const second = await start(args, env, true);
    results.push({ first, second });
    for (const [name, s] of [
      ['first start (empty DATA_DIR)', first],
      ['second start (same DATA_DIR)', second],
    ] as const) {
      console.log(
        `${name.padEnd(30)} healthy ${ms(s.healthyMs).padStart(8)}   demo seed done ${ms(s.seededMs).padStart(8)}` +
          `   RSS ${s.rssMb} MB (peak ${s.peakMb} MB)`,
      );
      if (s.phases) console.log(`  phases (ms, the server's log): ${JSON.stringify(s.phases)}`);
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const first = median(results.map((r) => Math.max(r.first.healthyMs, r.first.seededMs ?? 0)));
const second = median(results.map((r) => r.second.healthyMs));
console.log(
  `\nGoal: second start healthy < 2000 ms: ${ms(second)}, ${second < 2000 ? 'met' : 'missed'}.`,
);
console.log(
  `Goal: first start, demo seed included, < 6000 ms: ${ms(first)}, ${first < 6000 ? 'met' : 'missed'}.`,
);
console.log(`load average after: ${load()}`);
