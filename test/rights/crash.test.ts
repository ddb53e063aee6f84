/**
 * Crash safety of the rights engine: a worker process is SIGKILLed at every crash point of an
 * access and of an erasure request (each step after its work, before and after its transaction's
 * commit, and inside a module's erasure), then a fresh worker resumes the request. Every request
 * must complete exactly once, and no subject may ever be seen half-erased. On PGlite the data directory is on disk and opened
 * by one process at a time; on PostgreSQL the processes share the test database.
 *
 * To keep the number of processes down, the worker that resumes request N then runs request N+1
 * with the crash hook armed at point N+1.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestType } from '../../src/rights/engine/rights.ts';
import { crashEnv, crashLocation } from '../support/crash-location.ts';
import { testDbKind } from '../support/database.ts';
import {
  newDemoRequest,
  openEngine,
  type DemoRequest,
  type EngineLocation,
  type Observed,
} from './crash-engine.ts';

const worker = path.resolve(import.meta.dirname, 'crash-worker.ts');
const root = path.resolve(import.meta.dirname, '../..');

let location: EngineLocation;
let remove: () => Promise<void>;

beforeAll(async () => {
  ({ location, remove } = await crashLocation('custodian-crash'));
}, 120_000);

afterAll(() => remove());

/** Creates requests in this process; the database is closed again before any worker starts. */
async function createRequests(type: RequestType, n: number): Promise<DemoRequest[]> {
  const engine = await openEngine(location);
  try {
    const out: DemoRequest[] = [];
    for (let i = 0; i < n; i++) out.push(await newDemoRequest(engine, type));
    return out;
  } finally {
    await engine.database.close();
  }
}

interface WorkerRun {
  signal: NodeJS.Signals | null;
  code: number | null;
  stderr: string;
  prevBefore?: Observed;
  prevAfter?: Observed;
  nextAfter?: Observed;
  crashPoints?: string[];
}

function runWorker(opts: { prev?: DemoRequest; next?: DemoRequest; crashAt?: number }) {
  return new Promise<WorkerRun>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', worker], {
      cwd: root,
      env: {
        ...process.env,
        NODE_ENV: 'test',
        CRASH_PREV: opts.prev ? JSON.stringify(opts.prev) : '',
        CRASH_NEXT: opts.next ? JSON.stringify(opts.next) : '',
        ...crashEnv(location),
        CUSTODIAN_TEST_CRASH_AT: opts.crashAt === undefined ? '' : String(opts.crashAt),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const run: WorkerRun = { code, signal, stderr };
      for (const line of stdout.split('\n').filter(Boolean)) {
        const msg = JSON.parse(line) as {
          prev?: string;
          next?: string;
          observed: Observed;
          crashPoints?: string[];
        };
        if (msg.prev === 'before') run.prevBefore = msg.observed;
        if (msg.prev === 'after') run.prevAfter = msg.observed;
        if (msg.next === 'after') {
          run.nextAfter = msg.observed;
          run.crashPoints = msg.crashPoints;
        }
      }
      resolve(run);
    });
  });
}

/** No module is ever half-erased: each is untouched (3 rows, 2 linked orders) or fully done. */
function expectNoHalfErasure(o: Observed): void {
  expect([0, 3]).toContain(o.profileRows);
  expect([0, 2]).toContain(o.linkedOrders);
  const profileDone = o.erasures.some((e) => e.module === 'demo_profile');
  const ordersDone = o.erasures.some((e) => e.module === 'demo_orders');
  expect(o.profileRows === 0).toBe(profileDone);
  expect(o.linkedOrders === 0).toBe(ordersDone);
  expect(o.steps.includes('erase:demo_profile')).toBe(profileDone);
  expect(o.steps.includes('erase:demo_orders')).toBe(ordersDone);
}

function expectCompletedOnce(type: RequestType, o: Observed | undefined, r: DemoRequest): void {
  expect(o).toBeDefined();
  if (!o) return;
  expect(o.status).toBe('done');
  expect(new Set(o.steps).size).toBe(o.steps.length);
  expect(o.steps.filter((s) => s === 'done')).toHaveLength(1);
  if (type === 'erasure') {
    expect(o.erasures).toEqual([
      { module: 'demo_orders', n: 1 },
      { module: 'demo_profile', n: 1 },
    ]);
    expect(o.profileRows).toBe(0);
    expect(o.linkedOrders).toBe(0);
    expect(o.notices).toBe(1);
    expect(o.steps).toEqual(
      expect.arrayContaining([
        'plan',
        'holds',
        'capture',
        'erase:demo_orders',
        'erase:demo_profile',
        'notify:posti',
        'confirm',
      ]),
    );
  } else {
    expect(o.exports).toBe(1);
    expect(o.exportText).toContain(`${r.customerId}@example.test`);
    expect(o.erasures).toEqual([]);
    expect(o.profileRows).toBe(3);
  }
}

async function crashAtEveryPoint(type: RequestType): Promise<number> {
  // A clean run counts the crash points of this request type.
  const [first] = await createRequests(type, 1);
  if (!first) throw new Error('no request');
  const clean = await runWorker({ next: first });
  expect(clean.stderr).toBe('');
  expect(clean.code).toBe(0);
  expectCompletedOnce(type, clean.nextAfter, first);
  // Every point belongs to this request: no other job ran behind the test's back.
  const labels = clean.crashPoints ?? [];
  for (const label of labels) expect(label.startsWith(first.requestId)).toBe(true);
  const points = labels.length;

  const requests = await createRequests(type, points);
  for (let n = 0; n <= points; n++) {
    const prev = requests[n - 1];
    const next = requests[n];
    const run = await runWorker({
      ...(prev ? { prev } : {}),
      ...(next ? { next, crashAt: n + 1 } : {}),
    });
    if (prev) {
      // What the killed worker left behind, seen before anything resumes it.
      if (type === 'erasure' && run.prevBefore) expectNoHalfErasure(run.prevBefore);
      expectCompletedOnce(type, run.prevAfter, prev);
    }
    if (next) expect(run.signal, `crash point ${n + 1}: ${run.stderr}`).toBe('SIGKILL');
    else expect(run.code, run.stderr).toBe(0);
  }
  return points;
}

describe(`rights engine under SIGKILL (${testDbKind})`, () => {
  it('completes an access request exactly once after a kill at each crash point', async () => {
    // running, export and done (one transaction): each after its work, and after the commit.
    expect(await crashAtEveryPoint('access')).toBe(6);
  }, 900_000);

  it('completes an erasure exactly once, never half-erased, after a kill at each point', async () => {
    // running, plan, holds, capture, two modules, notify:posti, confirm and done (2 each: after
    // the step's work inside its transaction, and after that transaction's commit; steps share
    // transactions), and 4 inside the erasers.
    expect(await crashAtEveryPoint('erasure')).toBe(2 * 9 + 4);
  }, 1_800_000);
});
