import type { ColumnType } from 'kysely';

export interface AuditLogTable {
  position: number;
  prev_hash: string;
  hash: string;
  at: ColumnType<Date, string, never>;
  actor_kind: string;
  actor_id: string;
  actor_staff_id: string | null;
  action: string;
  /** The data subject's vault pseudonym: leads to nobody once erasure unlinked it. */
  subject: string | null;
  categories: ColumnType<string[], string, never>;
  access: string | null;
  outcome: string | null;
  /** A vault ciphertext of the reason staff typed. */
  reason_sealed: string | null;
  detail: ColumnType<Record<string, string | number | boolean | null> | null, string | null, never>;
}

export interface AuditHeadTable {
  id: ColumnType<boolean, never, never>;
  position: number;
  hash: string;
}

/** One cut of the log's oldest entries (src/audit/audit.retention.ts); append-only. */
export interface AuditCutsTable {
  seq: ColumnType<number, never, never>;
  /** The last position the cut covers: every entry up to it is gone, or kept by a hold. */
  position: number;
  /** The chain hash of that entry: where the kept chain resumes. */
  hash: string;
  at: ColumnType<Date, string, never>;
  /** The manifest retention rule it was cut under. */
  rule: string;
  /** The expiry boundary of the run: every entry the cut removed was recorded before it. */
  boundary: ColumnType<Date, string, never>;
  /** How many entries at or before `position` a legal hold kept, and a digest of them. */
  kept: number;
  kept_digest: string;
}

export interface AuditTables {
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
  audit_cuts: AuditCutsTable;
}

// Adds these tables to the database type the kit declares (src/kit/db/schema.ts).
declare module '../kit/db/schema.ts' {
  interface DB extends AuditTables {}
}
