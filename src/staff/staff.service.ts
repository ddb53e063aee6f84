/**
 * Builds the staff services: accounts, sign-in with the second factor and sessions. The audit
 * trail is a dependency (src/core/audit-trail.ts): every sign-in and every change is recorded.
 */
import type { Kysely } from 'kysely';
import type { AuditTrail } from '../core/audit-trail.ts';
import type { Manifest } from '../core/manifest/manifest.ts';
import type { PersonalDataModule } from '../core/personal-data-registry.ts';
import type { DB } from '../kit/db/schema.ts';
import type { Vault } from '../kit/vault/vault.ts';
import type { RateLimits } from '../kit/web/rate-limit.ts';
import { CustomerAccess } from './access/customer-access.service.ts';
import { StaffAccountsService } from './staff-accounts.service.ts';
import { StaffSignInService, type StaffLimits } from './staff-sign-in.service.ts';
import { StaffTokenService } from './staff-tokens.service.ts';

export interface StaffServices {
  accounts: StaffAccountsService;
  signIn: StaffSignInService;
  /** The one access layer for staff reads of customers: need-to-know, reveals, audit. */
  access: CustomerAccess;
  /** Personal API tokens (the staff API's authentication). */
  tokens: StaffTokenService;
}

export function createStaffServices(deps: {
  db: Kysely<DB>;
  vault: Vault;
  audit: AuditTrail;
  manifest: () => Manifest;
  /** The personal-data registry's modules: what a customer's page is made of. */
  modules: () => PersonalDataModule[];
  restricted: (customerId: string) => Promise<boolean>;
  limits?: StaffLimits;
  rateLimits?: RateLimits;
  now?: () => Date;
}): StaffServices {
  const { now } = deps;
  return {
    accounts: new StaffAccountsService({ ...deps, ...(now ? { now } : {}) }),
    signIn: new StaffSignInService(deps),
    access: new CustomerAccess(deps),
    tokens: new StaffTokenService(deps),
  };
}
