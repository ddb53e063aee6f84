/**
 * One rule for every cookie the app sets: `Secure` exactly when PUBLIC_URL is https. Every
 * cookie goes through src/kit/web/cookies.ts; the scan below fails on any other way of setting
 * one, and the requests drive every cookie the app sets over an https origin and a plain one.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app/app.ts';
import { createTestServices } from '../support/services.ts';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [p] : [];
  });
}

it('sets cookies only through the kit helper', () => {
  const offenders = sourceFiles('src')
    .filter((f) => f !== path.join('src', 'kit', 'web', 'cookies.ts'))
    .filter((f) => /\b(setCookie|deleteCookie|setSignedCookie)\b/.test(readFileSync(f, 'utf8')));
  expect(offenders).toEqual([]);
});

/** Every cookie the app sets in a short visit: consent, privacy center, cart, sign-in, sign-out. */
async function visit(origin: string): Promise<Map<string, string[]>> {
  const services = await createTestServices({ PUBLIC_URL: origin });
  const app = createApp(services);
  const seen = new Map<string, string[]>();
  const send = async (url: string, init: RequestInit & { form?: Record<string, string> } = {}) => {
    const headers = new Headers(init.headers);
    headers.set('origin', origin);
    let body = init.body;
    if (init.form) {
      headers.set('content-type', 'application/x-www-form-urlencoded');
      body = new URLSearchParams(init.form).toString();
    }
    const res = await app.request(url, { ...init, headers, body });
    for (const line of res.headers.getSetCookie()) {
      const name = line.slice(0, line.indexOf('='));
      seen.set(name, [...(seen.get(name) ?? []), line]);
    }
    return res;
  };
  try {
    const { policyVersion, textHash } = services.consent.config('en');
    const choice = { policyVersion, textHash, signals: { gpc: false, dnt: false } };
    await send('/api/consent', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        ...choice,
        choices: { analytics: true, marketing: false, personalisation: false },
        source: 'banner',
        explicit: true,
        lang: 'en',
      }),
    });
    await send('/privacy-center/consent', {
      method: 'POST',
      form: { action: 'reject', textHash, policyVersion: String(policyVersion), lang: 'en' },
    });
    await send('/cart/add', {
      method: 'POST',
      form: { slug: 'aurora-lace-brief', size: 'M', quantity: '1' },
    });
    await send('/cart/clear', { method: 'POST', form: {} });
    const account = { email: 'cookie.test@example.fi', password: 'a long enough passphrase' };
    await send('/account/register', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...account, name: 'Cookie Test', acceptPolicy: true }),
    });
    const signedIn = await send('/account/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(account),
    });
    const session = signedIn.headers.getSetCookie()[0]!.split(';')[0]!;
    await send('/account/sign-out', { method: 'POST', headers: { cookie: session }, form: {} });
    return seen;
  } finally {
    await services.close();
  }
}

describe('cookie security follows PUBLIC_URL', () => {
  let https: Map<string, string[]>;
  let http: Map<string, string[]>;

  beforeAll(async () => {
    https = await visit('https://shop.example');
    http = await visit('http://localhost:3000');
  });

  it('visits every cookie the app sets', () => {
    expect([...https.keys()].sort()).toEqual(['hs_cart', 'hs_consent', 'hs_session', 'hs_vid']);
    expect(https.get('hs_cart')!.length).toBeGreaterThan(1); // set, then cleared
    expect(https.get('hs_session')!.length).toBeGreaterThan(1); // signed in, then out
  });

  it('marks every one Secure over https, and none over plain http', () => {
    for (const [name, lines] of https) {
      for (const line of lines) expect(line, name).toMatch(/;\s*Secure(;|$)/i);
    }
    for (const [name, lines] of http) {
      for (const line of lines) expect(line, name).not.toMatch(/;\s*Secure(;|$)/i);
    }
  });

  it('keeps them HttpOnly and SameSite=Lax, except the banner cookie its script reads', () => {
    for (const [name, lines] of https) {
      for (const line of lines.filter((l) => !/Max-Age=0/i.test(l))) {
        expect(line, name).toMatch(/SameSite=Lax/i);
        if (name !== 'hs_consent') expect(line, name).toMatch(/HttpOnly/i);
      }
    }
  });
});
