import type { ColumnType, Generated } from 'kysely';

export type BreachNature = 'confidentiality' | 'integrity' | 'availability';
export type BreachRisk = 'unlikely' | 'risk' | 'high';
export type NoticeStatus = 'sending' | 'sent' | 'unreachable';

type Json<T> = ColumnType<T, string, string>;

export interface BreachesTable {
  id: Generated<string>;
  nature: BreachNature;
  /** What happened, in the staff member's words (the form asks not to name people). */
  description: string;
  occurred_at: Date | null;
  discovered_at: Date;
  recorded_at: Generated<Date>;
  categories: Json<string[]>;
  approx_people: number;
  approx_records: number;
  /** Codes of breach-codes.ts: what the people told read, in their language. */
  consequences: Json<string[]>;
  consequences_text: string;
  measures: Json<string[]>;
  measures_text: string;
  risk: BreachRisk;
  /** Why the risk is what it is, and so why the authority and the people are told or not. */
  assessment: string;
  /** Art. 33(1): why the authority is told after the 72 hours. */
  delay_reason: string | null;
  authority_notified_at: Date | null;
  authority_reference: string | null;
  people_notified: Generated<number>;
  people_unreachable: Generated<number>;
  /** A staff account id, or `cli`. */
  recorded_by: string;
}

export interface BreachNoticesTable {
  breach_id: string;
  subject_pseudonym: string;
  status: NoticeStatus;
  lang: string | null;
  mail_id: string | null;
  at: Generated<Date>;
}

export interface BreachTables {
  breaches: BreachesTable;
  breach_notices: BreachNoticesTable;
}

// Adds these tables to the database type the kit declares (src/kit/db/schema.ts).
declare module '../kit/db/schema.ts' {
  interface DB extends BreachTables {}
}
