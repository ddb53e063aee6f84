import type { ColumnType, Generated } from 'kysely';

/** A version's change note, in every language the store speaks. */
export type PolicyNotes = Record<'en' | 'fi' | 'sv', string>;

export interface PolicyVersionsTable {
  version: number;
  label: string;
  effective_date: string;
  content_hash: string;
  manifest: ColumnType<unknown, string, string>;
  significant: Generated<boolean>;
  published_at: Generated<Date>;
  /** The change note, `{ en, fi, sv }`; null for versions published before notes existed. */
  notes: ColumnType<PolicyNotes | null, string | null | undefined, string | null>;
  /** The change touches a consent purpose: consent given under an older version is asked again. */
  touches_consent: Generated<boolean>;
}

/** One run of notices for a significant version: its size when it started, and when it ended. */
export interface PolicyNoticeRunsTable {
  policy_version: number;
  total: number;
  started_at: Generated<Date>;
  finished_at: Date | null;
}

/** A customer told (or not, and why) of a significant version; one row per customer and version. */
export interface PolicyNoticesTable {
  policy_version: number;
  customer_id: string;
  outcome: 'sent' | 'suppressed' | 'erased';
  lang: string;
  recorded_at: Generated<Date>;
}

export interface PolicyTables {
  policy_versions: PolicyVersionsTable;
  policy_notice_runs: PolicyNoticeRunsTable;
  policy_notices: PolicyNoticesTable;
}

// Adds these tables to the database type the kit declares (src/kit/db/schema.ts).
declare module '../kit/db/schema.ts' {
  interface DB extends PolicyTables {}
}
