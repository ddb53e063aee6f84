/**
 * The privacy center's pages in a real browser: no axe violations (WCAG 2.1 AA rules) in any
 * language, signed in and signed out, and no CSP violation (no inline script or style).
 */
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  answerBanner,
  launchChromium,
  pageTestsRun,
  watchCspViolations,
  wcagViolations,
} from '../support/browser.ts';
import { signedInCustomer } from '../support/customers.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

describe.runIf(pageTestsRun)('privacy center pages are accessible', () => {
  let server: TestServer;
  let browser: Browser;
  let visitor: Page;
  let customer: Page;
  /** One list per page, filled as long as the page lives. */
  const cspViolations: string[][] = [];

  async function pageFor(cookie?: string): Promise<Page> {
    const context = await browser.newContext({ baseURL: server.url });
    if (cookie) {
      const [name, value] = cookie.split('=') as [string, string];
      await context.addCookies([{ name, value, url: server.url }]);
    }
    const page = await context.newPage();
    cspViolations.push(watchCspViolations(page));
    // Answer the cookie banner once (functional only), so it does not cover the forms.
    await answerBanner(page, '/privacy-center');
    return page;
  }

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchChromium();
    visitor = await pageFor();
    customer = await pageFor((await signedInCustomer(server.running.services)).cookie);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  for (const lang of ['en', 'fi', 'sv']) {
    it(`signed out, in ${lang}`, async () => {
      for (const path of ['/privacy-center', '/privacy-center/email-request']) {
        await visitor.goto(`${path}?lang=${lang}`);
        expect(await visitor.getAttribute('html', 'lang')).toBe(lang);
        expect(await wcagViolations(visitor), `${path} ${lang}`).toEqual([]);
      }
    });

    it(`signed in, in ${lang}`, async () => {
      for (const path of [
        '/privacy-center',
        '/privacy-center/consent',
        '/privacy-center/rectification',
        '/privacy-center/close-account',
      ]) {
        await customer.goto(`${path}?lang=${lang}`);
        // Signed in: the page itself, not the sign-in form it would send a visitor to.
        expect(new URL(customer.url()).pathname).toBe(path);
        expect(await customer.getAttribute('html', 'lang')).toBe(lang);
        expect(await wcagViolations(customer), `${path} ${lang}`).toEqual([]);
      }
    });
  }

  it('shows the email request form’s errors accessibly', async () => {
    await visitor.goto('/privacy-center/email-request?lang=en');
    await visitor.getByLabel('Email address').fill('not an address');
    await visitor.getByRole('button', { name: 'Send the request' }).click();
    await visitor.getByText('Enter an email address like name@example.com.').first().waitFor();
    expect(await wcagViolations(visitor)).toEqual([]);
  });

  it('has no Content Security Policy violation on any of them', () => {
    expect(cspViolations.flat()).toEqual([]);
  });
});
