/**
 * The signed-in customer on every request: `customerSession` reads the `hs_session` cookie and
 * puts `{ id, sessionIdHash }` on `c.get('customer')` (undefined when nobody is signed in);
 * `requireCustomer` guards routes that need one (browsers go to the sign-in page, JSON clients
 * get a 401).
 *
 * @example
 *   app.get('/privacy-center/export', requireCustomer, (c) => exportFor(c.get('customer')!.id));
 */
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { isLang } from '../../kit/web/i18n.ts';
import { clearAppCookie, setAppCookie } from '../../kit/web/cookies.ts';
import { DomainError } from '../../kit/errors.ts';
import type { AppEnv } from '../../kit/web/env.ts';
import { wantsHtml } from '../../kit/web/error-handler.ts';
import type { SessionService } from './sessions.service.ts';
import { sessionTtlMs } from './sessions.service.ts';

export const sessionCookie = 'hs_session';

export function customerSession(sessions: SessionService): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const session = await sessions.resolve(getCookie(c, sessionCookie));
    c.set(
      'customer',
      session ? { id: session.customerId, sessionIdHash: session.idHash } : undefined,
    );
    await next();
  };
}

export const requireCustomer: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!c.get('customer')) {
    if (wantsHtml(c) && c.req.method === 'GET') {
      // The language chosen on this request goes along (the hs_lang cookie keeps it after).
      const lang = c.req.query('lang');
      const keep = isLang(lang) ? `&lang=${lang}` : '';
      return c.redirect(`/account/sign-in?next=${encodeURIComponent(c.req.path)}${keep}`, 303);
    }
    throw new DomainError('unauthenticated', 'Sign in to continue.');
  }
  await next();
};

export function setSessionCookie(c: Context, secret: string): void {
  setAppCookie(c, sessionCookie, secret, { maxAge: Math.floor(sessionTtlMs / 1000) });
}

export function clearSessionCookie(c: Context): void {
  clearAppCookie(c, sessionCookie);
}
