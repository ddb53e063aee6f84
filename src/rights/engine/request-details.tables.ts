import type { Generated } from 'kysely';

export type RequestDetailKind = 'rectification' | 'confirmation';

/** Vault ciphertext under the request's own subject `request:<id>`; never anything in clear. */
export interface DsrRequestDetailsTable {
  request_id: string;
  kind: RequestDetailKind;
  sealed: string;
  created_at: Generated<Date>;
}

export interface RequestDetailsTables {
  dsr_request_details: DsrRequestDetailsTable;
}

// Adds these tables to the database type the kit declares (src/kit/db/schema.ts).
declare module '../../kit/db/schema.ts' {
  interface DB extends RequestDetailsTables {}
}
