/**
 * `custodian scan` in a real browser. On the shipped store it finds nothing while seeing what a
 * visitor gets (so an empty report is not an empty scan); on a store with a careless change it
 * names each broken promise with the page and the step that caused it.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../src/app/cli.ts';
import type { Manifest } from '../../src/core/manifest/manifest.ts';
import type { ScanResult } from '../../src/policy/scan/scan.ts';
import { scanStore } from '../../src/policy/scan/store-scan.ts';
import { launchChromium, pageTestsRun } from '../support/browser.ts';
import { shippedManifest } from '../support/consent.ts';
import { startInjectedStore, type InjectedStore } from './injected-store.ts';

describe.runIf(pageTestsRun)('custodian scan', () => {
  it('finds nothing on the shipped store, in three languages and three consent modes', async () => {
    const out: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((line: string) => void out.push(line));
    let code: number;
    try {
      code = await runCli(['scan', '--json']);
    } finally {
      log.mockRestore();
    }
    const result = JSON.parse(out.join('\n')) as ScanResult;
    expect(result.findings).toEqual([]);
    expect(code).toBe(0);
    // 3 modes × 3 languages × (8 pages + banner + cart + delivery), less the banner click under GPC.
    expect(result.steps).toBe(3 * 3 * 11 - 3);
    const seen = (mode: string) =>
      new Set(result.cookies.filter((c) => c.at.mode === mode).map((c) => c.name));
    expect([...seen('accept')].sort()).toEqual(
      ['_ga', '_ga_HS', 'hs_cart', 'hs_consent', 'hs_lang', 'hs_vid'].sort(),
    );
    expect([...seen('refuse')].sort()).toEqual(
      ['hs_cart', 'hs_consent', 'hs_lang', 'hs_vid'].sort(),
    );
    expect([...seen('gpc')].sort()).toEqual(['hs_cart', 'hs_consent', 'hs_lang', 'hs_vid'].sort());
    const hsVid = result.cookies.find((c) => c.name === 'hs_vid');
    expect(hsVid).toMatchObject({ party: 'first', httpOnly: true, setBy: '/api/consent' });
    expect(result.storage.map((s) => s.key)).toContain('hs_delivery');
    expect(result.requests).toEqual([]);
    expect(result.cookieResponses.map((r) => r.path)).toEqual(
      expect.arrayContaining(['/api/consent', '/cart/add']),
    );
  }, 240_000);

  describe('on a store with undeclared cookies, lifetimes and origins', () => {
    let store: InjectedStore;
    let browser: Browser;
    let result: ScanResult;

    beforeAll(async () => {
      store = await startInjectedStore();
      browser = await launchChromium();
      const shipped = await shippedManifest();
      // The fixture declares one pixel host for the analytics recipient, not the other.
      const manifest: Manifest = structuredClone(shipped);
      const [firstRecipient] = Object.keys(manifest.recipients);
      manifest.recipients[firstRecipient!]!.origins = [store.declaredOrigin];
      result = await scanStore({ url: store.url, manifest, browser, langs: ['en'] });
    }, 240_000);

    afterAll(async () => {
      await browser?.close();
      await store?.stop();
    });

    const finding = (kind: string, subject: string) =>
      result.findings.filter((f) => f.kind === kind && f.subject === subject);

    it('reports an undeclared cookie with the page that set it', () => {
      expect(finding('undeclared_cookie', 'hs_tracker')).toEqual([
        expect.objectContaining({
          at: expect.objectContaining({ page: 'category', action: 'load' }) as unknown,
          seenIn: ['refuse/en', 'accept/en', 'gpc/en'],
        }),
      ]);
      expect(finding('undeclared_cookie', 'hs_tracker')[0]?.message).toContain('set by /category/');
    });

    it('reports a lifetime longer than declared', () => {
      const [longer] = finding('lifetime_exceeded', 'hs_lang');
      expect(longer?.at).toMatchObject({ page: 'search', path: '/search' });
      expect(longer?.message).toMatch(/lives 390 d, the manifest declares 12mo/);
    });

    it('reports an analytics cookie set before consent, and under GPC', () => {
      expect(finding('before_consent', '_ga')).toEqual([
        expect.objectContaining({
          at: expect.objectContaining({ page: 'home', action: 'load' }) as unknown,
          seenIn: ['refuse/en', 'accept/en'],
        }),
      ]);
      expect(finding('under_gpc', '_ga')[0]?.at).toMatchObject({ page: 'home', action: 'load' });
      // The banner deletes it on "Reject all": nothing lingers after the refusal.
      expect(result.findings.filter((f) => f.kind === 'after_refusal')).toEqual([]);
    });

    it('reports a request to an origin no recipient declares, and only that one', () => {
      const origins = result.findings.filter((f) => f.kind === 'undeclared_origin');
      expect(origins.map((f) => f.subject)).toEqual([store.undeclaredOrigin]);
      expect(origins[0]?.at).toMatchObject({ page: 'product', action: 'load' });
      expect(result.requests.map((r) => r.origin)).toContain(store.declaredOrigin);
    });

    it('finds nothing else', () => {
      expect(result.findings.map((f) => `${f.kind} ${f.subject}`).sort()).toEqual(
        [
          'before_consent _ga',
          'under_gpc _ga',
          'undeclared_cookie hs_tracker',
          'lifetime_exceeded hs_lang',
          `undeclared_origin ${store.undeclaredOrigin}`,
        ].sort(),
      );
    });
  });
});
