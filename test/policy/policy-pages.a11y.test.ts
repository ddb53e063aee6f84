/**
 * The policy documents in a real browser: no axe violations (WCAG 2.1 AA) in any language, no
 * CSP violation, and the footer's "Cookie settings" link lands on the settings area.
 */
import { AxeBuilder } from '@axe-core/playwright';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.ts';
import { launchChromium } from '../support/browser.ts';

describe('policy pages are accessible', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  const cspViolations: string[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchChromium();
    page = await (await browser.newContext({ baseURL: server.url })).newPage();
    page.on('console', (msg) => {
      if (/Content Security Policy/i.test(msg.text())) cspViolations.push(msg.text());
    });
    // Answer the cookie banner once (functional only), so it does not cover the page.
    await page.goto('/privacy');
    await page.getByRole('button', { name: /Reject all|Hylkää kaikki|Avvisa alla/ }).click();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function axe(): Promise<string[]> {
    const result = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
      .analyze();
    return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`);
  }

  for (const lang of ['en', 'fi', 'sv']) {
    it(`privacy policy, cookie declaration and records in ${lang}`, async () => {
      for (const path of ['/privacy', '/cookies', '/privacy/records']) {
        await page.goto(`${path}?lang=${lang}`);
        expect(await page.getAttribute('html', 'lang')).toBe(lang);
        expect(await axe(), `${path} ${lang}`).toEqual([]);
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
