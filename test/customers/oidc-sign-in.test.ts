/**
 * Google/Facebook sign-in end to end against the real local OpenID provider (oidc-provider,
 * mounted at /dev-idp), over real HTTP: the service runs on a random port.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Running } from '../../src/app/main.ts';
import { startTestServer } from '../support/server.ts';
import { readAllTablesAsText } from '../support/tables-as-text.ts';

/** A browser's cookie handling, reduced to what this flow needs (one host). */
class Browser {
  readonly cookies = new Map<string, string>();
  constructor(readonly base: string) {}

  async go(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) {
      headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    }
    const res = await fetch(new URL(url, this.base), { ...init, headers, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) {
      const [pair = '', ...attrs] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const gone = attrs.some(
        (a) => /max-age=0\b/i.test(a.trim()) || /expires=thu, 01 jan 1970/i.test(a.trim()),
      );
      if (gone || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }

  post(url: string, body: Record<string, string>): Promise<Response> {
    return this.go(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: this.base },
      body: new URLSearchParams(body).toString(),
    });
  }

  /** Follows the provider's redirects until one leads back to the store's callback. */
  async toCallback(provider: string, login: string): Promise<URL> {
    let res = await this.post(`/account/oidc/${provider}`, {});
    expect(res.status).toBe(303);
    let location = res.headers.get('location')!;
    expect(location).toContain('/dev-idp/auth');
    for (let hops = 0; hops < 10; hops++) {
      const url = new URL(location, this.base);
      if (url.pathname.startsWith('/account/oidc/')) return url;
      res = await this.go(url.href);
      if (res.status === 200) {
        const html = await res.text();
        const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
        expect(action, 'the provider shows its login form').toBeTruthy();
        res = await this.post(action!.replaceAll('&amp;', '&'), {
          prompt: 'login',
          login,
          password: 'any',
        });
      }
      expect([302, 303]).toContain(res.status);
      location = res.headers.get('location')!;
    }
    throw new Error('no redirect back to the store');
  }
}

describe('sign-in with the local OpenID provider', () => {
  let running: Running;
  let base: string;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    const server = await startTestServer();
    base = server.url;
    running = server.running;
    cleanup = () => server.stop();
  });
  afterAll(() => cleanup?.());

  it('offers Google and Facebook (demo) on the sign-in page', async () => {
    const html = await (await fetch(`${base}/account/sign-in`)).text();
    expect(html).toContain('action="/account/oidc/google"');
    expect(html).toContain('Sign in with Google (demo)');
    expect(html).toContain('Sign in with Facebook (demo)');
  });

  it('signs in end to end and records the profile with its source and time', async () => {
    const browser = new Browser(base);
    const callback = await browser.toCallback('google', 'maija.meikalainen@example.fi');
    expect(browser.cookies.has('hs_oidc')).toBe(true);
    const res = await browser.go(callback.href);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/account');
    expect(browser.cookies.has('hs_oidc')).toBe(false);
    expect(browser.cookies.get('hs_session')).toMatch(/^[\w-]{43}$/);

    const profile = (await (await browser.go('/account')).json()) as Record<string, unknown>;
    expect(profile).toMatchObject({
      email: 'maija.meikalainen@example.fi',
      name: 'Maija Meikalainen',
      emailVerified: true,
      signIns: [{ provider: 'google', source: `${base}/dev-idp` }],
    });
    const { text } = await readAllTablesAsText(running.services.database.db);
    expect(text.toLowerCase()).not.toContain('maija');

    // A second sign-in with the same identity reaches the same account.
    const again = new Browser(base);
    await again.go((await again.toCallback('google', 'maija.meikalainen@example.fi')).href);
    const second = (await (await again.go('/account')).json()) as Record<string, unknown>;
    expect(second.id).toBe(profile.id);
  });

  it('links a Facebook identity to the account of the same verified email', async () => {
    const google = new Browser(base);
    await google.go((await google.toCallback('google', 'liisa@example.fi')).href);
    const first = (await (await google.go('/account')).json()) as { id: string };
    const facebook = new Browser(base);
    await facebook.go((await facebook.toCallback('facebook', 'liisa@example.fi')).href);
    const linked = (await (await facebook.go('/account')).json()) as {
      id: string;
      signIns: unknown[];
    };
    expect(linked.id).toBe(first.id);
    expect(linked.signIns).toHaveLength(2);
  });

  it('refuses a tampered state', async () => {
    const browser = new Browser(base);
    const callback = await browser.toCallback('google', 'tampered.state@example.fi');
    callback.searchParams.set('state', 'forged-state');
    const res = await browser.go(callback.href, { headers: { accept: 'application/json' } });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      code: 'bad_request',
      message: 'The sign-in could not be completed. Please start again.',
    });
    expect(browser.cookies.has('hs_session')).toBe(false);
  });

  it('refuses a tampered nonce', async () => {
    const browser = new Browser(base);
    const callback = await browser.toCallback('google', 'tampered.nonce@example.fi');
    const pending = JSON.parse(
      Buffer.from(browser.cookies.get('hs_oidc')!, 'base64url').toString(),
    ) as Record<string, string>;
    browser.cookies.set(
      'hs_oidc',
      Buffer.from(JSON.stringify({ ...pending, nonce: 'forged-nonce' })).toString('base64url'),
    );
    const res = await browser.go(callback.href);
    expect(res.status).toBe(400);
    expect(browser.cookies.has('hs_session')).toBe(false);
  });

  it('refuses a callback without the sign-in cookie', async () => {
    const browser = new Browser(base);
    const callback = await browser.toCallback('google', 'no.cookie@example.fi');
    browser.cookies.delete('hs_oidc');
    expect((await browser.go(callback.href)).status).toBe(400);
  });
});
