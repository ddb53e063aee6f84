/**
 * Builds the staff services: accounts, sign-in with the second factor and sessions. The audit
 * trail is a dependency (src/core/audit-trail.ts): every sign-in and every change is recorded.
 */
import type { Kysely } from 'kysely';
import type { AuditTrail } from '../core/audit-trail.ts';
import type { Manifest } from '../core/manifest/manifest.ts';
import type { DB } from '../kit/db/schema.ts';
import type { Vault } from '../kit/vault/vault.ts';
import { StaffAccountsService } from './staff-accounts.service.ts';
import { StaffSignInService, type StaffLimits } from './staff-sign-in.service.ts';

export interface StaffServices {
  accounts: StaffAccountsService;
  signIn: StaffSignInService;
}

export function createStaffServices(deps: {
  db: Kysely<DB>;
  vault: Vault;
  audit: AuditTrail;
  manifest: () => Manifest;
  limits?: StaffLimits;
  now?: () => Date;
}): StaffServices {
  const { now } = deps;
  return {
    accounts: new StaffAccountsService({ ...deps, ...(now ? { now } : {}) }),
    signIn: new StaffSignInService(deps),
  };
}
