import type { ColumnType, Generated } from 'kysely';

export type RunStatus = 'running' | 'done' | 'failed' | 'interrupted';

export interface RetentionRunsTable {
  id: string;
  /** `schedule`, `cli`, `api`. */
  trigger: string;
  /** The clock the run swept by (injected in tests). */
  as_of: Date;
  started_at: Generated<Date>;
  finished_at: Date | null;
  status: RunStatus;
}

export interface RetentionRunSweepsTable {
  run_id: string;
  sweep: string;
  rule: string;
  processed: Generated<number>;
  held: Generated<number>;
  errors: Generated<number>;
  error: string | null;
  duration_ms: Generated<number>;
}

export interface RetentionHoldsTable {
  id: string;
  customer_id: string | null;
  order_id: string | null;
  reason_sealed: string;
  placed_by: string;
  placed_at: Date;
  until: Date;
  released_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface RetentionLeaseTable {
  id: number;
  holder: string | null;
  until: Date | null;
}

export interface RetentionTables {
  retention_runs: RetentionRunsTable;
  retention_run_sweeps: RetentionRunSweepsTable;
  retention_holds: RetentionHoldsTable;
  retention_lease: RetentionLeaseTable;
}

// Adds these tables to the database type the kit declares (src/kit/db/schema.ts).
declare module '../kit/db/schema.ts' {
  interface DB extends RetentionTables {}
}
