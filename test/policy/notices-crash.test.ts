/**
 * The notices of a significant policy version SIGKILLed halfway, on PGlite and PostgreSQL
 * (issue 14): a worker process tells 1,000 customers in batches and is killed after about 400;
 * a second runs to the end. Afterwards each reachable customer has exactly one message in the
 * outbox and one notice record, erased and bounced ones none, and the run is finished.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crashEnv, crashLocation, type CrashLocation } from '../support/crash-location.ts';
import { testDbKind } from '../support/database.ts';
import { openStore } from '../rights/crash-store.ts';
import { NOTES, noticeMessages, populate, significantEdit } from './notice-fixtures.ts';

const worker = path.resolve(import.meta.dirname, 'notices-crash-worker.ts');
const root = path.resolve(import.meta.dirname, '../..');
const CUSTOMERS = 1000;

let location: CrashLocation;
let remove: () => Promise<void>;

beforeAll(async () => {
  ({ location, remove } = await crashLocation('custodian-notices-crash'));
}, 120_000);

afterAll(() => remove());

/** Runs the worker; kills it (SIGKILL) once it reports `killAfter` customers done. */
function runWorker(version: number, killAfter?: number) {
  return new Promise<{ signal: NodeJS.Signals | null; lines: Record<string, unknown>[] }>(
    (resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', worker], {
        cwd: root,
        env: {
          ...process.env,
          NODE_ENV: 'test',
          ...crashEnv(location),
          CRASH_POLICY_VERSION: String(version),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const lines: Record<string, unknown>[] = [];
      let buffered = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => {
        buffered += d.toString();
        const parts = buffered.split('\n');
        buffered = parts.pop() ?? '';
        for (const part of parts.filter(Boolean)) {
          const line = JSON.parse(part) as Record<string, unknown>;
          lines.push(line);
          // The next batch is already under way: the kill lands inside it.
          if (killAfter !== undefined && Number(line.done) >= killAfter) child.kill('SIGKILL');
        }
      });
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('error', reject);
      child.on('close', (code, signal) => {
        if (signal === null && code !== 0) reject(new Error(`worker exited ${code}: ${stderr}`));
        else resolve({ signal, lines });
      });
    },
  );
}

describe(`policy change notices killed halfway (${testDbKind})`, () => {
  it('resume without telling anyone twice, and tell every reachable customer', async () => {
    const store = await openStore(location);
    const people = await populate(store, CUSTOMERS);
    const row = await store.policyPublishing.publish({
      significant: true,
      notes: NOTES,
      manifest: significantEdit(store.policy.manifest),
      effectiveDate: '2027-01-15',
    });
    await store.database.close();

    const first = await runWorker(row.version, 400);
    expect(first.signal).toBe('SIGKILL');
    const killedAt = Number(first.lines.at(-1)?.done);
    expect(killedAt).toBeGreaterThanOrEqual(400);
    expect(killedAt).toBeLessThan(CUSTOMERS);

    const second = await runWorker(row.version);
    expect(second.signal).toBeNull();
    const reachable = CUSTOMERS - people.erased.size - people.bounced.size;
    expect(second.lines.at(-1)).toMatchObject({
      finished: true,
      total: CUSTOMERS,
      done: CUSTOMERS,
      sent: reachable,
    });
    console.log(`notices resumed after the kill: ${JSON.stringify(second.lines.at(-1))}`);

    const check = await openStore(location);
    try {
      const messages = await noticeMessages(check);
      expect(messages.size).toBe(reachable);
      const twice = [...messages.entries()].filter(([, n]) => n > 1);
      expect(twice).toEqual([]);
      for (const id of [...people.erased, ...people.bounced]) expect(messages.has(id)).toBe(false);
      const { rows } = await sql<{ n: string }>`select count(*) as n from policy_notices
        where policy_version = ${row.version}`.execute(check.database.db);
      expect(Number(rows[0]!.n)).toBe(CUSTOMERS);
      expect((await check.policyPublishing.progress(row.version))?.finished).toBe(true);
    } finally {
      await check.database.close();
    }
  }, 600_000);
});
