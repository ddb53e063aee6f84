/**
 * The policy documents in a real browser: no axe violations (WCAG 2.1 AA) in any language, no
 * CSP violation, and the footer's "Cookie settings" link lands on the settings area.
 */
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.ts';
import {
  answerBanner,
  launchChromium,
  pageTestsRun,
  watchCspViolations,
  wcagViolations,
} from '../support/browser.ts';

describe.runIf(pageTestsRun)('policy pages are accessible', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let cspViolations: string[];

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchChromium();
    page = await (await browser.newContext({ baseURL: server.url })).newPage();
    cspViolations = watchCspViolations(page);
    // Answer the cookie banner once (functional only) on the shop's front page: policy pages open
    // no banner over themselves, and a later page must not have one covering it either.
    await answerBanner(page, '/');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  for (const lang of ['en', 'fi', 'sv']) {
    it(`privacy policy, cookie declaration and records in ${lang}`, async () => {
      for (const path of ['/privacy', '/cookies', '/privacy/records']) {
        await page.goto(`${path}?lang=${lang}`);
        expect(await page.getAttribute('html', 'lang')).toBe(lang);
        expect(await wcagViolations(page), `${path} ${lang}`).toEqual([]);
      }
    });
  }

  it('opens the cookie settings area from the footer link, without CSP violations', async () => {
    await page.goto('/cookies?lang=en');
    await page.goto('/cookies#settings');
    expect(await page.locator('#settings:target').count()).toBe(1);
    expect(cspViolations).toEqual([]);
  });
});
