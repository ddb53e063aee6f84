/**
 * The staff session on every console and staff API request, and the guard each staff route is
 * mounted with. `staffRoute()` looks the route up in the one permission table (permissions.ts):
 * a route missing there throws when the app is built, so nothing can be mounted open by default.
 *
 * - `public`: the sign-in form itself;
 * - `pending`: a session past the password whose second factor is still to come;
 * - a permission: a full session (both factors) whose roles hold it.
 *
 * Signed out (or a customer's session, which is no staff session) is 401 (a browser GET goes to the
 * sign-in page); signed in without the permission is 403.
 */
import type { Context, Handler, Hono, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { clearAppCookie, setAppCookie } from '../../kit/web/cookies.ts';
import { DomainError } from '../../kit/errors.ts';
import type { AppEnv } from '../../kit/web/env.ts';
import { wantsHtml } from '../../kit/web/error-handler.ts';
import { holds, ruleOf } from '../access/permissions.ts';
import type { StaffSession, StaffSignInService } from '../staff-sign-in.service.ts';
import { staffSessionPolicy } from '../staff-sign-in.service.ts';

export const staffCookie = 'hs_staff';

export interface StaffEnv {
  Variables: AppEnv['Variables'] & { staff: StaffSession | undefined };
}

export function staffSession(signIn: StaffSignInService): MiddlewareHandler<StaffEnv> {
  return async (c, next) => {
    c.set('staff', await signIn.resolve(getCookie(c, staffCookie)));
    await next();
  };
}

export function setStaffCookie(c: Context, secret: string): void {
  // Strict: a staff session never rides along on a request another site starts.
  setAppCookie(c, staffCookie, secret, {
    sameSite: 'Strict',
    maxAge: Math.floor(staffSessionPolicy.absoluteMs / 1000),
  });
}

export function clearStaffCookie(c: Context): void {
  clearAppCookie(c, staffCookie);
}

function guard(method: string, path: string): MiddlewareHandler<StaffEnv> {
  const rule = ruleOf(method, path);
  if (!rule) throw new Error(`staff route ${method} ${path} has no permission in permissions.ts`);
  return async (c, next) => {
    if (rule === 'public') return next();
    const s = c.get('staff');
    if (!s || (rule !== 'pending' && !s.mfa)) {
      if (wantsHtml(c) && c.req.method === 'GET') return c.redirect('/staff/sign-in', 303);
      throw new DomainError('unauthenticated', 'Staff sign-in is required.');
    }
    if (rule === 'pending') {
      if (s.mfa) return c.redirect('/staff', 303);
      return next();
    }
    if (!holds(s.roles, rule))
      throw new DomainError('forbidden', 'Your role does not include this action.');
    return next();
  };
}

/** Mounts a staff route behind its declared permission (or refuses to start without one). */
export function staffRoute(
  app: Hono<StaffEnv>,
  method: 'GET' | 'POST',
  path: string,
  handler: Handler<StaffEnv>,
): void {
  app.on(method, path, guard(method, path), handler);
}

export function signedInStaff(c: Context<StaffEnv>): StaffSession {
  const s = c.get('staff');
  if (!s) throw new DomainError('unauthenticated', 'Staff sign-in is required.');
  return s;
}
