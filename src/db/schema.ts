/**
 * The database as Kysely sees it: one interface per feature, composed here. A feature declares
 * its tables next to its repository (`<feature>/<feature>.tables.ts`) and is added to `DB`.
 */
import type { PolicyTables } from '../policy/policy.tables.ts';

export type DB = PolicyTables;
