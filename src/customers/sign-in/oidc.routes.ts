/**
 * Google and Facebook sign-in: POST /account/oidc/:provider sends the browser to the provider
 * with state, nonce and PKCE kept in the `hs_oidc` cookie (15 minutes, HttpOnly, only sent to
 * /account/oidc); the callback checks them, signs the customer in and rotates the session.
 */
import { Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import { clearAppCookie, setAppCookie } from '../../kit/web/cookies.ts';
import type { Config } from '../../kit/config.ts';
import type { CustomerServices } from '../customers.service.ts';
import type { AppEnv } from '../../kit/web/env.ts';
import { sessionCookie, setSessionCookie } from './customer-session.ts';
import { isOidcProvider, SignInRefusedError, type PendingSignIn } from './oidc-client.ts';
import { DomainError } from '../../kit/errors.ts';

/** What these routes use of the app's services (src/app/services.ts hands over the whole set). */
interface Services {
  config: Config;
  customers: CustomerServices;
}

export const oidcCookie = 'hs_oidc';
const cookiePath = '/account/oidc';

function encode(p: PendingSignIn): string {
  return Buffer.from(JSON.stringify(p)).toString('base64url');
}

function decode(value: string | undefined): PendingSignIn | undefined {
  if (!value || value.length > 1024) return undefined;
  try {
    const p = JSON.parse(
      Buffer.from(value, 'base64url').toString('utf8'),
    ) as Partial<PendingSignIn>;
    if (
      isOidcProvider(p.provider) &&
      typeof p.state === 'string' &&
      typeof p.nonce === 'string' &&
      typeof p.verifier === 'string'
    ) {
      return { provider: p.provider, state: p.state, nonce: p.nonce, verifier: p.verifier };
    }
  } catch {
    // A mangled cookie is no sign-in in progress.
  }
  return undefined;
}

export function oidcRoutes(services: Services) {
  const { oidc, signIn, sessions } = services.customers;
  const publicUrl = services.config.publicUrl;
  const app = new Hono<AppEnv>();

  app.post('/account/oidc/:provider', async (c) => {
    const provider = c.req.param('provider');
    if (!isOidcProvider(provider) || !oidc.available().some((p) => p.provider === provider)) {
      throw new DomainError('not_found', 'This sign-in provider is not available.');
    }
    const { url, pending } = await oidc.start(provider);
    setAppCookie(c, oidcCookie, encode(pending), { path: cookiePath, maxAge: 15 * 60 });
    return c.redirect(url, 303);
  });

  app.get('/account/oidc/:provider/callback', async (c) => {
    const provider = c.req.param('provider');
    if (!isOidcProvider(provider)) throw new SignInRefusedError();
    const pending = decode(getCookie(c, oidcCookie));
    // One use: whatever happens next, this attempt's checks are spent.
    clearAppCookie(c, oidcCookie, { path: cookiePath });
    const current = new URL(c.req.path, publicUrl);
    current.search = new URL(c.req.url).search;
    const claims = await oidc.finish(provider, current, pending);
    const { customerId, told } = await signIn.withProviderTold(claims, c.get('lang'));
    const { secret } = await sessions.start(customerId, getCookie(c, sessionCookie));
    setSessionCookie(c, secret);
    // Art. 14 at first contact: the next page says what the provider gave us (the mail says all).
    return c.redirect(told ? `/account?received=${told}` : '/account', 303);
  });

  return app;
}
