import type { ColumnType, Generated } from 'kysely';

export interface PolicyVersionsTable {
  version: number;
  label: string;
  effective_date: string;
  content_hash: string;
  manifest: ColumnType<unknown, string, string>;
  significant: Generated<boolean>;
  published_at: Generated<Date>;
}

export interface PolicyTables {
  policy_versions: PolicyVersionsTable;
}

// Adds these tables to the database type the kit declares (src/kit/db/schema.ts).
declare module '../kit/db/schema.ts' {
  interface DB extends PolicyTables {}
}
