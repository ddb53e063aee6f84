/**
 * A retention run SIGKILLed in the middle of a sweep, on PGlite and PostgreSQL (issue 13): a
 * worker process runs every sweep in batches of 20 and is killed while it anonymises browsing
 * events, a second while it deletes the disclosure log, and a third runs to the end. Afterwards
 * every expired record is ended, every young one untouched, and the runs' own counts add up to
 * exactly the expired records: no batch is half-applied, none is counted (or ended) twice, and a
 * killed run is recorded as interrupted.
 */
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crashLocation } from '../support/crash-location.ts';
import { runCrashWorker } from '../support/crash-worker.ts';
import { testDbKind } from '../support/database.ts';
import type { EngineLocation } from '../rights/crash-engine.ts';
import { openStore } from '../rights/crash-store.ts';

const worker = path.resolve(import.meta.dirname, 'sweep-crash-worker.ts');
const NOW = '2030-01-01T00:00:00.000Z';
const OLD = 300;
const YOUNG = 40;

let location: EngineLocation;
let remove: () => Promise<void>;

beforeAll(async () => {
  ({ location, remove } = await crashLocation('custodian-sweep-crash'));
}, 120_000);

afterAll(() => remove());

/** Runs the worker; kills it (SIGKILL) once it reports `killAt.after` rows done in `killAt.sweep`. */
function runWorker(killAt?: { sweep: string; after: number }) {
  return runCrashWorker(worker, location, {
    env: { CRASH_NOW: NOW },
    killWhen: killAt
      ? (line) => line.sweep === killAt.sweep && Number(line.processed) >= killAt.after
      : undefined,
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe(`a retention run killed mid-sweep (${testDbKind})`, () => {
  it('finishes on restart: every expired record ended once, no young one touched', async () => {
    const store = await openStore(location);
    const db = store.database.db;
    const old = (i: number) => new Date(Date.parse('2027-01-01T00:00:00Z') + i * 60_000);
    const young = new Date('2029-12-20T00:00:00Z');
    for (let i = 0; i < OLD + YOUNG; i++) {
      const at = i < OLD ? old(i) : young;
      await sql`insert into browsing_events (visitor_id, event, path, product_id, search, occurred_at)
        values (${`v-${i}`}, 'search', '/search', null, 'lace', ${at})`.execute(db);
      await sql`insert into disclosures
        (recipient, purpose, categories, fields, subject_pseudonym, status, disclosed_at)
        values ('posti', 'delivery', '[]', '[]', ${randomUUID()}, 'sent', ${at})`.execute(db);
    }
    await store.database.close();

    const first = await runWorker({ sweep: 'browsing.events', after: 60 });
    expect(first.signal).toBe('SIGKILL');
    await sleep(2500); // the dead run's lease runs out
    const second = await runWorker({ sweep: 'disclosures.log', after: 60 });
    expect(second.signal).toBe('SIGKILL');
    await sleep(2500);
    const third = await runWorker();
    expect(third.signal).toBeNull();
    expect(third.lines.at(-1)).toMatchObject({ done: 'done' });

    const check = await openStore(location);
    try {
      const q = check.database.db;
      const count = async (query: ReturnType<typeof sql<{ n: string }>>) =>
        Number((await query.execute(q)).rows[0]!.n);
      // Browsing: the expired anonymised, the young still linked to their visitor.
      expect(
        await count(sql`select count(*) as n from browsing_events where visitor_id = ''`),
      ).toBe(OLD);
      expect(
        await count(
          sql`select count(*) as n from browsing_events where visitor_id like 'v-%' and occurred_at = ${young}`,
        ),
      ).toBe(YOUNG);
      // The disclosure log: the expired deleted, the young kept.
      expect(await count(sql`select count(*) as n from disclosures`)).toBe(YOUNG);
      // The runs' own record: two interrupted, one done, and the counts add up exactly.
      const runs = await sql<{ status: string }>`select status from retention_runs
        order by started_at`.execute(q);
      expect(runs.rows.map((r) => r.status)).toEqual(['interrupted', 'interrupted', 'done']);
      for (const sweep of ['browsing.events', 'disclosures.log']) {
        expect(
          await count(
            sql`select coalesce(sum(processed), 0) as n from retention_run_sweeps where sweep = ${sweep}`,
          ),
          sweep,
        ).toBe(OLD);
      }
    } finally {
      await check.database.close();
    }
  }, 300_000);
});
