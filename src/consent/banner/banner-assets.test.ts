import { gzipSync } from 'node:zlib';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBanner } from '../../../banner/build.mjs';
import { createTestServices, type TestServices } from '../../../test/support/services.ts';
import { createApp } from '../../app/app.ts';
import { assetPath } from '../../kit/web/assets.ts';
import { bannerAssets } from './banner-assets.ts';
import { BannerHead, bannerContext } from './banner-head.tsx';

const gzip9 = (b: Buffer | string) => gzipSync(b, { level: 9 }).length;

describe('consent banner build', () => {
  it('stays within 4 KB gzipped, JS and CSS together, as the server serves them', () => {
    const { js, css } = bannerAssets();
    expect(js.length).toBeGreaterThan(1000);
    expect(css.length).toBeGreaterThan(200);
    expect(gzip9(js) + gzip9(css)).toBeLessThanOrEqual(4096);
  });

  it('serves what the sources build today (dist is never stale)', () => {
    const fresh = buildBanner();
    const { js, css } = bannerAssets();
    expect(js.toString()).toBe(fresh.js);
    expect(css.toString()).toBe(fresh.css);
  });

  it('is one self-contained IIFE: no imports, no eval, no inline styles', () => {
    const js = bannerAssets().js.toString();
    expect(js).toMatch(/^"use strict";\(\(\)=>\{/);
    expect(js).not.toMatch(/\bimport\s*\(|\brequire\(|\beval\(|new Function|setAttribute\("style"/);
  });
});

describe('consent banner on the web', () => {
  let services: TestServices;
  let app: ReturnType<typeof createApp>;
  beforeAll(async () => {
    services = await createTestServices();
    app = createApp(services);
  });
  afterAll(() => services?.close());

  it('serves the script with a content-hash ETag, a year of cache when versioned, and 304s', async () => {
    const { version, js } = bannerAssets();
    const res = await app.request(`/consent/banner.js?v=${version}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(Buffer.from(await res.arrayBuffer()).equals(js)).toBe(true);
    const etag = res.headers.get('etag') ?? '';
    expect(etag).toMatch(/^"[\w-]{16}"$/);

    const plain = await app.request('/consent/banner.js');
    expect(plain.headers.get('cache-control')).toBe('public, max-age=3600');
    const again = await app.request('/consent/banner.js', { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
  });

  it('lets other sites embed the banner files, and nothing else', async () => {
    const css = await app.request('/consent/banner.css');
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(css.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    const other = await app.request('/healthz');
    expect(other.headers.get('cross-origin-resource-policy')).toBe('same-origin');
  });

  it('puts the banner first in every page head, with its first view as inert JSON', async () => {
    const res = await app.request('/no/such/page?lang=sv', { headers: { accept: 'text/html' } });
    const html = await res.text();
    const head = html.slice(0, html.indexOf('</head>'));
    const { version } = bannerAssets();
    const scripts = [...head.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts).toEqual([
      '<script type="application/json" id="custodian-consent-config">',
      `<script src="/consent/banner.js?v=${version}">`,
    ]);
    const json = /id="custodian-consent-config">([^<]*)<\/script>/.exec(head)?.[1] ?? '';
    const embedded = JSON.parse(json) as { lang: string; textHash: string };
    // The first layer's part only: the settings layer fetches the rest when it opens.
    expect(embedded).toEqual(services.consent.firstView('sv'));
    expect(JSON.stringify(embedded).length).toBeLessThan(
      JSON.stringify(services.consent.config('sv')).length / 2,
    );
    const served = await app.request('/consent/config?lang=sv');
    expect(((await served.json()) as { textHash: string }).textHash).toBe(embedded.textHash);
    // The blocked analytics tag is in the page, inert until the banner allows it.
    expect(html).toContain(
      `<script type="text/plain" data-consent="analytics" src="${assetPath('analytics.js')}"></script>`,
    );
  });

  it('cannot be broken out of by text in the configuration', async () => {
    const hostile = '</script><script>alert(1)</script><!--';
    const mini = new Hono();
    mini.use(bannerContext(() => ({ texts: { title: hostile } })));
    mini.get('/', (c) => c.html(BannerHead({ lang: 'en' })));
    const html = await (await mini.request('/')).text();
    const json = /id="custodian-consent-config">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';
    expect(json).not.toContain('<');
    expect(JSON.parse(json)).toEqual({ texts: { title: hostile } });
    expect(html.match(/<script\b/g)).toHaveLength(2);
  });
});
