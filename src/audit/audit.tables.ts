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

export interface AuditTables {
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
}

// Adds these tables to the database type the kit declares (src/kit/db/schema.ts).
declare module '../kit/db/schema.ts' {
  interface DB extends AuditTables {}
}
