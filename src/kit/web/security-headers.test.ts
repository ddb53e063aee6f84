import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { securityHeaderList, securityHeaders } from './security-headers.ts';

// The Node server's path (headers set on the outgoing message) against Hono's own (in-process).
function app() {
  const a = new Hono();
  a.use(async (c, next) => {
    await next();
    // Like the banner files' middleware, mounted before the headers: it has the last word.
    if (c.req.path === '/embeddable')
      c.res.headers.set('Cross-Origin-Resource-Policy', 'cross-origin');
  });
  a.use(securityHeaders());
  a.onError((_err, c) => c.json({ status: 500 }, 500));
  a.get('/', (c) => c.json({ ok: true }, 201));
  a.get('/embeddable', (c) => c.text('x'));
  a.get('/framed', (c) => c.text('x', 200, { 'X-Frame-Options': 'SAMEORIGIN' }));
  a.get('/fails', () => {
    throw new Error('boom');
  });
  return a;
}

let server: ServerType;
let base: string;
beforeAll(async () => {
  await new Promise<void>((resolve) => {
    server = serve({ fetch: app().fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
      base = `http://127.0.0.1:${info.port}`;
      resolve();
    });
  });
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('securityHeaders', () => {
  it('sends over HTTP exactly the headers Hono would set, on every kind of answer', async () => {
    const expected = await securityHeaderList();
    expect(expected.map(([n]) => n)).toEqual(
      expect.arrayContaining(['content-security-policy', 'x-frame-options', 'permissions-policy']),
    );
    const inProcess = await app().request('/');
    for (const path of ['/', '/fails', '/no-such-route']) {
      const res = await fetch(base + path);
      for (const [name, value] of expected) {
        expect(res.headers.get(name), `${path} ${name}`).toBe(value);
        expect(inProcess.headers.get(name), name).toBe(value);
      }
    }
    const res = await fetch(base);
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ ok: true });
  });

  it("lets a route's own value win (the banner files' CORP)", async () => {
    const res = await fetch(`${base}/embeddable`);
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    // Set on the outgoing message before the route, not over its answer: Hono's middleware
    // would have overwritten this one with DENY.
    const framed = await fetch(`${base}/framed`);
    expect(framed.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(framed.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });
});
