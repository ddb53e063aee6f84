import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServices, type TestServices } from '../../test/support/services.ts';
import { createApp } from './app.ts';

describe('web app', () => {
  let services: TestServices;
  let app: ReturnType<typeof createApp>;
  beforeAll(async () => {
    services = await createTestServices();
    app = createApp(services);
  });
  afterAll(() => services?.close());

  it('reports database health', async () => {
    const res = await app.request('/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', database: { ok: true } });
  });

  it('sends strict security headers with a CSP that forbids inline code', async () => {
    const res = await app.request('/healthz');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
  });

  it('answers an unknown route with a 404 in the shape every error has', async () => {
    const res = await app.request('/no/such/page');
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      status: 404,
      code: 'not_found',
      message: 'There is no page at this address.',
    });
  });

  it('shows browsers an HTML error page, not a stack trace', async () => {
    const res = await app.request('/no/such/page', { headers: { accept: 'text/html' } });
    expect(res.status).toBe(404);
    const html = await res.text();
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain('<h1>Page not found</h1>');
    expect(html).not.toMatch(/at .*\.ts:\d+/);
  });

  it('refuses a cross-site form post', async () => {
    const res = await app.request('/healthz', {
      method: 'POST',
      headers: {
        origin: 'https://evil.example',
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'a=1',
    });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ code: 'forbidden' });
  });

  it('refuses an oversized body with 413', async () => {
    const res = await app.request('/healthz', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'http://localhost:3000' },
      body: JSON.stringify({ x: 'a'.repeat(300 * 1024) }),
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ code: 'payload_too_large' });
  });
});
