/**
 * Every bad body shape to every POST endpoint, and a NUL byte in every GET's query: the answer
 * is a 4xx that says what is wrong, never a 5xx. The endpoints come from the Hono app itself, so
 * a new one is swept without anyone adding it here. Runs on PGlite and PostgreSQL.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app/app.ts';
import { signedInCustomer } from '../support/customers.ts';
import { createTestServices, type TestServices } from '../support/services.ts';

const origin = 'http://localhost:3000';
const staffToken = 'sweep-staff-token-0123456789abcdef';
const boundary = 'sweepboundary';

/** Bad bodies: name → content type and bytes. */
const shapes: Record<string, { type: string; body: string | Uint8Array<ArrayBuffer> }> = {
  'multipart without a boundary': { type: 'multipart/form-data', body: 'a=1' },
  'multipart cut off': {
    type: `multipart/form-data; boundary=${boundary}`,
    body: `--${boundary}\r\nContent-Disposition: form-data; name="email"\r\n\r\nunterminated`,
  },
  'multipart garbage': {
    type: `multipart/form-data; boundary=${boundary}`,
    body: '\r\n\r\n--nope--\r\n',
  },
  'multipart with a NUL byte': {
    type: `multipart/form-data; boundary=${boundary}`,
    body: `--${boundary}\r\nContent-Disposition: form-data; name="email"\r\n\r\na\0b@example.fi\r\n--${boundary}--\r\n`,
  },
  'urlencoded malformed': {
    type: 'application/x-www-form-urlencoded',
    body: '%%%&=&a=%ZZ&&email=%E0%A4%A&q',
  },
  'urlencoded with NUL': {
    type: 'application/x-www-form-urlencoded',
    body: 'email=a%00b%40example.fi&password=%00&q=%00&name=x%00',
  },
  'JSON malformed': { type: 'application/json', body: '{"email": "a@example.fi",' },
  'JSON not an object': { type: 'application/json', body: '[1, null, "x"]' },
  'JSON null': { type: 'application/json', body: 'null' },
  'JSON with NUL escapes': {
    type: 'application/json',
    body: JSON.stringify({
      email: 'a\u0000b@example.fi',
      q: '\u0000',
      name: 'x\u0000',
      type: 'access',
    }),
  },
  'raw NUL bytes': { type: 'text/plain', body: new Uint8Array([0, 0, 0, 123, 0]) },
  oversized: { type: 'application/x-www-form-urlencoded', body: `q=${'a'.repeat(300 * 1024)}` },
};

/** A concrete path for a route pattern: `:slug` a real product, `:id` a fresh uuid. */
function concrete(pattern: string): string {
  return pattern.replace(/:(\w+)(\{[^}]*\})?/g, (_m, name: string) => {
    if (name === 'slug') return 'aurora-lace-brief';
    if (name === 'provider') return 'google';
    if (name === 'lang') return 'en';
    return randomUUID();
  });
}

function routesOf(app: App, method: string): string[] {
  return [...new Set(app.routes.filter((r) => r.method === method).map((r) => r.path))].filter(
    (p) => !p.includes('*'),
  );
}

describe('bad input never gets a 5xx', () => {
  let services: TestServices;
  let app: App;

  beforeAll(async () => {
    services = await createTestServices({ STAFF_API_TOKEN: staffToken, CONSENT_RATE_LIMIT: '0' });
    app = createApp(services);
  });
  afterAll(() => services?.close());

  it('finds the POST endpoints from the app', () => {
    const posts = routesOf(app, 'POST');
    expect(posts).toEqual(
      expect.arrayContaining(['/account/sign-in', '/checkout', '/api/consent']),
    );
    expect(posts.length).toBeGreaterThan(20);
  });

  it('answers every bad body to every POST endpoint with a 4xx, signed in or not', async () => {
    const failures: string[] = [];
    for (const path of routesOf(app, 'POST')) {
      for (const [shape, { type, body }] of Object.entries(shapes)) {
        for (const signedIn of [false, true]) {
          // A fresh customer each time: a swept sign-out or account closing must not leak over.
          const cookie = signedIn ? (await signedInCustomer(services)).cookie : undefined;
          const res = await app.request(concrete(path), {
            method: 'POST',
            headers: {
              'content-type': type,
              origin,
              authorization: `Bearer ${staffToken}`,
              ...(cookie ? { cookie } : {}),
            },
            body,
          });
          if (res.status >= 500) {
            failures.push(`${res.status} POST ${path} (${shape}${signedIn ? ', signed in' : ''})`);
          } else if (res.status >= 400 && res.headers.get('content-type')?.includes('json')) {
            const json = (await res.json()) as { message?: unknown };
            if (typeof json.message !== 'string' || !json.message) {
              failures.push(`${res.status} POST ${path} (${shape}): no message`);
            }
          }
        }
      }
    }
    expect(failures).toEqual([]);
  }, 240_000);

  it('answers a NUL byte in any GET query with a 400', async () => {
    const failures: string[] = [];
    const nul = '%00';
    for (const path of routesOf(app, 'GET')) {
      const url = `${concrete(path)}?q=a${nul}b&lang=en${nul}&from=${nul}&token=${nul}`;
      const res = await app.request(url, { headers: { authorization: `Bearer ${staffToken}` } });
      if (res.status !== 400) failures.push(`${res.status} GET ${path}`);
    }
    expect(failures).toEqual([]);
  });

  it('says why, in the visitor’s language', async () => {
    const res = await app.request('/search?q=%00', { headers: { 'accept-language': 'fi' } });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { code: string; message: string };
    expect(body.code).toBe('bad_request');
    expect(body.message).toContain('NUL-merkki');
    const form = await app.request('/checkout', {
      method: 'POST',
      headers: { 'content-type': shapes['multipart cut off']!.type, origin, accept: 'text/html' },
      body: shapes['multipart cut off']!.body,
    });
    expect(form.status).toBe(400);
    expect(await form.text()).toContain('The form data could not be read.');
  });
});
