import type { ColumnType, Generated } from 'kysely';

/** Art. 18: a customer's data is only stored while `lifted_at` is null (see migration 0052). */
export interface ProcessingRestrictionsTable {
  id: Generated<string>;
  customer_id: string;
  request_id: string | null;
  since: ColumnType<Date, Date | undefined, never>;
  /** When the customer was told the restriction will be lifted (Art. 18(3)). */
  lift_notice_sent_at: Date | null;
  lifted_at: Date | null;
}

export type ObjectionScope = 'marketing' | 'other';
export type ObjectionDecision = 'upheld' | 'overruled';

/** Art. 21: what an objection request objects to, and the staff decision on other grounds. */
export interface DsrObjectionsTable {
  request_id: string;
  scope: ObjectionScope;
  /** Purpose keys of the manifest (scope `other`). */
  purposes: ColumnType<string[], string, string>;
  decision: ObjectionDecision | null;
  decided_at: Date | null;
  /** The staff's reasons, sealed in the vault under `request:<id>` (they may name the person). */
  reasons_sealed: string | null;
  /** When the decision was sent to the person. */
  answered_at: Date | null;
}

export interface RestrictionTables {
  processing_restrictions: ProcessingRestrictionsTable;
  dsr_objections: DsrObjectionsTable;
}

// Adds these tables to the database type the kit declares (src/kit/db/schema.ts).
declare module '../../kit/db/schema.ts' {
  interface DB extends RestrictionTables {}
}
