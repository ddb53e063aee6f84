/**
 * The customer sweeps killed in the middle of a batch of erasures run together (issue 13), on
 * PGlite and PostgreSQL. A worker runs every sweep (batches of 20: one `runErasures` of 20
 * accounts a batch) and SIGKILLs itself at a chosen crash point of the rights engine: once after
 * the first batch's confirmations were mailed and before their `confirm` steps committed, once
 * inside the next batch's erasers. After each kill the store restarts as the service does (every
 * request left verified or running is run again, the start-up resume), and a last worker runs to
 * the end. Afterwards every due account is erased by exactly one request whose steps are each
 * recorded once, confirmed; no young account is touched, and no held one.
 */
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealProfile } from '../../src/customers/customer-profile.ts';
import { listRunnableIds } from '../../src/rights/engine/rights.repository.ts';
import type { Services } from '../../src/app/services.ts';
import { crashLocation } from '../support/crash-location.ts';
import { runCrashWorker } from '../support/crash-worker.ts';
import { testDbKind } from '../support/database.ts';
import type { EngineLocation } from '../rights/crash-engine.ts';
import { openStore } from '../rights/crash-store.ts';

const worker = path.resolve(import.meta.dirname, 'sweep-crash-worker.ts');
// The real time: the requests the runs finish (completed now, by the services' own clock) are
// then young for the `rights.requests` sweep, which would delete them at a later clock.
const NOW = new Date(Math.floor(Date.now() / 1000) * 1000);
const day = 86_400_000;
const BATCH = 20; // the worker's batch size
const INACTIVE = 50;
const CLOSING = 10;
const YOUNG = 4;
const HELD = 3;

let location: EngineLocation;
let remove: () => Promise<void>;

beforeAll(async () => {
  ({ location, remove } = await crashLocation('custodian-customer-sweep-crash'));
}, 120_000);

afterAll(() => remove());

/** A customer sealed by the real vault, last active at `lastActive`, told at `told`. */
async function customer(s: Services, lastActive: Date, told: Date | null): Promise<string> {
  const id = randomUUID();
  const email = `crash-${id}@example.test`;
  const sealed = await sealProfile(s.vault, s.database.db, id, {
    email,
    name: 'Crash Person',
    phone: null,
    address: null,
    birthday: null,
  });
  await s.database.db
    .insertInto('customers')
    .values({
      id,
      email_index: s.vault.blindIndex('email', email),
      ...sealed,
      password_hash: null,
      email_verified_at: lastActive,
      policy_version: s.policy.currentVersion.version,
      policy_accepted_at: lastActive,
      created_at: lastActive,
      updated_at: lastActive,
      last_active_at: lastActive,
      inactivity_notice_at: told,
    })
    .execute();
  return id;
}

/** Closed accounts whose erasure was left unfinished 40 days ago (customers.closed). */
async function seedClosing(): Promise<string[]> {
  const store = await openStore(location);
  const closing: string[] = [];
  try {
    const db = store.database.db;
    for (let i = 0; i < CLOSING; i++) {
      const id = await customer(store, new Date(NOW.getTime() - 50 * day), null);
      closing.push(id);
      const received = new Date(NOW.getTime() - 40 * day - i * 1000);
      await db
        .insertInto('dsr_requests')
        .values({
          id: randomUUID(),
          type: 'erasure',
          status: 'verified',
          channel: 'staff',
          customer_id: id,
          received_at: received,
          due_at: new Date(received.getTime() + 30 * day),
        })
        .execute();
    }
  } finally {
    await store.database.close();
  }
  return closing;
}

/** The service's restart: every request left verified or running is run to its end. */
async function restart(): Promise<number> {
  const store = await openStore(location);
  try {
    const ids = await listRunnableIds(store.database.db);
    for (const id of ids) await store.rights.runner.run(id);
    return ids.length;
  } finally {
    await store.database.close();
  }
}

describe(`customer sweeps killed mid-batch (${testDbKind})`, () => {
  it('finish on restart: every due account erased once, no young or held one touched', async () => {
    const store = await openStore(location);
    const inactive: string[] = [];
    const young: string[] = [];
    const held: string[] = [];
    const long = new Date(NOW.getTime() - 4 * 365 * day);
    const told = new Date(NOW.getTime() - 40 * day);
    let modules: number;
    try {
      const db = store.database.db;
      modules = store.rights.registry.modules().length;
      for (let i = 0; i < INACTIVE; i++)
        inactive.push(await customer(store, new Date(long.getTime() + i * 1000), told));
      for (let i = 0; i < YOUNG; i++)
        young.push(await customer(store, new Date(NOW.getTime() - 30 * day), null));
      for (let i = 0; i < HELD; i++) {
        const id = await customer(store, long, told);
        held.push(id);
        await db
          .insertInto('retention_holds')
          .values({
            id: randomUUID(),
            customer_id: id,
            order_id: null,
            reason_sealed: 'sealed',
            placed_by: 'staff-1',
            placed_at: told,
            until: new Date(NOW.getTime() + 90 * day),
          })
          .execute();
      }
    } finally {
      await store.database.close();
    }

    // A batch of n erasures passes, per request: 4 opening steps, one step per module, then
    // `confirm` and `done`, each before and after its commit: (12 + 2 × modules) × n points.
    const opening = (n: number) => 8 * n;
    const erasers = (n: number) => 2 * modules * n;
    const batch = (n: number) => opening(n) + erasers(n) + 4 * n;
    const runKilledAt = (point?: number) =>
      runCrashWorker(worker, location, {
        env: {
          CRASH_NOW: NOW.toISOString(),
          CUSTODIAN_TEST_CRASH_AT: point === undefined ? '' : String(point),
        },
      });
    const lease = () => new Promise((r) => setTimeout(r, 2500)); // a dead run's lease runs out
    // customers.inactive, first batch: every mail sent, its `confirm` transaction not committed.
    expect((await runKilledAt(opening(BATCH) + erasers(BATCH) + BATCH)).signal).toBe('SIGKILL');
    expect(await restart()).toBe(BATCH);
    await lease();
    // customers.inactive, second batch: inside its first erasers' transaction.
    expect((await runKilledAt(opening(BATCH) + BATCH)).signal).toBe('SIGKILL');
    expect(await restart()).toBe(BATCH);
    await lease();
    // customers.closed, after the last inactive batch (10): inside its first erasers' transaction.
    expect(await seedClosing()).toHaveLength(CLOSING);
    const rest = INACTIVE - 2 * BATCH;
    expect((await runKilledAt(batch(rest) + opening(CLOSING) + 5)).signal).toBe('SIGKILL');
    expect(await restart()).toBe(CLOSING);
    await lease();
    const last = await runKilledAt();
    expect(last.signal).toBeNull();
    expect(last.lines.at(-1)).toMatchObject({ done: 'done' });

    const check = await openStore(location);
    try {
      const q = check.database.db;
      const left = (await q.selectFrom('customers').select('id').execute()).map((r) => r.id);
      // Every due account erased; the young and the held ones still there.
      expect(left.sort()).toEqual([...young, ...held].sort());
      const requests = await q
        .selectFrom('dsr_requests')
        .select(['id', 'status'])
        .where('type', '=', 'erasure')
        .execute();
      // One request per erased account, each done (60 accounts gone, 60 requests: one each;
      // the erasure unlinks a request from its account, so it is counted, not matched), and
      // none for a young or held account, which are still there.
      expect(requests).toHaveLength(INACTIVE + CLOSING);
      expect(requests.every((r) => r.status === 'done')).toBe(true);
      // Each request's steps: the whole erasure, each once (the table's key would refuse a
      // second), confirmed with the mail sent.
      const steps = await q
        .selectFrom('dsr_request_steps')
        .select(['request_id', 'step', 'output'])
        .execute();
      // The closings seeded without `received`: every one of them finished by a sweep or restart.
      expect(
        requests.filter((r) => !steps.some((s) => s.request_id === r.id && s.step === 'received')),
      ).toHaveLength(CLOSING);
      const moduleNames = check.rights.registry.modules().map((m) => `erase:${m.name}`);
      for (const r of requests) {
        const mine = steps.filter((s) => s.request_id === r.id);
        expect(mine.map((s) => s.step).sort()).toEqual(
          [
            // The seeded closings were made without them; the sweep's own have both.
            ...(mine.some((s) => s.step === 'received') ? ['received', 'verified'] : []),
            'running',
            'plan',
            'holds',
            'capture',
            ...moduleNames,
            'confirm',
            'done',
          ].sort(),
        );
        expect(mine.find((s) => s.step === 'confirm')?.output).toMatchObject({ sent: true });
      }
      // Nothing captured for a confirmation outlived it.
      expect(
        Number(
          (await sql<{ n: string }>`select count(*) as n from dsr_request_details`.execute(q))
            .rows[0]!.n,
        ),
      ).toBe(0);
      const runs = await sql<{ status: string }>`select status from retention_runs
        order by started_at`.execute(q);
      expect(runs.rows.map((r) => r.status)).toEqual([
        'interrupted',
        'interrupted',
        'interrupted',
        'done',
      ]);
    } finally {
      await check.database.close();
    }
  }, 400_000);
});
