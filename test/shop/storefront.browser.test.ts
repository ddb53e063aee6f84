/**
 * The storefront in Chromium against the real server (`start()` on a random port, over PGlite
 * in a temporary directory; page behaviour, so the PGlite pass only): accessibility by axe-core,
 * the cart by keyboard alone, the delivery estimate with and without JavaScript, and the `hs_delivery`
 * item the script keeps.
 */
import { type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, pageTestsRun, wcagViolations } from '../support/browser.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** A fresh profile that has answered the cookie banner (functional cookies only). */
async function visit(path: string, options: BrowserContextOptions = {}) {
  const context = await browser.newContext({ baseURL: server.url, ...options });
  const page = await context.newPage();
  await page.goto(path);
  if (options.javaScriptEnabled !== false) {
    await page.getByRole('button', { name: /Reject all|Hylkää kaikki|Avvisa alla/ }).click();
  }
  return { context, page };
}

const postal = (page: Page) => page.getByRole('textbox', { name: 'Postal code' });

/** Presses Tab until the element with this id has focus; fails if it is not reachable. */
async function tabTo(page: Page, id: string) {
  for (let i = 0; i < 80; i++) {
    if (await page.evaluate((want) => document.activeElement?.id === want, id)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`#${id} is not reachable with the Tab key`);
}

describe.runIf(pageTestsRun)('storefront in a browser', () => {
  it('has no WCAG 2.1 A or AA violation on its pages', async () => {
    const { context, page } = await visit('/');
    await page.goto('/products/linnea-soft-bralette');
    await page.getByRole('button', { name: 'Add to cart' }).click();
    const pages = [
      '/',
      '/?lang=fi',
      '/category/bras',
      '/products/aurora-lace-balconette?lang=sv',
      '/search?q=lace',
      '/search?q=x',
      '/cart',
      '/delivery?postalCode=96100',
    ];
    for (const p of pages) {
      await page.goto(p);
      expect({ page: p, violations: await wcagViolations(page) }).toEqual({
        page: p,
        violations: [],
      });
    }
    await context.close();
  });

  it('fills and changes the cart by keyboard alone', async () => {
    const { context, page } = await visit('/products/ilta-plunge-bra');
    await tabTo(page, 'size');
    await page.keyboard.press('ArrowDown'); // 70C
    await tabTo(page, 'quantity');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('2');
    await page.keyboard.press('Tab');
    await Promise.all([page.waitForURL('**/cart?notice=added'), page.keyboard.press('Enter')]);
    await expect(page.getByRole('status').first().textContent()).resolves.toContain('Added');
    const row = page.getByRole('row', { name: /Ilta plunge bra/ });
    await expect(row.textContent()).resolves.toContain('70C');
    await expect(row.textContent()).resolves.toContain('€129.80');

    await tabTo(page, 'qty-0');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('3');
    await Promise.all([page.waitForURL('**/cart?notice=updated'), page.keyboard.press('Enter')]);
    await expect(
      page.getByRole('row', { name: /Ilta plunge bra/ }).textContent(),
    ).resolves.toContain('€194.70');
    await context.close();
  });

  it('estimates delivery in place and remembers the postal code for 90 days', async () => {
    const { context, page } = await visit('/products/pilvi-robe');
    const url = page.url();
    await postal(page).fill('70620');
    await postal(page).press('Enter');
    const table = page.locator('[data-delivery-results] table');
    await table.waitFor();
    await expect(table.textContent()).resolves.toMatch(/Posti1 business day€5\.90/);
    expect(page.url()).toBe(url);

    const stored = (await page.evaluate(() => localStorage.getItem('hs_delivery'))) ?? '';
    const item = JSON.parse(stored) as { postalCode: string; expires: number };
    expect(item.postalCode).toBe('70620');
    const days = (item.expires - (await page.evaluate(() => Date.now()))) / 86_400_000;
    expect(days).toBeGreaterThan(89.9);
    expect(days).toBeLessThanOrEqual(90);

    await page.goto('/cart');
    await expect(postal(page).inputValue()).resolves.toBe('70620');
    await page.locator('[data-delivery-results] table').waitFor();

    await postal(page).fill('706');
    await page.getByRole('button', { name: 'Show delivery times' }).click();
    await page.waitForFunction(() => document.getElementById('postal-error')?.textContent !== '');
    await expect(page.locator('#postal-error').textContent()).resolves.toContain('five digits');
    await expect(postal(page).getAttribute('aria-invalid')).resolves.toBe('true');
    await context.close();
  });

  it('works without JavaScript: add to cart and delivery times', async () => {
    const { context, page } = await visit('/products/silkki-sleep-mask', {
      javaScriptEnabled: false,
    });
    await Promise.all([
      page.waitForURL('**/cart?notice=added'),
      page.getByRole('button', { name: 'Add to cart' }).click(),
    ]);
    await expect(
      page.getByRole('row', { name: /Silkki sleep mask/ }).textContent(),
    ).resolves.toContain('One size');
    await postal(page).fill('00100');
    await Promise.all([
      page.waitForURL('**/delivery?postalCode=00100'),
      page.getByRole('button', { name: 'Show delivery times' }).click(),
    ]);
    await expect(page.locator('table').textContent()).resolves.toContain('Budbee');
    await context.close();
  });
});
