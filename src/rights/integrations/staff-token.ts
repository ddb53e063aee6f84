/**
 * Stand-in for staff sign-in until staff accounts exist: a bearer token from the configuration
 * (`STAFF_API_TOKEN`). Unset, nobody gets in. Compared in constant time over fixed-length digests,
 * so neither the content nor the length of the token leaks through timing.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { DomainError } from '../../kit/errors.ts';

const digest = (v: string) => createHash('sha256').update(v).digest();

export function requireStaff(token: () => string | undefined): MiddlewareHandler {
  return async (c, next) => {
    const given = /^Bearer (.+)$/.exec(c.req.header('authorization') ?? '')?.[1];
    if (!given) throw new DomainError('unauthenticated', 'Staff authentication is required.');
    const expected = token();
    if (!expected || !timingSafeEqual(digest(given), digest(expected)))
      throw new DomainError('forbidden', 'This token does not give access to the request queue.');
    await next();
  };
}
