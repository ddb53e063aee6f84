import type { Generated } from 'kysely';

/** A staff account (src/staff): a work username, never a customer's data. */
export interface StaffAccountsTable {
  id: string;
  username: string;
  password_hash: string;
  /** The manifest's role keys, plus `owner` (manages staff). */
  roles: string[];
  /** The TOTP secret, a vault ciphertext under the staff id; null until enrolment starts. */
  totp_secret_sealed: string | null;
  totp_enrolled_at: Date | null;
  totp_last_step: number | null;
  created_at: Generated<Date>;
  disabled_at: Date | null;
}

export interface StaffRecoveryCodesTable {
  code_hash: string;
  staff_id: string;
  used_at: Date | null;
}

export interface StaffSessionsTable {
  id_hash: string;
  staff_id: string;
  created_at: Date;
  last_seen_at: Date;
  mfa_at: Date | null;
  reauth_at: Date | null;
}

export interface StaffApiTokensTable {
  id: string;
  staff_id: string;
  token_hash: string;
  label: string;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

export interface StaffTables {
  staff_accounts: StaffAccountsTable;
  staff_recovery_codes: StaffRecoveryCodesTable;
  staff_sessions: StaffSessionsTable;
  staff_api_tokens: StaffApiTokensTable;
}

declare module '../kit/db/schema.ts' {
  interface DB extends StaffTables {}
}
