/**
 * Runs a bench on in-memory PGlite, then on a fresh PostgreSQL database (dropped afterwards) when
 * the server at 127.0.0.1:5432 answers, after printing the load average: the machine may be
 * shared, so figures compare within a run, not across machines.
 *
 * @example
 *   await onBothDatabases(async (label, database, kind) => bench(label, database, kind === 'pglite' ? 1e5 : 2e5));
 */
import { loadavg } from 'node:os';
import { openDatabase, type Database } from '../src/kit/db/database.ts';
import { createPostgresDatabase } from '../test/support/database.ts';

export async function onBothDatabases(
  bench: (label: string, database: Database, kind: 'pglite' | 'postgres') => Promise<void>,
): Promise<void> {
  console.log(
    `load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  const pglite = await openDatabase({});
  try {
    await bench('PGlite (in memory)', pglite, 'pglite');
  } finally {
    await pglite.close();
  }
  let postgres: Awaited<ReturnType<typeof createPostgresDatabase>> | undefined;
  try {
    postgres = await createPostgresDatabase();
  } catch {
    console.log('\nPostgreSQL: not reachable, skipped.');
  }
  if (!postgres) return;
  const database = await openDatabase({ url: postgres.url });
  try {
    await bench('PostgreSQL', database, 'postgres');
  } finally {
    await database.close();
    await postgres.dropDatabase();
  }
}
