/**
 * The pseudonymous visitor id in the functional, HttpOnly `hs_vid` cookie: 128 random bits, no
 * link to a person unless they sign in. Web-layer helpers shared by the consent routes.
 */
import { randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { setAppCookie } from '../kit/web/cookies.ts';
import { addDuration, parseDuration } from '../core/manifest/duration.ts';
import type { Manifest } from '../core/manifest/manifest.ts';
import type { AppEnv } from '../kit/web/env.ts';
import type { ConsentSubject } from './consent.ts';

export const visitorCookie = 'hs_vid';
const shape = /^[A-Za-z0-9_-]{22}$/;

// randomBytes(16) asks the kernel on every call: about 3 % of a consent write's CPU time when the
// banner's first choices come in fast (bench:consent's profile); one 4 KiB draw serves 256 ids.
// Each id still takes 16 bytes of the same CSPRNG that no other id has used.
let pool = Buffer.alloc(0);
let used = 0;

export function newVisitorId(): string {
  if (used + 16 > pool.length) {
    pool = randomBytes(4096);
    used = 0;
  }
  const id = pool.toString('base64url', used, used + 16);
  used += 16;
  return id;
}

export function readVisitorId(c: Context): string | undefined {
  const value = getCookie(c, visitorCookie);
  return value && shape.test(value) ? value : undefined;
}

/** Sets `hs_vid` for as long as the manifest declares it (12 months if it does not). */
export function setVisitorCookie(c: Context, id: string, manifest: Manifest): void {
  const declared = manifest.cookies.find((k) => k.name === visitorCookie)?.lifetime;
  const d = declared ? parseDuration(declared) : undefined;
  const now = new Date();
  const until =
    d && d !== 'session' ? addDuration(now, d) : addDuration(now, { amount: 12, unit: 'mo' });
  setAppCookie(c, visitorCookie, id, {
    maxAge: Math.floor((until.getTime() - now.getTime()) / 1000),
  });
}

/** The signed-in customer's id, from the accounts middleware (`customerSession`). */
export function currentCustomerId(c: Context<AppEnv>): string | undefined {
  return c.get('customer')?.id;
}

export function currentSubject(c: Context<AppEnv>): ConsentSubject {
  return { visitorId: readVisitorId(c), customerId: currentCustomerId(c) };
}

/** GPC and DNT as the request's headers state them. */
export function headerSignals(c: Context): { gpc: boolean; dnt: boolean } {
  return { gpc: c.req.header('sec-gpc') === '1', dnt: c.req.header('dnt') === '1' };
}
