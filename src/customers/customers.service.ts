/**
 * Builds the customer services: accounts, sign-in (password and Google/Facebook), sessions, and
 * the throttles on them. With no sign-in provider configured and `DEMO_SIGN_IN=1` (never in
 * production: loadConfig refuses it), the local identity provider (dev-idp.ts) stands in for
 * both, under /dev-idp. Without that explicit ask there is no demo provider at all.
 */
import type { Config } from '../kit/config.ts';
import type { Database } from '../kit/db/database.ts';
import type { Logger } from '../kit/log.ts';
import type { Mailer } from '../notify/mailer.ts';
import type { Vault } from '../kit/vault/vault.ts';
import { RateLimits } from '../kit/web/rate-limit.ts';
import type { AccountLimits } from './account-limits.ts';
import { AccountService } from './accounts.service.ts';
import { createDevIdp, devClients, type DevIdp } from './sign-in/dev-idp.ts';
import {
  OidcClient,
  type OidcProviderKey,
  type OidcProviderSettings,
} from './sign-in/oidc-client.ts';
import type { ThirdPartyNotices } from '../core/third-party-data.ts';
import { SessionService } from './sign-in/sessions.service.ts';
import { SignInService } from './sign-in/sign-in.service.ts';

export interface CustomerServices {
  accounts: AccountService;
  signIn: SignInService;
  sessions: SessionService;
  oidc: OidcClient;
  /** The local identity provider, when it stands in for Google and Facebook. */
  devIdp: DevIdp | undefined;
}

const minute = 60_000;

/** On `limits` (shared by the app processes on PostgreSQL); in memory when none is given. */
export function defaultAccountLimits(limits: RateLimits = RateLimits.memory()): AccountLimits {
  return {
    // 30 attempts per 15 minutes per address, and per account from one address.
    signIn: limits.window('sign-in', { limit: 30, windowMs: 15 * minute }),
    // Per account and address: five free failures, then 1 s, 2 s, 4 s … up to 15 minutes.
    signInFailures: limits.backoff('sign-in', { free: 5, baseMs: 1000, maxMs: 15 * minute }),
    signInFailuresByClient: limits.backoff('sign-in-client', {
      free: 20,
      baseMs: 1000,
      maxMs: 15 * minute,
    }),
    register: limits.window('register', { limit: 20, windowMs: 60 * minute }),
    reset: limits.window('reset', { limit: 5, windowMs: 60 * minute }),
  };
}

export function oidcCallbackUrl(publicUrl: string, provider: string): string {
  return `${publicUrl.replace(/\/$/, '')}/account/oidc/${provider}/callback`;
}

export function createCustomerServices(deps: {
  config: Config;
  log: Logger;
  database: Database;
  vault: Vault;
  mailer: Mailer;
  policyVersion: () => Promise<number>;
  limits?: AccountLimits;
  /** Where the default limits count (src/app/services.ts: PostgreSQL's store when on it). */
  rateLimits?: RateLimits;
  /** Art. 14 notices for data a sign-in provider gives us (src/rights/source-notices). */
  notices?: ThirdPartyNotices;
}): CustomerServices {
  const { config, log, database, vault, mailer, policyVersion } = deps;
  const db = database.db;
  const limits = deps.limits ?? defaultAccountLimits(deps.rateLimits);
  const callback = (p: string) => oidcCallbackUrl(config.publicUrl, p);

  let providers: Partial<Record<OidcProviderKey, OidcProviderSettings>> = {};
  for (const [key, p] of Object.entries(config.oidc) as [
    OidcProviderKey,
    typeof config.oidc.google,
  ][]) {
    if (p) providers[key] = { ...p, demo: false };
  }
  let devIdp: DevIdp | undefined;
  if (Object.keys(providers).length === 0 && config.demoSignIn && !config.production) {
    devIdp = createDevIdp(config.publicUrl, callback);
    providers = Object.fromEntries(
      Object.entries(devClients).map(([key, clientId]) => [
        key,
        { issuer: devIdp!.issuer, clientId, clientSecret: devIdp!.clientSecret, demo: true },
      ]),
    );
  }

  return {
    accounts: new AccountService({
      db,
      vault,
      mailer,
      log,
      publicUrl: config.publicUrl,
      limits,
      policyVersion,
    }),
    signIn: new SignInService({
      db,
      vault,
      log,
      limits,
      policyVersion,
      ...(deps.notices ? { notices: deps.notices } : {}),
    }),
    sessions: new SessionService(db),
    oidc: new OidcClient(providers, callback),
    devIdp,
  };
}
