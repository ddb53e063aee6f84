/**
 * The account pages in a real browser: no axe violations (WCAG 2.1 AA rules) in any language,
 * with and without form errors, and no CSP violation (no inline script or style).
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

describe.runIf(pageTestsRun)('account pages are accessible', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let cspViolations: string[];

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchChromium();
    const context = await browser.newContext({ baseURL: server.url });
    page = await context.newPage();
    cspViolations = watchCspViolations(page);
    // Answer the cookie banner once (functional only), so it does not cover the forms.
    await answerBanner(page, '/account/sign-in');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  for (const lang of ['en', 'fi', 'sv']) {
    it(`register, sign-in and reset pages in ${lang}`, async () => {
      for (const path of ['/account/register', '/account/sign-in', '/account/reset']) {
        await page.goto(`${server.url}${path}?lang=${lang}`);
        expect(await page.getAttribute('html', 'lang')).toBe(lang);
        expect(await wcagViolations(page), `${path} ${lang}`).toEqual([]);
      }
    });
  }

  it('shows form errors next to their fields, accessibly', async () => {
    await page.goto(`${server.url}/account/register?lang=en`);
    await page.fill('#f-email', 'not-an-email');
    await page.fill('#f-password', 'short');
    await page.click('button[type=submit]');
    await page.waitForSelector('.error-summary');
    expect(await page.getAttribute('#f-email', 'aria-invalid')).toBe('true');
    expect(await page.getAttribute('#f-email', 'aria-describedby')).toContain('f-email-error');
    expect(await page.textContent('#f-password-error')).toContain('at least 8');
    expect(await page.inputValue('#f-email')).toBe('not-an-email');
    expect(await page.inputValue('#f-password')).toBe('');
    expect(await wcagViolations(page)).toEqual([]);
  });

  it('registers, signs in and edits the profile in the browser', async () => {
    await page.goto(`${server.url}/account/register?lang=fi`);
    await page.fill('#f-email', 'selain@example.fi');
    await page.fill('#f-password', 'selaimen oma salalause');
    await page.fill('#f-name', 'Selma Selain');
    await page.check('#f-acceptPolicy');
    await page.click('button[type=submit]');
    await page.waitForURL('**/account/check-email');
    await page.goto(`${server.url}/account/sign-in`);
    await page.fill('#f-email', 'selain@example.fi');
    await page.fill('#f-password', 'selaimen oma salalause');
    await page.click('form[action="/account/sign-in"] button[type=submit]');
    await page.waitForURL('**/account');
    expect(await page.inputValue('#f-name')).toBe('Selma Selain');
    expect(await wcagViolations(page)).toEqual([]);
    await page.fill('#f-phone', '+358 40 765 4321');
    await page.click('form[action="/account"] button[type=submit]');
    await page.waitForURL('**/account?saved=1');
    expect(await page.inputValue('#f-phone')).toBe('+358 40 765 4321');
    expect(cspViolations).toEqual([]);
  });
});
