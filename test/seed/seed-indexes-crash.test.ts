/**
 * A seed killed (SIGKILL) between suspending its indexes and building them again, on PGlite and
 * PostgreSQL: the store it leaves lacks them, with each one's definition recorded; the next
 * start (migrateToLatest, which every start runs) builds every one again, and a seed killed the
 * same way and then run again finishes with every index in place.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/kit/db/database.ts';
import { migrateToLatest } from '../../src/kit/db/migrate.ts';
import { crashLocation, type CrashLocation } from '../support/crash-location.ts';
import { runCrashWorker } from '../support/crash-worker.ts';
import { testDbKind } from '../support/database.ts';
import {
  indexDefinitions,
  migratedIndexDefinitions,
  suspendedNames,
  type IndexDefinition,
} from './index-definitions.ts';

const worker = path.resolve(import.meta.dirname, 'seed-crash-worker.ts');
const CUSTOMERS = 200; // 40 batches: the kill after the first lands well inside the load

let location: CrashLocation;
let remove: () => Promise<void>;
let migrated: IndexDefinition[];

beforeAll(async () => {
  ({ location, remove } = await crashLocation('custodian-seed-crash'));
  migrated = await migratedIndexDefinitions();
}, 120_000);

afterAll(() => remove());

const open = (at: CrashLocation = location): Promise<Database> =>
  openDatabase({ url: at.url, dataDir: at.dataDir });

/** A seed killed after its first committed batch. */
async function killedSeed(at: CrashLocation = location): Promise<void> {
  const run = await runCrashWorker(worker, at, {
    env: { SEED_CUSTOMERS: String(CUSTOMERS) },
    killWhen: (line) => Number(line.done) >= 5,
  });
  expect(run.signal).toBe('SIGKILL');
}

/** The store as the kill left it, before anything starts on it. */
async function left(
  at: CrashLocation = location,
): Promise<{ suspended: string[]; indexes: string[] }> {
  const database = await open(at);
  try {
    return {
      suspended: await suspendedNames(database.db),
      indexes: (await indexDefinitions(database.db)).map((i) => i.indexname),
    };
  } finally {
    await database.close();
  }
}

describe(`a seed killed with its indexes suspended (${testDbKind})`, () => {
  it('leaves a store whose next start builds every index again', async () => {
    await killedSeed();
    const killed = await left();
    // The kill landed between suspending and rebuilding: indexes missing, each one recorded.
    expect(killed.suspended).toContain('orders_customer_idx');
    expect(killed.indexes).not.toContain('orders_customer_idx');
    for (const name of killed.suspended) expect(killed.indexes).not.toContain(name);
    expect([...killed.indexes, ...killed.suspended].sort()).toEqual(
      migrated.map((i) => i.indexname).sort(),
    );

    // The start-up path, as the service and every command run it.
    const database = await open();
    try {
      await migrateToLatest(database);
      expect(await indexDefinitions(database.db)).toEqual(migrated);
      expect(await suspendedNames(database.db)).toEqual([]);
    } finally {
      await database.close();
    }
  }, 180_000);

  it('is finished by the next seed', async () => {
    // Another fresh store, killed the same way, then seeded again to the end: the new run's start
    // builds the indexes again, and it skips the customers already in.
    const fresh = await crashLocation('custodian-seed-crash');
    try {
      await killedSeed(fresh.location);
      expect((await left(fresh.location)).suspended).toContain('orders_customer_idx');
      const again = await runCrashWorker(worker, fresh.location, {
        env: { SEED_CUSTOMERS: String(CUSTOMERS) },
      });
      expect(again.signal).toBeNull();
      const last = again.lines.at(-1)!;
      expect(Number(last.finished) + Number(last.skipped)).toBe(CUSTOMERS);
      expect(Number(last.skipped)).toBeGreaterThan(0);
      const after = await open(fresh.location);
      try {
        expect(await indexDefinitions(after.db)).toEqual(migrated);
        expect(await suspendedNames(after.db)).toEqual([]);
        const n = await after.db
          .selectFrom('customers')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow();
        expect(Number(n.n)).toBe(CUSTOMERS);
      } finally {
        await after.close();
      }
    } finally {
      await fresh.remove();
    }
  }, 180_000);
});
