/**
 * The staff API's bearer check. A personal API token (src/staff/staff-api-auth.ts) has already
 * been checked against the route's permission before this runs and marked the request; otherwise
 * only the bootstrap token from the configuration (`STAFF_API_TOKEN`, unset by default: then
 * nobody gets in this way) opens these routes. Compared in constant time over fixed-length digests,
 * so neither the content nor the length of the token leaks through timing.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { DomainError } from '../../kit/errors.ts';
import { tokenAuthenticated } from '../../staff/staff-api-auth.ts';

const digest = (v: string) => createHash('sha256').update(v).digest();

export function requireStaff(token: () => string | undefined): MiddlewareHandler {
  return async (c, next) => {
    if (tokenAuthenticated.has(c.req.raw)) return next();
    const given = /^Bearer (.+)$/.exec(c.req.header('authorization') ?? '')?.[1];
    if (!given) throw new DomainError('unauthenticated', 'Staff authentication is required.');
    const expected = token();
    if (!expected || !timingSafeEqual(digest(given), digest(expected)))
      throw new DomainError('forbidden', 'This token does not give access to the request queue.');
    await next();
  };
}
