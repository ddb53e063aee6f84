import type { Generated } from 'kysely';

/** One request from an authority, beside its row in the disclosure log (`disclosures`). */
export interface AuthorityDisclosuresTable {
  disclosure_id: string;
  /** Which authority asked, e.g. "Itä-Suomen poliisilaitos". */
  authority: string;
  /** The legal provision it cited, e.g. "Poliisilaki 872/2011 4:3". */
  provision: string;
  /** What was asked, in the staff member's words. */
  request: string;
  staff_id: string;
  /** False when the law forbids telling the person; the disclosure then stays out of their data copy. */
  inform_subject: boolean;
  withheld_reason: string | null;
  recorded_at: Generated<Date>;
}

export interface AuthorityRequestTables {
  authority_disclosures: AuthorityDisclosuresTable;
}

declare module '../kit/db/schema.ts' {
  interface DB extends AuthorityRequestTables {}
}
