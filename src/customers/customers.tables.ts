import type { Generated } from 'kysely';

/**
 * A customer account. The profile (email, name, phone, address, birthday) is one vault record in
 * `profile_record` (profile scope); rows written before migration 0238 hold it in the five
 * `*_sealed` field columns instead, until it is next written (customer-profile.ts).
 */
export interface CustomersTable {
  id: string;
  email_index: string;
  profile_record: string | null;
  email_sealed: string | null;
  name_sealed: string | null;
  phone_sealed: string | null;
  address_sealed: string | null;
  birthday_sealed: string | null;
  password_hash: string | null;
  email_verified_at: Date | null;
  policy_version: number;
  policy_accepted_at: Date;
  lang: Generated<string>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  /** Sign-ins, orders, account changes: the customer-relationship period runs from here. */
  last_active_at: Generated<Date>;
  /** When the customer was told the account ends for inactivity (customers.retention.ts). */
  inactivity_notice_at: Generated<Date | null>;
}

export interface CustomerSessionsTable {
  id_hash: string;
  customer_id: string;
  created_at: Generated<Date>;
  expires_at: Date;
}

export type TokenPurpose = 'verify_email' | 'reset_password' | 'change_email';

export interface CustomerTokensTable {
  token_hash: string;
  customer_id: string;
  purpose: TokenPurpose;
  new_email_index: string | null;
  new_email_sealed: string | null;
  created_at: Generated<Date>;
  expires_at: Date;
  used_at: Date | null;
}

/** A Google/Facebook identity linked to an account, with what the provider told us and when. */
export interface CustomerSignInsTable {
  id: string;
  customer_id: string;
  provider: string;
  subject_index: string;
  profile_sealed: string;
  /** The issuer the profile came from (GDPR Art. 14: source of third-party data). */
  source: string;
  received_at: Date;
  linked_at: Generated<Date>;
}

export interface CustomersTables {
  customers: CustomersTable;
  customer_sessions: CustomerSessionsTable;
  customer_tokens: CustomerTokensTable;
  customer_sign_ins: CustomerSignInsTable;
}

// Adds these tables to the database type the kit declares (src/kit/db/schema.ts).
declare module '../kit/db/schema.ts' {
  interface DB extends CustomersTables {}
}
