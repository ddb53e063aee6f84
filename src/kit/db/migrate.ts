/**
 * Migrations through Kysely's migrator. They are listed in code (./migrations/index.ts) rather
 * than read from a folder, so they are type-checked and work the same under tsx and a bundle.
 */
import { Migrator, type MigrationResultSet } from 'kysely';
import type { Database } from './database.ts';
import { migrations } from './migrations/index.ts';

export async function migrateToLatest(database: Database): Promise<MigrationResultSet> {
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
