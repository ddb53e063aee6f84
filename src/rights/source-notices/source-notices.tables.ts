import type { Generated } from 'kysely';

/**
 * An Art. 14 notice owed or given: one per person (`subject_key`) and source. The address to
 * write to is sealed under the person's profile key; `sent_at` null means still owed.
 */
export interface SourceNoticesTable {
  id: string;
  subject_key: string;
  customer_id: string | null;
  /** The vault subject the address is sealed under (customer id, or a guest order's subject). */
  subject_id: string;
  email_index: string | null;
  source: string;
  lang: string;
  recipient_sealed: string | null;
  received_at: Date;
  /** One month after the data arrived (Art. 14(3)(a)): the latest the notice may go out. */
  due_at: Date;
  sent_at: Date | null;
  /** A sender's claim: no other sender takes the row before it passes. */
  lease_until: Date | null;
  attempts: Generated<number>;
  created_at: Generated<Date>;
}

export interface SourceNoticesTables {
  source_notices: SourceNoticesTable;
}

// Adds these tables to the database type the kit declares (src/kit/db/schema.ts).
declare module '../../kit/db/schema.ts' {
  interface DB extends SourceNoticesTables {}
}
