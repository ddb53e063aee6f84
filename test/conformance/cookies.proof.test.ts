/**
 * Proof of each cookie and storage item the policy declares, on both databases. A cookie the
 * server sets is functional and lives no longer than declared; anything else is set by a page
 * script or a partner's tag, and then the store runs no script that could set it before its
 * category is allowed (tags wait as `type="text/plain" data-consent=…`, no always-on script
 * names it) and the banner is told its category, so refusing or withdrawing deletes it. The
 * browser tests of the banner (test/banner) watch the same in Chromium on the PGlite pass.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { durationSeconds, parseDuration } from '../../src/core/manifest/duration.ts';
import type { Manifest } from '../../src/core/manifest/manifest.ts';
import { loadManifest } from '../../src/core/manifest/manifest-loader.ts';
import type { ConsentConfig } from '../../src/consent/consent-config.ts';
import { proves } from '../support/proves.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const { manifest } = await loadManifest('privacy/hersecret.yaml');

function lifetimeSeconds(cookie: Manifest['cookies'][number]): number {
  const d = parseDuration(cookie.lifetime);
  return d === 'session' || d === undefined ? 0 : durationSeconds(d);
}

describe('every cookie and storage item of the manifest', () => {
  let server: TestServer;
  /** Set-Cookie lines by cookie name, from a visit that sets every cookie the server sets. */
  const seen = new Map<string, string[]>();
  let home: string;
  let banner: ConsentConfig;

  beforeAll(async () => {
    server = await startTestServer({ DEMO_SIGN_IN: '1' });
    const send = async (
      url: string,
      init: RequestInit & { form?: Record<string, string> } = {},
    ) => {
      const headers = new Headers(init.headers);
      headers.set('origin', server.url);
      let body = init.body;
      if (init.form) {
        headers.set('content-type', 'application/x-www-form-urlencoded');
        body = new URLSearchParams(init.form).toString();
      }
      const res = await fetch(`${server.url}${url}`, {
        ...init,
        headers,
        body,
        redirect: 'manual',
      });
      for (const line of res.headers.getSetCookie()) {
        const name = line.slice(0, line.indexOf('='));
        seen.set(name, [...(seen.get(name) ?? []), line]);
      }
      return res;
    };
    const json = (body: unknown) => ({
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    home = await (await send('/?lang=fi', { headers: { accept: 'text/html' } })).text();
    banner = (await (await send('/consent/config?lang=en')).json()) as ConsentConfig;
    await send(
      '/api/consent',
      json({
        policyVersion: banner.policyVersion,
        textHash: banner.textHash,
        signals: { gpc: false, dnt: false },
        choices: { analytics: true, marketing: false, personalisation: false },
        source: 'banner',
        explicit: true,
        lang: 'en',
      }),
    );
    await send('/cart/add', {
      method: 'POST',
      form: { slug: 'aurora-lace-brief', size: 'M', quantity: '1' },
    });
    const account = { email: 'cookie.proof@example.fi', password: 'a long enough passphrase' };
    await send('/account/register', json({ ...account, name: 'Cookie Proof', acceptPolicy: true }));
    await send('/account/sign-in', json(account));
    await send('/account/oidc/google', { method: 'POST', form: {} });
  });
  afterAll(() => server?.stop());

  it('the visit saw the cookies the server sets', () => {
    expect([...seen.keys()].sort()).toEqual(
      expect.arrayContaining(['hs_cart', 'hs_lang', 'hs_oidc', 'hs_session', 'hs_vid']),
    );
  });

  /** Scripts a page runs without any consent: not held back by the banner. */
  const alwaysOnScripts = () =>
    [...home.matchAll(/<script\b([^>]*)>/g)]
      .map((m) => m[1]!)
      .filter((attrs) => !/type="text\/plain"/.test(attrs))
      .map((attrs) => /src="([^"]+)"/.exec(attrs)?.[1])
      .filter((src): src is string => src !== undefined);

  for (const cookie of manifest.cookies) {
    it(
      `${cookie.name}: ${cookie.category}, at most ${cookie.lifetime}`,
      proves(`cookie:${cookie.name}`),
      async () => {
        const lines = seen.get(cookie.name);
        if (lines) {
          // Set by the server: only functional cookies, and never longer than declared.
          expect(cookie.category).toBe('functional');
          expect(cookie.storage).toBe('cookie');
          for (const line of lines.filter((l) => !/Max-Age=0\b/i.test(l))) {
            const maxAge = Number(/Max-Age=(\d+)/i.exec(line)?.[1] ?? 0);
            expect(maxAge, line).toBeGreaterThan(0);
            expect(maxAge, line).toBeLessThanOrEqual(lifetimeSeconds(cookie));
          }
          return;
        }
        // Set in the browser: the banner knows its category, so refusing it deletes it…
        const category = banner.categories.find((c) => c.key === cookie.category);
        expect(category?.cookies.map((c) => c.name)).toContain(cookie.name);
        expect(category?.required).toBe(cookie.category === 'functional');
        if (cookie.category === 'functional') return;
        // …and no script that runs before consent sets or names it.
        for (const src of alwaysOnScripts()) {
          const res = await fetch(new URL(src, server.url));
          expect(res.ok, src).toBe(true);
          expect(await res.text(), src).not.toContain(cookie.name);
        }
        const held = [...home.matchAll(/<script\b[^>]*type="text\/plain"[^>]*>/g)].map((m) => m[0]);
        for (const tag of held)
          expect(tag).toMatch(/data-consent="(analytics|marketing|personalisation)"/);
      },
    );
  }

  it('holds the analytics tag back until analytics is allowed, and it sets only its declared cookies', () => {
    expect(home).toMatch(
      /<script type="text\/plain" data-consent="analytics" src="\/assets\/analytics(\.[0-9a-f]{16})?\.js"/,
    );
    const tag = readFileSync('src/kit/web/assets/analytics.js', 'utf8');
    const declared = manifest.cookies.filter((c) => c.category === 'analytics').map((c) => c.name);
    const set = [...tag.matchAll(/set\('([^']+)'/g)].map((m) => m[1]);
    expect(set.length).toBeGreaterThan(0);
    for (const name of set) expect(declared).toContain(name);
  });
});
