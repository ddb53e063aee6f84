/** What the seed's index tests compare: every index of the schema, and what is left suspended. */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../src/kit/db/schema.ts';
import { createTestDatabase } from '../support/database.ts';

export interface IndexDefinition {
  tablename: string;
  indexname: string;
  indexdef: string;
}

/** Every index of the `public` schema as pg_indexes defines it, by name. */
export async function indexDefinitions(db: Kysely<DB>): Promise<IndexDefinition[]> {
  const { rows } = await sql<IndexDefinition>`
    select tablename, indexname, indexdef from pg_indexes
    where schemaname = 'public' order by indexname`.execute(db);
  return rows;
}

/** The indexes of a freshly migrated database: what every store must have. */
export async function migratedIndexDefinitions(): Promise<IndexDefinition[]> {
  const fresh = await createTestDatabase();
  try {
    return await indexDefinitions(fresh.db);
  } finally {
    await fresh.drop();
  }
}

export async function suspendedNames(db: Kysely<DB>): Promise<string[]> {
  const { rows } = await sql<{ index_name: string }>`
    select index_name from suspended_indexes order by index_name`.execute(db);
  return rows.map((r) => r.index_name);
}
