/**
 * The database as Kysely sees it. The kit declares `DB` with its own tables; each feature declares
 * its tables next to its repository (`<feature>/<feature>.tables.ts`) and adds them by declaration
 * merging, so the kit never imports a feature:
 *
 * @example
 *   declare module '../kit/db/schema.ts' {
 *     interface DB extends ConsentTables {}
 *   }
 */
import type { VaultTables } from '../vault/vault.tables.ts';

export interface DB extends VaultTables {}
