/**
 * The whole purchase in a real browser against a real server and a real SMTP server: a new
 * visitor registers, browses, fills the cart, checks out with each carrier and each payment
 * method (and meets the inline error of an invalid identity code), sees the orders and reviews a
 * product. axe finds no WCAG 2.1 A or AA violation on the checkout and order pages.
 */
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.ts';
import { startSmtp, type TestSmtp } from '../support/smtp.ts';
import {
  launchChromium,
  pageTestsRun,
  watchCspViolations,
  wcagViolations,
} from '../support/browser.ts';

const email = 'ostaja@example.fi';
const product = '/products/aurora-lace-brief';

describe.runIf(pageTestsRun)('checkout in the browser', () => {
  let server: TestServer;
  let smtp: TestSmtp;
  let browser: Browser;
  let page: Page;
  let cspViolations: string[];

  beforeAll(async () => {
    smtp = await startSmtp();
    server = await startTestServer({ SMTP_URL: smtp.url });
    browser = await launchChromium();
    page = await (await browser.newContext({ baseURL: server.url })).newPage();
    cspViolations = watchCspViolations(page);
    await page.goto('/?lang=en');
    await page.getByRole('button', { name: /Reject all/ }).click();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await smtp?.stop();
  });

  async function fillCart() {
    await page.goto(product);
    await page.selectOption('#size', 'M');
    await page.fill('#quantity', '5');
    await page.click('form.add-to-cart button[type=submit]');
    await page.waitForURL('**/cart**');
  }

  async function checkout(carrier: string, payment: string, extra: () => Promise<void>) {
    await page.goto('/checkout');
    await page.fill('#f-street', 'Kauppakatu 1');
    await page.fill('#f-postalCode', '70100');
    await page.fill('#f-city', 'Kuopio');
    await page.click('button[value=update]');
    await page.waitForSelector('input[name=expectedTotalCents]', { state: 'attached' });
    await page.check(`#carrier-${carrier}`);
    await page.check(`#pay-${payment}`);
    await extra();
    await page.click('button[value=place]');
  }

  it('registers, browses and fills the cart', async () => {
    await page.goto('/account/register');
    await page.fill('#f-email', email);
    await page.fill('#f-password', 'ostajan oma salalause');
    await page.fill('#f-name', 'Olga Ostaja');
    await page.check('#f-acceptPolicy');
    await page.click('button[type=submit]');
    await page.waitForURL('**/account/check-email');
    await page.goto('/account/sign-in');
    await page.fill('#f-email', email);
    await page.fill('#f-password', 'ostajan oma salalause');
    await page.click('form[action="/account/sign-in"] button[type=submit]');
    await page.waitForURL('**/account');
    await page.fill('#f-phone', '+358 40 765 4321');
    await page.click('form[action="/account"] button[type=submit]');
    await page.waitForURL('**/account?saved=1');
    // Signed in, with the phone saved to the profile the checkout prefills from.
    expect(await page.inputValue('#f-phone')).toBe('+358 40 765 4321');
    await page.goto('/');
    await page.click(`a[href="${product}"]`);
    await fillCart();
    // The cart holds the chosen product, size and quantity, priced by the server.
    const line = page.getByRole('spinbutton', { name: /Aurora lace brief M/ });
    expect(await line.inputValue()).toBe('5');
    expect(await wcagViolations(page)).toEqual([]);
  }, 60_000);

  it('refuses an invalid identity code inline, accessibly', async () => {
    await checkout('budbee', 'invoice', () => page.fill('#f-identityCode', '131052-308X'));
    await page.waitForSelector('#f-identityCode-error');
    expect(await page.getAttribute('#f-identityCode', 'aria-invalid')).toBe('true');
    expect(await page.textContent('#f-identityCode-error')).toMatch(/check/i);
    expect(await page.inputValue('#f-identityCode')).toBe('');
    expect(await page.inputValue('#f-name')).toBe('Olga Ostaja');
    expect(await wcagViolations(page)).toEqual([]);
  }, 60_000);

  const cases: [string, string, (p: Page) => Promise<void>][] = [
    ['budbee', 'invoice', (p) => p.fill('#f-identityCode', '131052-308T')],
    ['posti', 'card', (p) => p.fill('#f-cardNumber', '4111 1111 1111 1111')],
    ['db_schenker', 'bank', async (p) => void (await p.selectOption('#f-bank', 'op'))],
    ['posti', 'part_payment', (p) => p.fill('#f-identityCode', '131052-308T')],
  ];
  for (const [carrier, payment, extra] of cases) {
    it(`checks out with ${carrier} and ${payment}`, async () => {
      if (!(carrier === 'budbee' && payment === 'invoice')) await fillCart();
      const mailsBefore = smtp.messages.length;
      await checkout(carrier, payment, () => extra(page));
      await page.waitForURL('**/account/orders/*?placed=1');
      expect(await page.textContent('[role=status]')).toContain('Your order was placed');
      expect(await wcagViolations(page)).toEqual([]);
      // An invoice or part payment also brings the Art. 14 notice about Avarda's data.
      const mail = await smtp.waitFor(email, { after: mailsBefore, subject: /^Order HS-/ });
      expect(mail.text).toContain('HS-');
    }, 60_000);
  }

  it('a declined card is explained and nothing is ordered', async () => {
    await fillCart();
    await checkout('posti', 'card', () => page.fill('#f-cardNumber', '4000 0000 0000 0002'));
    await page.waitForSelector('.error-summary');
    expect(await page.textContent('.error-summary')).toMatch(/declined/);
    await page.goto('/account/orders');
    expect(await page.locator('table.orders tbody tr').count()).toBe(4);
    expect(await wcagViolations(page)).toEqual([]);
    for (const lang of ['fi', 'sv']) {
      await fillCart();
      await page.goto(`/checkout?lang=${lang}&postalCode=70100`);
      expect(await page.getAttribute('html', 'lang')).toBe(lang);
      expect(await wcagViolations(page), lang).toEqual([]);
    }
    await page.goto('/checkout?lang=en');
  }, 60_000);

  it('reviews a bought product; the text is shown as text', async () => {
    await page.goto(`${product}#reviews`);
    await page.check('#rating-4');
    await page.fill('#f-displayName', 'Olga O.');
    await page.fill('#f-text', 'Soft and pretty <b>really</b>');
    await page.click('form.review-form button[type=submit]');
    await page.waitForURL('**reviewed=1**');
    expect(await page.textContent('.review-text')).toBe('Soft and pretty <b>really</b>');
    expect(await page.locator('.review b').count()).toBe(0);
    expect(cspViolations).toEqual([]);
  }, 60_000);
});
