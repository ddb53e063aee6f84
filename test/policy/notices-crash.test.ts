/**
 * The notices of a significant policy version SIGKILLed halfway, on PGlite and PostgreSQL
 * (issue 14): a worker process tells 1,000 customers in batches and is killed after about 400;
 * a second runs to the end. Afterwards each reachable customer has exactly one message in the
 * outbox and one notice record, erased and bounced ones none, and the run is finished.
 */
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crashLocation, type CrashLocation } from '../support/crash-location.ts';
import { runCrashWorker } from '../support/crash-worker.ts';
import { testDbKind } from '../support/database.ts';
import { openStore } from '../rights/crash-store.ts';
import { NOTES, noticeMessages, populate, significantEdit } from './notice-fixtures.ts';

const worker = path.resolve(import.meta.dirname, 'notices-crash-worker.ts');
const CUSTOMERS = 1000;

let location: CrashLocation;
let remove: () => Promise<void>;

beforeAll(async () => {
  ({ location, remove } = await crashLocation('custodian-notices-crash'));
}, 120_000);

afterAll(() => remove());

/** Runs the worker; kills it (SIGKILL) once it reports `killAfter` customers done. */
function runWorker(version: number, killAfter?: number) {
  return runCrashWorker(worker, location, {
    env: { CRASH_POLICY_VERSION: String(version) },
    killWhen: killAfter === undefined ? undefined : (line) => Number(line.done) >= killAfter,
  });
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
