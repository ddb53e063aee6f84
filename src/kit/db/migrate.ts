/**
 * Migrations through Kysely's migrator. They are listed in code (./migrations/index.ts) rather
 * than read from a folder, so they are type-checked and work the same under tsx and a bundle.
 *
 * A database that has every migration already (every start after the first) is recognised by
 * one query, reading the migrator's own table: the migrator itself takes a lock, creates its
 * tables if missing and compares each migration, which cost ~250 ms of each start on PGlite.
 */
import { Migrator, sql, type MigrationResultSet } from 'kysely';
import type { Database } from './database.ts';
import { migrations } from './migrations/index.ts';

export async function migrateToLatest(database: Database): Promise<MigrationResultSet> {
  if (await upToDate(database)) return { results: [] };
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
  return result;
}

/**
 * Whether the applied migrations are exactly the listed ones; false for a new database, and for
 * one with a migration this code does not know (the migrator then refuses, as it always did).
 */
export async function upToDate(database: Database): Promise<boolean> {
  let applied: Set<string>;
  try {
    const { rows } = await sql<{ name: string }>`select name from kysely_migration`.execute(
      database.db,
    );
    applied = new Set(rows.map((r) => r.name));
  } catch {
    // No migration table yet: a new database, which the migrator sets up.
    return false;
  }
  const names = Object.keys(migrations);
  return applied.size === names.length && names.every((name) => applied.has(name));
}
