/**
 * The local identity provider for development and the demo: a real OpenID provider
 * (`oidc-provider`) that stands in for Google and Facebook when neither is configured, so
 * "Sign in with Google (demo)" works offline. It accepts any login: a login that looks like an
 * email address is that (verified) address, anything else becomes `<login>@demo.invalid`.
 * Because it vouches for any address, it is never started in production.
 */
import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import type { Configuration } from 'oidc-provider';

export const devIdpPath = '/dev-idp';
export const devClients = { google: 'google-demo', facebook: 'facebook-demo' } as const;

export interface DevIdp {
  issuer: string;
  clientSecret: string;
  handle(req: IncomingMessage, res: ServerResponse): void;
}

export function demoClaims(login: string) {
  const email = /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(login)
    ? login.toLowerCase()
    : `${login}@demo.invalid`;
  const local = email.split('@')[0] ?? 'demo';
  const name = local
    .split(/[._-]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join(' ');
  const sub = createHash('sha256').update(email).digest('hex').slice(0, 24);
  return { sub, email, email_verified: true, name: name || 'Demo Customer' };
}

export function createDevIdp(publicUrl: string, callbackUrl: (provider: string) => string): DevIdp {
  const issuer = `${publicUrl.replace(/\/$/, '')}${devIdpPath}`;
  const clientSecret = randomBytes(24).toString('base64url');
  // Loaded and built on the first request: oidc-provider takes ~300 ms to import, which no start
  // of the server should wait for, and tests and runs that never sign in pay nothing.
  let callback: Promise<ReturnType<Provider['callback']>> | undefined;
  const build = async () => {
    const { default: OidcProvider } = await import('oidc-provider');
    const provider = new OidcProvider(issuer, configuration(clientSecret, callbackUrl));
    provider.on('server_error', () => undefined);
    return provider.callback();
  };

  return {
    issuer,
    clientSecret,
    handle(req, res) {
      callback ??= build();
      // Mounted under /dev-idp: the provider routes on the rest of the path and learns the
      // mount point from originalUrl, as under Express.
      const original = req.url ?? '/';
      Object.assign(req, { originalUrl: original });
      req.url = original.slice(devIdpPath.length) || '/';
      callback.then(
        (handle) => void handle(req, res),
        () => {
          callback = undefined;
          res.statusCode = 503;
          res.end();
        },
      );
    },
  };
}

function configuration(
  clientSecret: string,
  callbackUrl: (provider: string) => string,
): Configuration {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...privateKey.export({ format: 'jwk' }), use: 'sig', alg: 'RS256', kid: 'dev' };

  return {
    clients: Object.entries(devClients).map(([provider, clientId]) => ({
      client_id: clientId,
      client_secret: clientSecret,
      redirect_uris: [callbackUrl(provider)],
      grant_types: ['authorization_code'],
      response_types: ['code'],
    })),
    jwks: { keys: [jwk] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    // Google and Facebook put the profile claims in the ID token; so does the stand-in.
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600 },
    features: { devInteractions: { enabled: true } },
    findAccount: (_ctx, id) => ({
      accountId: id,
      claims: () => demoClaims(id),
    }),
    // A first-party stand-in: no consent screen, the login is the whole interaction.
    async loadExistingGrant(ctx) {
      const grantId =
        ctx.oidc.result?.consent?.grantId ??
        ctx.oidc.session!.grantIdFor(ctx.oidc.client!.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client!.clientId,
        accountId: ctx.oidc.session!.accountId,
      });
      grant.addOIDCScope('openid email profile');
      grant.addOIDCClaims(['email', 'email_verified', 'name']);
      await grant.save();
      return grant;
    },
  };
}
