/**
 * Every cookie the app sets goes through here, so one rule decides its security: `Secure` when
 * the public origin (`PUBLIC_URL`) is https, HttpOnly and SameSite=Lax unless a cookie says why
 * not (the banner's `hs_consent` is read by its script). `cookieRules(publicUrl)` puts the rule
 * on the request; without it (a route mounted outside the app) cookies are Secure: fail closed.
 * A test fails on any `setCookie`/`deleteCookie` from `hono/cookie` outside this file.
 *
 * @example
 *   app.use(cookieRules(config.publicUrl));
 *   setAppCookie(c, 'hs_cart', value, { maxAge: 3600 });
 *   clearAppCookie(c, 'hs_cart');
 */
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import type { AppEnv } from './env.ts';

export interface AppCookieOptions {
  /** Seconds; absent, a session cookie. */
  maxAge?: number;
  /** Default `/`. */
  path?: string;
  /** Default true: only cookies a page script must read say false. */
  httpOnly?: boolean;
  /** Default Lax; Strict for a session no other site may start a request with (staff). */
  sameSite?: 'Lax' | 'Strict';
}

/** The one rule: cookies are Secure exactly when the store is served over https. */
export function secureCookiesFor(publicUrl: string): boolean {
  return new URL(publicUrl).protocol === 'https:';
}

export function cookieRules(publicUrl: string): MiddlewareHandler<AppEnv> {
  const secure = secureCookiesFor(publicUrl);
  return async (c, next) => {
    c.set('secureCookies', secure);
    await next();
  };
}

function secureOf(c: Context): boolean {
  return (c as Context<AppEnv>).get('secureCookies') ?? true;
}

export function setAppCookie(
  c: Context,
  name: string,
  value: string,
  options: AppCookieOptions = {},
): void {
  setCookie(c, name, value, {
    path: options.path ?? '/',
    httpOnly: options.httpOnly ?? true,
    sameSite: options.sameSite ?? 'Lax',
    secure: secureOf(c),
    ...(options.maxAge !== undefined ? { maxAge: options.maxAge } : {}),
  });
}

export function clearAppCookie(c: Context, name: string, options: { path?: string } = {}): void {
  deleteCookie(c, name, { path: options.path ?? '/', secure: secureOf(c) });
}
