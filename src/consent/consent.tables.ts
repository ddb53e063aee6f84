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
  browsing_events: BrowsingEventsTable;
}

// Adds these tables to the database type the kit declares (src/kit/db/schema.ts).
declare module '../kit/db/schema.ts' {
  interface DB extends ConsentTables {}
}
