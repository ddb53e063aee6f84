/**
 * A fresh, migrated database for one test file. `CUSTODIAN_TEST_DB=postgres` runs on the
 * PostgreSQL server (a new database per call, dropped afterwards); otherwise on in-memory PGlite.
 * CI runs the whole suite once each way, so every storage test runs on both.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database } from '../../src/kit/db/database.ts';
import { migrateToLatest } from '../../src/kit/db/migrate.ts';

export const testDbKind = process.env.CUSTODIAN_TEST_DB === 'postgres' ? 'postgres' : 'pglite';
export const postgresAdminUrl =
  process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase extends Database {
  /** A postgres:// URL for this database (PostgreSQL runs), for child processes. */
  url: string | undefined;
  /** Close and, on PostgreSQL, drop the database. */
  drop(): Promise<void>;
}

export async function createTestDatabase(
  options: { migrate?: boolean } = {},
): Promise<TestDatabase> {
  const { url, dropDatabase } =
    testDbKind === 'postgres'
      ? await createPostgresDatabase()
      : { url: undefined, dropDatabase: async () => {} };
  const database = await openDatabase({ url });
  if (options.migrate ?? true) await migrateToLatest(database);
  let dropped = false;
  return Object.assign(database, {
    url,
    drop: async () => {
      if (dropped) return;
      dropped = true;
      await database.close();
      await dropDatabase();
    },
  });
}

/** A new empty database on the PostgreSQL server; for tests that start the service themselves. */
export async function createPostgresDatabase(): Promise<{
  url: string;
  dropDatabase: () => Promise<void>;
}> {
  const name = `custodian_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: postgresAdminUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(postgresAdminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    dropDatabase: async () => {
      const client = new pg.Client({ connectionString: postgresAdminUrl });
      await client.connect();
      try {
        await client.query(`drop database if exists ${name} with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}
