/**
 * The visitor's language choice, kept in `hs_lang` (declared in the manifest as a functional
 * cookie: it needs no consent, and its lifetime is the declared one). A choice is made with
 * `?lang=`; the cookie makes every later page, link and redirect keep it without the parameter.
 */
import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { setAppCookie } from './cookies.ts';
import { isLang, type Lang } from './i18n.ts';

export const LANG_COOKIE = 'hs_lang';

export function languageCookie(c: Context): string | undefined {
  return getCookie(c, LANG_COOKIE);
}

/** Sets `hs_lang` when `?lang=` chose a language the cookie does not already hold. */
export function rememberLanguage(
  c: Context,
  options: { maxAgeSeconds: () => number },
): Lang | undefined {
  const chosen = c.req.query('lang');
  if (!isLang(chosen) || languageCookie(c) === chosen) return undefined;
  // Read by the server only; Secure by the one cookie rule (src/kit/web/cookies.ts).
  setAppCookie(c, LANG_COOKIE, chosen, { maxAge: options.maxAgeSeconds() });
  return chosen;
}
