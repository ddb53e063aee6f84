/**
 * Migrations through Kysely's migrator. They are listed in code (./migrations/index.ts) rather
 * than read from a folder, so they are type-checked and work the same under tsx and a bundle.
 *
 * A database that has every migration already (every start after the first) is recognised by
 * one query, reading the migrator's own table: the migrator itself takes a lock, creates its
 * tables if missing and compares each migration, which cost ~250 ms of each start on PGlite.
 *
 * Every start also builds again the indexes a killed bulk load left suspended
 * (./suspended-indexes.ts), so a store never runs on without them; the same query says whether
 * there are any.
 */
import { Migrator, sql, type MigrationResultSet } from 'kysely';
import type { Database } from './database.ts';
import { migrations } from './migrations/index.ts';
import { restoreSuspendedIndexes } from './suspended-indexes.ts';

export async function migrateToLatest(database: Database): Promise<MigrationResultSet> {
  const state = await appliedState(database);
  if (state?.upToDate) {
    if (state.suspended) await restoreSuspendedIndexes(database.db);
    return { results: [] };
  }
  const migrator = new Migrator({
    db: database.db,
    provider: { getMigrations: async () => migrations },
    // Numbers are ranges per feature (rights 0050s, orders 0060s, ...): a new rights migration
    // arrives after an orders one has run on an existing database, and must still apply.
    allowUnorderedMigrations: true,
  });
  const result = await migrator.migrateToLatest();
  if (result.error instanceof Error) throw result.error;
  if (result.error) throw new Error('A migration failed.');
  await restoreSuspendedIndexes(database.db);
  return result;
}

/**
 * Whether the applied migrations are exactly the listed ones; false for a new database, and for
 * one with a migration this code does not know (the migrator then refuses, as it always did).
 */
export async function upToDate(database: Database): Promise<boolean> {
  return (await appliedState(database))?.upToDate ?? false;
}

/**
 * One query: whether every migration is applied, and whether any index is suspended. Undefined
 * before migration 0234 (no migration table, or no `suspended_indexes`): the migrator runs.
 */
async function appliedState(
  database: Database,
): Promise<{ upToDate: boolean; suspended: boolean } | undefined> {
  let rows: { name: string; suspended: boolean }[];
  try {
    ({ rows } = await sql<{ name: string; suspended: boolean }>`select name,
      exists (select from suspended_indexes) as suspended from kysely_migration`.execute(
      database.db,
    ));
  } catch {
    // No migration table yet (a new database, which the migrator sets up), or no
    // `suspended_indexes` (an older one, which the migrator brings up to date).
    return undefined;
  }
  const applied = new Set(rows.map((r) => r.name));
  const names = Object.keys(migrations);
  return {
    upToDate: applied.size === names.length && names.every((name) => applied.has(name)),
    suspended: rows.some((r) => r.suspended),
  };
}
