/**
 * A seed into a fresh store drops the secondary indexes of its tables for the load and builds
 * them again (src/kit/db/suspended-indexes.ts): afterwards the schema has every index of a
 * freshly migrated database, defined the same, and nothing is left suspended. On PGlite the seed
 * does not suspend by default (docs/seed.md); these tests ask it to, so both databases run it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/kit/db/database.ts';
import { migrateToLatest } from '../../src/kit/db/migrate.ts';
import { withIndexesSuspended } from '../../src/kit/db/suspended-indexes.ts';
import { seedDeps } from '../../src/seed/demo-seed.ts';
import { seedTables } from '../../src/seed/seed.repository.ts';
import { seedCustomers } from '../../src/seed/seed.service.ts';
import { testDbKind } from '../support/database.ts';
import { createTestServices, type TestServices } from '../support/services.ts';
import {
  indexDefinitions,
  migratedIndexDefinitions,
  suspendedNames,
  type IndexDefinition,
} from './index-definitions.ts';

let migrated: IndexDefinition[];
let store: TestServices;

beforeAll(async () => {
  migrated = await migratedIndexDefinitions();
  store = await createTestServices();
}, 60_000);

afterAll(() => store.close());

describe(`the seed's suspended indexes (${testDbKind})`, () => {
  it('leaves every index of the schema as a fresh migration defines it', async () => {
    const outcome = await seedCustomers(seedDeps(store), {
      customers: 30,
      batchSize: 10,
      suspendIndexes: true,
    });
    expect(outcome.created).toBe(30);
    // The secondary indexes of the seeded tables were dropped (21: orders alone has 8 of them).
    expect(outcome.indexes?.suspended).toBeGreaterThanOrEqual(20);
    expect(await indexDefinitions(store.database.db)).toEqual(migrated);
    expect(await suspendedNames(store.database.db)).toEqual([]);
  }, 120_000);

  it('leaves the indexes in place when the store has customers already', async () => {
    const outcome = await seedCustomers(seedDeps(store), {
      customers: 40,
      batchSize: 10,
      suspendIndexes: true,
    });
    expect(outcome).toMatchObject({ created: 10, skipped: 30 });
    expect(outcome.indexes).toBeUndefined();
    expect(await indexDefinitions(store.database.db)).toEqual(migrated);
  }, 120_000);

  it('builds them again when the load fails', async () => {
    const db = store.database.db;
    const failed = withIndexesSuspended(
      db,
      { tables: seedTables, postgres: testDbKind === 'postgres' },
      async () => {
        // Mid-load: the secondary indexes are gone, and recorded.
        expect(await suspendedNames(db)).toContain('orders_customer_idx');
        expect((await indexDefinitions(db)).map((i) => i.indexname)).not.toContain(
          'orders_customer_idx',
        );
        throw new Error('the load failed');
      },
    );
    await expect(failed).rejects.toThrow('the load failed');
    expect(await indexDefinitions(db)).toEqual(migrated);
    expect(await suspendedNames(db)).toEqual([]);
  });

  // PostgreSQL: another process starting meanwhile (the service, another command) leaves the
  // indexes to the load that holds them; PGlite has one process.
  it.skipIf(testDbKind !== 'postgres')(
    'are left to a running load by a process starting meanwhile',
    async () => {
      const db = store.database.db;
      await withIndexesSuspended(db, { tables: seedTables, postgres: true }, async () => {
        const other = await openDatabase({ url: store.database.url });
        try {
          await migrateToLatest(other);
        } finally {
          await other.close();
        }
        expect(await suspendedNames(db)).toContain('orders_customer_idx');
      });
      expect(await indexDefinitions(db)).toEqual(migrated);
    },
  );
});
