/**
 * The relying party for Google and Facebook sign-in (`openid-client`): authorization code flow
 * with PKCE, state and nonce. The checks live in the `hs_oidc` cookie for 15 minutes; the
 * library refuses a callback whose state or ID-token nonce does not match.
 *
 * @example
 *   const { url, pending } = await oidc.start('google');   // redirect to url; cookie = pending
 *   const claims = await oidc.finish('google', callbackUrl, pending);
 */
import * as client from 'openid-client';
import { DomainError } from '../../kit/errors.ts';
import type { ProviderClaims } from './sign-in.service.ts';

export const oidcProviders = ['google', 'facebook'] as const;
export type OidcProviderKey = (typeof oidcProviders)[number];

export function isOidcProvider(value: unknown): value is OidcProviderKey {
  return (oidcProviders as readonly unknown[]).includes(value);
}

export interface OidcProviderSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The local stand-in (dev-idp.ts): plain HTTP allowed. */
  demo: boolean;
}

/** What the hs_oidc cookie holds between the redirect and the callback (no personal data). */
export interface PendingSignIn {
  provider: OidcProviderKey;
  state: string;
  nonce: string;
  verifier: string;
}

export class SignInRefusedError extends DomainError {
  constructor() {
    super('bad_request', 'The sign-in could not be completed. Please start again.');
  }
}

export class OidcClient {
  private readonly configs = new Map<OidcProviderKey, Promise<client.Configuration>>();
  constructor(
    private readonly providers: Partial<Record<OidcProviderKey, OidcProviderSettings>>,
    private readonly callbackUrl: (provider: OidcProviderKey) => string,
  ) {}

  /** The configured providers, and whether they are the local demo stand-in. */
  available(): { provider: OidcProviderKey; demo: boolean }[] {
    return oidcProviders
      .filter((p) => this.providers[p])
      .map((p) => ({ provider: p, demo: this.providers[p]!.demo }));
  }

  async start(provider: OidcProviderKey): Promise<{ url: string; pending: PendingSignIn }> {
    const config = await this.config(provider);
    const pending: PendingSignIn = {
      provider,
      state: client.randomState(),
      nonce: client.randomNonce(),
      verifier: client.randomPKCECodeVerifier(),
    };
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: this.callbackUrl(provider),
      scope: 'openid email profile',
      state: pending.state,
      nonce: pending.nonce,
      code_challenge: await client.calculatePKCECodeChallenge(pending.verifier),
      code_challenge_method: 'S256',
    });
    return { url: url.href, pending };
  }

  /** Exchanges the code and verifies the ID token; any mismatch is a SignInRefusedError. */
  async finish(
    provider: OidcProviderKey,
    currentUrl: URL,
    pending: PendingSignIn | undefined,
  ): Promise<ProviderClaims> {
    if (!pending || pending.provider !== provider) throw new SignInRefusedError();
    const config = await this.config(provider);
    let claims: client.IDToken | undefined;
    try {
      const tokens = await client.authorizationCodeGrant(config, currentUrl, {
        pkceCodeVerifier: pending.verifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
      claims = tokens.claims();
    } catch {
      throw new SignInRefusedError();
    }
    if (!claims) throw new SignInRefusedError();
    return {
      provider,
      issuer: config.serverMetadata().issuer,
      sub: claims.sub,
      email: typeof claims.email === 'string' ? claims.email : undefined,
      emailVerified: claims.email_verified === true,
      name: typeof claims.name === 'string' ? claims.name : undefined,
      // The demo stand-in vouches for any address: its word never opens an existing account.
      vouchesForEmail: !this.providers[provider]!.demo,
    };
  }

  private config(provider: OidcProviderKey): Promise<client.Configuration> {
    const settings = this.providers[provider];
    if (!settings) return Promise.reject(new SignInRefusedError());
    let config = this.configs.get(provider);
    if (!config) {
      config = client.discovery(
        new URL(settings.issuer),
        settings.clientId,
        settings.clientSecret,
        undefined,
        settings.demo ? { execute: [client.allowInsecureRequests] } : undefined,
      );
      // A failed discovery (provider down) is retried on the next sign-in.
      config.catch(() => this.configs.delete(provider));
      this.configs.set(provider, config);
    }
    return config;
  }
}
