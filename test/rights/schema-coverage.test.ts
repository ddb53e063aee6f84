/**
 * Every column of every table is classified (src/core/personal-data-columns.ts), and every
 * table holding personal data, a vault ciphertext, a blind index or a pseudonym is covered by a
 * module of the personal-data registry, so access requests export it and erasures erase it.
 * A new migration that adds a column fails here, with the list of what to classify or cover.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  isPersonal,
  personalDataColumns,
  unclassifiedSchemas,
  unclassifiedTables,
} from '../../src/core/personal-data-columns.ts';
import { createTestServices, type TestServices } from '../support/services.ts';

let services: TestServices;
/** table → its columns, from the migrated test database. */
let schema: Map<string, string[]>;

beforeAll(async () => {
  services = await createTestServices();
  const { rows } = await sql<{ schema: string; table: string; column: string }>`
    select c.table_schema as schema, c.table_name as table, c.column_name as column
    from information_schema.columns c
    join information_schema.tables t
      on t.table_schema = c.table_schema and t.table_name = c.table_name
    where t.table_type = 'BASE TABLE' and c.table_schema not like 'pg_toast%'
    order by c.table_schema, c.table_name, c.ordinal_position`.execute(services.database.db);
  schema = new Map();
  for (const r of rows) {
    if (unclassifiedSchemas.has(r.schema) || unclassifiedTables.has(r.table)) continue;
    const name = r.schema === 'public' ? r.table : `${r.schema}.${r.table}`;
    schema.set(name, [...(schema.get(name) ?? []), r.column]);
  }
}, 60_000);
afterAll(() => services?.close());

describe('schema coverage of personal data', () => {
  it('reads a real schema', () => {
    expect(schema.get('customers')).toContain('email_sealed');
    expect(schema.get('customers')).toContain('profile_record');
    expect(schema.size).toBeGreaterThan(20);
  });

  it('classifies every column of every table, and nothing that no longer exists', () => {
    const unclassified: string[] = [];
    for (const [table, columns] of schema) {
      for (const column of columns) {
        if (!personalDataColumns[table]?.[column]) unclassified.push(`${table}.${column}`);
      }
    }
    const stale: string[] = [];
    for (const [table, columns] of Object.entries(personalDataColumns)) {
      for (const column of Object.keys(columns)) {
        if (!schema.get(table)?.includes(column)) stale.push(`${table}.${column}`);
      }
    }
    expect(unclassified, 'classify these columns in src/core/personal-data-columns.ts').toEqual([]);
    expect(stale, 'these classified columns are not in the schema').toEqual([]);
  });

  it('covers every table that holds or leads to personal data with a registered module', () => {
    const covered = services.rights.registry.coveredTables();
    const uncovered = Object.entries(personalDataColumns)
      .filter(([table]) => schema.has(table))
      .flatMap(([table, columns]) => {
        const personal = Object.entries(columns).filter(([, c]) => isPersonal(c));
        if (personal.length === 0 || covered.has(table)) return [];
        return [`${table} (${personal.map(([c]) => c).join(', ')})`];
      });
    expect(
      uncovered,
      'register a module (services.rights.registry) whose `tables` lists these',
    ).toEqual([]);
    const unknown = [...covered].filter((t) => !schema.has(t));
    expect(unknown, 'modules name tables that do not exist').toEqual([]);
  });

  it('names only categories the privacy manifest declares', () => {
    const categories = new Set(Object.keys(services.policy.manifest.categories));
    const undeclared = Object.entries(personalDataColumns).flatMap(([table, columns]) =>
      Object.entries(columns).flatMap(([column, c]) =>
        typeof c === 'object' && !categories.has(c.personal)
          ? [`${table}.${column}: ${c.personal}`]
          : [],
      ),
    );
    expect(undeclared).toEqual([]);
    const moduleCategories = services.rights.registry
      .modules()
      .flatMap((m) => m.categories.filter((c) => !categories.has(c)).map((c) => `${m.name}: ${c}`));
    expect(moduleCategories).toEqual([]);
  });
});
