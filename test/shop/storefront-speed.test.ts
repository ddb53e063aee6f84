/**
 * What makes the storefront fast must not make it wrong: cached pages follow catalog changes,
 * visitors with an id of their own are never served someone else's page, assets go out
 * compressed under content-hashed names, and every page has a favicon and a meta description.
 */
import { brotliDecompressSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app/app.ts';
import { assetPath } from '../../src/kit/web/assets.ts';
import { frame } from '../../src/kit/web/messages.ts';
import { m } from '../../src/shop/shop.messages.ts';
import { createTestServices, type TestServices } from '../support/services.ts';

const html = { accept: 'text/html' };

describe('storefront speed, kept honest', () => {
  let services: TestServices;
  let app: ReturnType<typeof createApp>;
  beforeAll(async () => {
    services = await createTestServices();
    app = createApp(services);
  });
  afterAll(() => services?.close());

  const page = async (path: string, headers: Record<string, string> = {}) =>
    (await app.request(path, { headers: { ...html, ...headers } })).text();

  it('shows a stock change on the cached product page as soon as the catalog is invalidated', async () => {
    const path = '/products/pilvi-robe?lang=en';
    expect(await page(path)).toContain(m.inStock.en);
    await services.database.db
      .updateTable('products')
      .set({ stock: 0 })
      .where('slug', '=', 'pilvi-robe')
      .execute();
    // Within the snapshot's time the page may still say in stock; an invalidation ends that.
    services.shop.catalog.invalidate();
    const after = await page(path);
    expect(after).toContain(m.soldOut.en);
    expect(after).not.toContain('action="/cart/add"');
  });

  it('renders afresh for a visitor with an id of their own, the same page as everyone gets', async () => {
    const anonymous = await page('/?lang=fi');
    const visitor = await page('/?lang=fi', { cookie: 'hs_vid=AAAAAAAAAAAAAAAAAAAAAA' });
    expect(visitor).toBe(anonymous);
  });

  it('serves a cached page compressed, identical to the uncompressed one', async () => {
    const plain = await page('/cookies?lang=sv');
    const res = await app.request('/cookies?lang=sv', {
      headers: { ...html, 'accept-encoding': 'br' },
    });
    expect(res.headers.get('content-encoding')).toBe('br');
    expect(brotliDecompressSync(Buffer.from(await res.arrayBuffer())).toString()).toBe(plain);
  });

  it('links assets under content-hashed names served immutable and compressed', async () => {
    const front = await page('/');
    const css = assetPath('app.css');
    expect(css).toMatch(/^\/assets\/app\.[0-9a-f]{16}\.css$/);
    expect(front).toContain(`href="${css}"`);
    const res = await app.request(css, { headers: { 'accept-encoding': 'gzip, br' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('content-encoding')).toBe('br');
    const plain = await app.request('/assets/app.css');
    expect(plain.headers.get('cache-control')).toBe('public, max-age=3600');
    expect(brotliDecompressSync(Buffer.from(await res.arrayBuffer())).toString()).toBe(
      await plain.text(),
    );
    const product = await page('/products/aurora-lace-balconette');
    expect(product).toContain(`src="${assetPath('shop.js')}"`);
  });

  it('has a favicon: /favicon.ico and a linked SVG, no 404', async () => {
    const ico = await app.request('/favicon.ico');
    expect(ico.status).toBe(200);
    expect(ico.headers.get('content-type')).toBe('image/x-icon');
    expect(Buffer.from(await ico.arrayBuffer()).subarray(0, 4)).toEqual(Buffer.from([0, 0, 1, 0]));
    const svg = assetPath('favicon.svg');
    expect(await page('/privacy')).toContain(
      `<link rel="icon" href="${svg}" type="image/svg+xml"/>`,
    );
    expect((await app.request(svg)).status).toBe(200);
  });

  it('gives every page a meta description in its own language', async () => {
    const description = (h: string) => /<meta name="description" content="([^"]*)"/.exec(h)?.[1];
    for (const lang of ['en', 'fi', 'sv'] as const) {
      expect(description(await page(`/?lang=${lang}`))).toBe(
        m.shopIntro[lang].replace(/"/g, '&quot;'),
      );
      expect(description(await page(`/privacy?lang=${lang}`))).toBe(frame.description[lang]);
      const product = description(await page(`/products/lumi-satin-slip?lang=${lang}`));
      const { description: text } = await services.shop.catalog.product('lumi-satin-slip');
      expect(product).toBe(text[lang].replace(/"/g, '&quot;'));
      expect(product!.length).toBeLessThanOrEqual(160);
    }
  });
});
