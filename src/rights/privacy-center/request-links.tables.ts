import type { Generated } from 'kysely';
import type { Lang } from '../../kit/web/i18n.ts';

/** What an emailed request link does: confirm the request, or download its answer. */
export type RequestLinkPurpose = 'verify' | 'download';

/** An emailed link of a data-subject request; only the SHA-256 of its secret is kept. */
export interface DsrLinksTable {
  token_hash: string;
  request_id: string;
  purpose: RequestLinkPurpose;
  created_at: Generated<Date>;
  expires_at: Date;
  /** A confirmation link works once; a download link a few times (mail scanners fetch too). */
  uses_left: number;
  used_at: Date | null;
  /** The language the requester wrote in; the answer is mailed in it too. */
  lang: Lang;
}

export interface RequestLinkTables {
  dsr_links: DsrLinksTable;
}

// Adds these tables to the database type the kit declares (src/kit/db/schema.ts).
declare module '../../kit/db/schema.ts' {
  interface DB extends RequestLinkTables {}
}
