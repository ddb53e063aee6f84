import type { ColumnType, Generated } from 'kysely';

export type DisclosureStatus = 'sending' | 'sent' | 'failed';

export interface DisclosuresTable {
  id: Generated<string>;
  recipient: string;
  purpose: string;
  categories: ColumnType<string[], string, string>;
  /** Names of the payload fields sent, never their values. */
  fields: ColumnType<string[], string, string>;
  /** The subject's pseudonym (classified `user.recommendation`-style pseudonymous id). */
  subject_pseudonym: string;
  status: DisclosureStatus;
  disclosed_at: Generated<Date>;
}

export interface DisclosureTables {
  disclosures: DisclosuresTable;
}

// Adds these tables to the database type the kit declares (src/kit/db/schema.ts).
declare module '../kit/db/schema.ts' {
  interface DB extends DisclosureTables {}
}
