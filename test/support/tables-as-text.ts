/**
 * Every row of every table in the database's user schemas, as text: for tests that prove a
 * personal value is stored nowhere in clear. Reads `row::text`, so every column of every type
 * (text, jsonb, bytea as hex, arrays) is covered, including tables other features add later.
 */
import { sql, type Kysely } from 'kysely';

export async function readAllTablesAsText(
  db: Kysely<any>, // eslint-disable-line @typescript-eslint/no-explicit-any
): Promise<{ tables: string[]; text: string }> {
  const { rows: tables } = await sql<{ schema: string; name: string }>`
    select table_schema as schema, table_name as name from information_schema.tables
    where table_type = 'BASE TABLE'
      and table_schema not in ('pg_catalog', 'information_schema')
      and table_schema not like 'pg_toast%'
    order by 1, 2`.execute(db);
  const parts: string[] = [];
  for (const t of tables) {
    const { rows } = await sql<{ row: string }>`select t::text as row from ${sql.table(
      `${t.schema}.${t.name}`,
    )} as t`.execute(db);
    parts.push(`# ${t.schema}.${t.name}`, ...rows.map((r) => r.row));
  }
  return { tables: tables.map((t) => `${t.schema}.${t.name}`), text: parts.join('\n') };
}

/** The values among `values` that occur in `text`, ignoring case. */
export function foundInClear(text: string, values: string[]): string[] {
  const haystack = text.toLowerCase();
  return values.filter((v) => haystack.includes(v.toLowerCase()));
}
