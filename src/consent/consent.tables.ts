import type { ColumnType, Generated } from 'kysely';

export interface ConsentTextsTable {
  hash: string;
  lang: string;
  policy_version: number;
  content: string;
  first_shown_at: Generated<Date>;
}

export interface ConsentRecordsTable {
  seq: Generated<number>;
  id: string;
  visitor_id: string | null;
  decided_at: Date;
  policy_version: number;
  text_hash: string | null;
  decisions: ColumnType<Record<string, boolean>, string, never>;
  gpc: boolean;
  dnt: boolean;
  explicit: boolean;
  source: 'banner' | 'privacy_center' | 'api';
  lang: string | null;
}

export interface ConsentCustomerLinksTable {
  record_id: string;
  customer_id: string;
}

/** The consent-proof sweep's due records for one retention run (migration 0231). */
export interface ConsentProofQueueTable {
  record_id: string;
  replaced_at: Date;
  seq: number;
  by_customer: boolean;
}

export interface ConsentProofQueueRunTable {
  id: number;
  run: string;
  after_at: Date;
  after_seq: number;
  filled_at: Date;
}

export interface BrowsingEventsTable {
  id: Generated<number>;
  visitor_id: string;
  event: string;
  path: string;
  product_id: string | null;
  search: string | null;
  occurred_at: Generated<Date>;
}

export interface ConsentTables {
  consent_texts: ConsentTextsTable;
  consent_records: ConsentRecordsTable;
  consent_customer_links: ConsentCustomerLinksTable;
  consent_proof_queue: ConsentProofQueueTable;
  consent_proof_queue_run: ConsentProofQueueRunTable;
  browsing_events: BrowsingEventsTable;
}

// Adds these tables to the database type the kit declares (src/kit/db/schema.ts).
declare module '../kit/db/schema.ts' {
  interface DB extends ConsentTables {}
}
