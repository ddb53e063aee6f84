/**
 * A language chosen with ?lang= sticks (issue 11): the response sets the declared functional
 * `hs_lang` cookie with the manifest's lifetime, later pages without the parameter keep the
 * language, and the sign-in redirect carries it. In process; no storage-specific behaviour, so it
 * runs once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app/app.ts';
import { durationSeconds, parseDuration } from '../../src/core/manifest/duration.ts';
import { createTestServices, type TestServices } from '../support/services.ts';
import { proves } from '../support/proves.ts';

describe.skipIf(process.env.CUSTODIAN_TEST_DB === 'postgres')('the language choice', () => {
  let services: TestServices;
  let app: ReturnType<typeof createApp>;
  const html = { accept: 'text/html' };

  beforeAll(async () => {
    services = await createTestServices();
    app = createApp(services);
  });
  afterAll(() => services?.close());

  it(
    'sets hs_lang as the manifest declares it, and later pages keep the language',
    proves('cookie:hs_lang'),
    async () => {
      const declared = services.policy.manifest.cookies.find((c) => c.name === 'hs_lang')!;
      expect(declared.category).toBe('functional');
      const lifetime = parseDuration(declared.lifetime);
      expect(lifetime).not.toBe('session');

      const first = await app.request('/?lang=fi', { headers: html });
      const setCookie = first.headers.get('set-cookie') ?? '';
      expect(setCookie).toMatch(/(^|, )hs_lang=fi;/);
      const maxAge = Number(/hs_lang=fi;[^,]*Max-Age=(\d+)/.exec(setCookie)?.[1]);
      expect(maxAge).toBe(
        durationSeconds(lifetime as Exclude<typeof lifetime, 'session' | undefined>),
      );
      expect(setCookie).toMatch(/hs_lang=fi;[^,]*HttpOnly/);
      expect(setCookie).toMatch(/hs_lang=fi;[^,]*SameSite=Lax/);

      // "Oma tili", the footer's links: pages without ?lang= stay Finnish, whatever the browser asks.
      for (const path of ['/privacy', '/cookies', '/account/sign-in', '/privacy-center']) {
        const res = await app.request(path, {
          headers: { ...html, cookie: 'hs_lang=fi', 'accept-language': 'en' },
        });
        expect(await res.text(), path).toContain('<html lang="fi"');
        // Nothing new to remember.
        expect(res.headers.get('set-cookie') ?? '', path).not.toContain('hs_lang');
      }
      // A new choice replaces the old one.
      const sv = await app.request('/?lang=sv', { headers: { ...html, cookie: 'hs_lang=fi' } });
      expect(sv.headers.get('set-cookie')).toMatch(/hs_lang=sv;/);
      // Anything else is no choice: nothing set, nothing echoed.
      const bad = await app.request('/?lang=xx', { headers: html });
      expect(bad.headers.get('set-cookie') ?? '').not.toContain('hs_lang');
    },
  );

  it('the sign-in redirect keeps the language', async () => {
    const res = await app.request('/account?lang=sv', { headers: html, redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/account/sign-in?next=%2Faccount&lang=sv');
    expect(res.headers.get('set-cookie')).toMatch(/hs_lang=sv;/);
  });
});
