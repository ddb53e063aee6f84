/**
 * The privacy center's consent page in Chromium: accessible in every language (axe, WCAG 2.1 AA),
 * a change made there lands in the ledger next to the banner's choice, and the proof export shows
 * both with the banner text as shown.
 */
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.ts';
import { launchChromium, pageTestsRun, wcagViolations } from '../support/browser.ts';

interface Proof {
  records: { source: string; decisions: Record<string, boolean>; textHash: string | null }[];
  texts: Record<string, { verified: boolean }>;
}

describe.runIf(pageTestsRun)('privacy center: cookie choices', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchChromium();
    page = await (await browser.newContext({ baseURL: server.url })).newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('records the banner choice, then a change from the privacy center, and proves both', async () => {
    await page.goto('/privacy-center/consent?lang=en');
    await page.getByRole('dialog').getByRole('button', { name: 'Reject all' }).click();
    await expect
      .poll(
        async () =>
          ((await (await page.request.get('/api/consent/proof')).json()) as Proof).records.length,
      )
      .toBe(1);

    await page.goto('/privacy-center/consent?lang=en');
    await page.getByLabel(/^Analytics/).check();
    await page.getByRole('button', { name: 'Save choices' }).click();
    await page.waitForURL('**/privacy-center/consent?saved=1*');
    await expect.poll(() => page.getByRole('status').textContent()).toContain('saved');
    expect(await page.getByLabel(/^Analytics/).isChecked()).toBe(true);

    const proof = (await (await page.request.get('/api/consent/proof')).json()) as Proof;
    expect(proof.records.map((r) => [r.source, r.decisions.analytics])).toEqual([
      ['banner', false],
      ['privacy_center', true],
    ]);
    for (const r of proof.records) expect(proof.texts[r.textHash ?? '']?.verified).toBe(true);
  });

  for (const lang of ['en', 'fi', 'sv']) {
    it(`has no axe violations in ${lang}`, async () => {
      await page.goto(`/privacy-center/consent?lang=${lang}`);
      expect(await page.getAttribute('html', 'lang')).toBe(lang);
      expect(await wcagViolations(page)).toEqual([]);
    });
  }
});
