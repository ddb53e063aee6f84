import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { AppEnv } from './env.ts';
import { chooseEncoding, pageCache } from './page-cache.ts';

function miniApp(options: { version?: () => number; ttlMs?: number; maxEntries?: number } = {}) {
  let renders = 0;
  let version = 1;
  const app = new Hono<AppEnv>();
  app.use(async (c, next) => {
    c.set('lang', c.req.query('lang') === 'fi' ? 'fi' : 'en');
    await next();
  });
  const cached = pageCache({
    version: options.version ?? (() => version),
    ttlMs: options.ttlMs ?? 60_000,
    maxEntries: options.maxEntries,
    when: (c) => !c.req.header('cookie'),
  });
  app.get('/page', cached, (c) => {
    renders += 1;
    return c.html(`<p>${c.get('lang')} render ${renders} ${c.req.query('q') ?? ''}</p>`);
  });
  app.get('/missing', cached, (c) => {
    renders += 1;
    return c.html('<p>gone</p>', 404);
  });
  return {
    app,
    renders: () => renders,
    bump: () => {
      version += 1;
    },
  };
}

describe('page cache', () => {
  it('renders once per language and URL, and again when the version moves', async () => {
    const { app, renders, bump } = miniApp();
    expect(await (await app.request('/page')).text()).toBe('<p>en render 1 </p>');
    expect(await (await app.request('/page')).text()).toBe('<p>en render 1 </p>');
    expect(await (await app.request('/page?lang=fi')).text()).toBe('<p>fi render 2 </p>');
    expect(await (await app.request('/page?q=lace')).text()).toBe('<p>en render 3 lace</p>');
    expect(renders()).toBe(3);
    bump();
    expect(await (await app.request('/page')).text()).toBe('<p>en render 4 </p>');
  });

  it('never answers a request its rule excludes, and never stores an error page', async () => {
    const { app, renders } = miniApp();
    await app.request('/page');
    const own = await app.request('/page', { headers: { cookie: 'hs_vid=x' } });
    expect(await own.text()).toBe('<p>en render 2 </p>');
    expect((await app.request('/missing')).status).toBe(404);
    expect((await app.request('/missing')).status).toBe(404);
    expect(renders()).toBe(4);
  });

  it('expires entries after their time, and keeps at most maxEntries', async () => {
    const expiring = miniApp({ ttlMs: 0 });
    await expiring.app.request('/page');
    await expiring.app.request('/page');
    expect(expiring.renders()).toBe(2);
    const small = miniApp({ maxEntries: 2 });
    for (const q of ['a', 'b', 'c', 'a']) await small.app.request(`/page?q=${q}`);
    expect(small.renders()).toBe(4);
  });

  it('serves a cached page brotli- or gzip-compressed, decoding to the same HTML', async () => {
    const { app } = miniApp();
    const first = await app.request('/page');
    expect(first.headers.get('vary')).toMatch(/accept-encoding/i);
    const plain = await first.text();
    const br = await app.request('/page', { headers: { 'accept-encoding': 'gzip, br' } });
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(br.headers.get('vary')).toMatch(/accept-encoding/i);
    expect(br.headers.get('content-type')).toMatch(/^text\/html/);
    expect(brotliDecompressSync(Buffer.from(await br.arrayBuffer())).toString()).toBe(plain);
    const gz = await app.request('/page', { headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString()).toBe(plain);
  });

  it('reads Accept-Encoding with q-values', () => {
    expect(chooseEncoding('gzip, deflate, br')).toBe('br');
    expect(chooseEncoding('br;q=0, gzip;q=0.8')).toBe('gzip');
    expect(chooseEncoding('identity')).toBeUndefined();
    expect(chooseEncoding(undefined)).toBeUndefined();
  });
});
