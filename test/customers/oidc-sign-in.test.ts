/**
 * Google/Facebook sign-in end to end against the real local OpenID provider (oidc-provider,
 * mounted at /dev-idp), over real HTTP: the service runs on a random port. The demo provider
 * runs only when asked for (DEMO_SIGN_IN=1, as `npm start` does) and never opens an account it
 * did not create: it accepts any login, so its word about an email address proves nothing.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Running } from '../../src/app/main.ts';
import { ConfigError, loadConfig } from '../../src/kit/config.ts';
import {
  findCustomerByEmailIndex,
  updateCustomer,
} from '../../src/customers/customers.repository.ts';
import { Browser } from '../support/oidc-browser.ts';
import { startTestServer } from '../support/server.ts';
import { readAllTablesAsText } from '../support/tables-as-text.ts';

describe('the demo provider with the default configuration', () => {
  let base: string;
  let cleanup: () => Promise<void>;
  let running: Running;

  beforeAll(async () => {
    const server = await startTestServer();
    base = server.url;
    running = server.running;
    cleanup = () => server.stop();
  });
  afterAll(() => cleanup?.());

  it('is off: signing in as an existing customer through it fails', async () => {
    const email = `${randomUUID()}@example.test`;
    const registered = await fetch(`${base}/account/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: base },
      body: JSON.stringify({
        email,
        password: 'a long and unusual passphrase',
        name: 'Existing Customer',
        acceptPolicy: true,
      }),
    });
    expect(registered.status).toBeLessThan(300);
    expect(running.services.customers.devIdp).toBeUndefined();
    expect(running.services.customers.oidc.available()).toEqual([]);

    const page = await (await fetch(`${base}/account/sign-in`)).text();
    expect(page).not.toContain('/account/oidc/');
    const browser = new Browser(base);
    const start = await browser.post('/account/oidc/google', {});
    expect(start.status).toBe(404);
    expect((await browser.go('/dev-idp/.well-known/openid-configuration')).status).toBe(404);
    expect(browser.cookies.has('hs_session')).toBe(false);
  });

  it('cannot be asked for in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', DEMO_SIGN_IN: '1' })).toThrow(ConfigError);
    expect(loadConfig({ NODE_ENV: 'production' }).demoSignIn).toBe(false);
    expect(loadConfig({}).demoSignIn).toBe(false);
  });
});

describe('sign-in with the local OpenID provider (DEMO_SIGN_IN=1)', () => {
  let running: Running;
  let base: string;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    const server = await startTestServer({ DEMO_SIGN_IN: '1' });
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
    // A new link: the page says what Google gave us (Art. 14, test/customers/source-notice-oidc).
    expect(res.headers.get('location')).toBe('/account?received=google');
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

  it('never opens an account it did not create, not even one it created for another identity', async () => {
    const google = new Browser(base);
    await google.go((await google.toCallback('google', 'liisa@example.fi')).href);
    const first = (await (await google.go('/account')).json()) as { id: string };
    const facebook = new Browser(base);
    const res = await facebook.go(
      (await facebook.toCallback('facebook', 'liisa@example.fi')).href,
      {
        headers: { accept: 'application/json' },
      },
    );
    expect(res.status).toBe(409);
    expect(facebook.cookies.has('hs_session')).toBe(false);
    const still = (await (await google.go('/account')).json()) as {
      id: string;
      signIns: unknown[];
    };
    expect(still.id).toBe(first.id);
    expect(still.signIns).toHaveLength(1);
  });

  it('cannot take over a password account, verified or not, and leaves its password alone', async () => {
    const db = running.services.database.db;
    const password = 'a long and unusual passphrase';
    for (const verified of [true, false]) {
      const email = `${verified ? 'verified' : 'unverified'}.${randomUUID()}@example.test`;
      const registered = await fetch(`${base}/account/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: base },
        body: JSON.stringify({ email, password, name: 'Victim', acceptPolicy: true }),
      });
      expect(registered.status).toBeLessThan(300);
      const index = running.services.vault.blindIndex('email', email);
      const row = (await findCustomerByEmailIndex(db, index))!;
      if (verified) await updateCustomer(db, row.id, { email_verified_at: new Date() });

      const attacker = new Browser(base);
      const res = await attacker.go((await attacker.toCallback('google', email)).href, {
        headers: { accept: 'application/json', 'accept-language': 'fi' },
      });
      expect(res.status).toBe(409);
      expect(((await res.json()) as { message: string }).message).toContain('Demokirjautuminen');
      expect(attacker.cookies.has('hs_session')).toBe(false);
      expect(
        (await attacker.go('/account', { headers: { accept: 'application/json' } })).status,
      ).toBe(401);

      const after = (await findCustomerByEmailIndex(db, index))!;
      expect(after.password_hash).toBe(row.password_hash);
      expect(Boolean(after.email_verified_at)).toBe(verified);
    }
  });

  it('a real provider (one that proves the address) still joins the account of that email', async () => {
    const { signIn } = running.services.customers;
    const email = `${randomUUID()}@example.test`;
    const claims = { issuer: 'https://accounts.example', email, emailVerified: true };
    const created = await signIn.withProvider(
      { ...claims, provider: 'google', sub: randomUUID(), vouchesForEmail: true },
      'en',
    );
    const joined = await signIn.withProvider(
      { ...claims, provider: 'facebook', sub: randomUUID(), vouchesForEmail: true },
      'en',
    );
    expect(joined).toBe(created);
    await expect(
      signIn.withProvider(
        { ...claims, provider: 'facebook', sub: randomUUID(), vouchesForEmail: false },
        'en',
      ),
    ).rejects.toMatchObject({ code: 'conflict' });
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
