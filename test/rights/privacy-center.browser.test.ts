/**
 * The privacy center end to end in Chromium, against the real server (job queue running) and a
 * real SMTP server, as a customer and as a visitor would use it:
 *
 * - a customer downloads a copy of their data and opens the summary in it, withdraws newsletter
 *   consent, restricts processing and sees personalised recommendations stop, closes the account,
 *   gets the confirmation of what was kept, and can no longer sign in;
 * - a visitor's request by email gets a confirmation link over SMTP; the link asks before it
 *   verifies, and an expired link is refused.
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { strFromU8, unzipSync } from 'fflate';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Services } from '../../src/app/services.ts';
import { categorySlugs } from '../../src/shop/catalog.ts';
import { launchChromium, pageTestsRun } from '../support/browser.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { startSmtp, type TestSmtp } from '../support/smtp.ts';

let smtp: TestSmtp;
let server: TestServer;
let services: Services;
let browser: Browser;

beforeAll(async () => {
  smtp = await startSmtp();
  server = await startTestServer({ SMTP_URL: smtp.url });
  services = server.running.services;
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await smtp?.stop();
});

async function newPage(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: server.url, acceptDownloads: true });
  return { context, page: await context.newPage() };
}

/** The slugs of the front page's "popular" list, as the visitor sees them. */
async function recommended(page: Page): Promise<string[]> {
  await page.goto('/?lang=en');
  const hrefs = await page
    .locator('[data-recommendations] a[href^="/products/"]')
    .evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
  return [...new Set(hrefs.map((h) => h.replace('/products/', '')))];
}

async function productsIn(page: Page, category: string): Promise<string[]> {
  await page.goto(`/category/${category}?lang=en`);
  const hrefs = await page
    .locator('main a[href^="/products/"]')
    .evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
  return [...new Set(hrefs.map((h) => h.replace('/products/', '')))];
}

/** Reloads the privacy center until the newest request of `type` shows `status`. */
async function waitForRequest(page: Page, type: RegExp, status: string): Promise<void> {
  await expect
    .poll(
      async () => {
        await page.goto('/privacy-center?lang=en');
        return page.getByRole('row').filter({ hasText: type }).first().textContent();
      },
      { timeout: 60_000, interval: 300 },
    )
    .toContain(status);
}

describe.runIf(pageTestsRun)('the privacy center in a browser', () => {
  it('serves a customer: copy, withdrawal, restriction, closing the account', async () => {
    const email = `e2e-${randomUUID()}@example.fi`;
    const password = 'northern lights over kallavesi';
    const { context, page } = await newPage();

    // The anonymous best-sellers, from a browser that never signed in.
    const stranger = await newPage();
    await stranger.page.goto('/?lang=en');
    await stranger.page.getByRole('button', { name: 'Reject all' }).click();
    const anonymous = await recommended(stranger.page);
    expect(anonymous.length).toBeGreaterThan(0);
    await stranger.context.close();

    // Register and sign in; accept every cookie category, personalisation included.
    await page.goto('/?lang=en');
    await page.getByRole('button', { name: 'Accept all' }).click();
    const registered = await page.request.post('/account/register', {
      headers: { origin: server.url },
      data: { email, password, name: 'Aino Selain-Testinen', acceptPolicy: true },
    });
    expect(registered.status()).toBe(202);
    await page.goto('/account/sign-in?lang=en');
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByRole('main').getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/account/sign-in'));

    // Subscribe to the newsletter and confirm from the email.
    await page.goto('/newsletter?lang=en');
    await page.getByLabel('Email address').fill(email);
    const beforeSubscribing = smtp.messages.length;
    await page.getByRole('button', { name: 'Subscribe' }).click();
    await page.getByRole('status').getByText('Almost done').waitFor();
    const confirmMail = await smtp.waitFor(email, { after: beforeSubscribing });
    const confirmLink = /(http\S+\/newsletter\/confirm\?token=[\w-]+)/.exec(confirmMail.text)?.[1];
    await page.goto(confirmLink!);
    await page.getByRole('status').getByText('subscription is confirmed').waitFor();

    // Browse one category that is not the best-sellers' first: the front page follows her taste.
    let chosen: string[] = [];
    for (const category of categorySlugs) {
      const slugs = await productsIn(page, category);
      if (slugs.length >= 2 && !slugs.includes(anonymous[0]!)) {
        chosen = slugs;
        break;
      }
    }
    expect(chosen.length).toBeGreaterThan(0);
    await page.goto(`/products/${chosen[0]}?lang=en`);
    await expect.poll(async () => chosen.includes((await recommended(page))[0]!)).toBe(true);

    // 1. A copy of all her data: requested, carried out by the queue, downloaded, summary opened.
    await page.goto('/privacy-center?lang=en');
    await page.getByLabel('A copy of all my data (Art. 15)').check();
    await page.getByRole('button', { name: 'Send the request' }).click();
    await page.getByRole('status').waitFor();
    await waitForRequest(page, /copy of all my data/, 'Done');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download (ZIP: summary, JSON, CSV)' }).click(),
    ]);
    const zip = unzipSync(new Uint8Array(await readFile(await download.path())));
    expect(Object.keys(zip)).toEqual(expect.arrayContaining(['data.json', 'summary.html']));
    expect(strFromU8(zip['data.json']!)).toContain(email);
    const summary = await context.newPage();
    await summary.setContent(strFromU8(zip['summary.html']!));
    await summary.getByRole('heading', { level: 1, name: /Your personal data at/ }).waitFor();
    expect(await summary.textContent('body')).toContain('Office of the Data Protection Ombudsman');
    await summary.close();

    // 2. Withdraw newsletter consent in the privacy center: one button, recorded in the ledger.
    await page.goto('/privacy-center/consent?lang=en');
    await page.getByText('You receive the newsletter').waitFor();
    await page
      .getByRole('button', { name: 'Withdraw newsletter and text message consent' })
      .click();
    await page.getByRole('status').getByText('consent is withdrawn').waitFor();
    await page.getByText('You are not subscribed').waitFor();
    const customerId = (await services.customers.sessions.resolve(
      (await context.cookies()).find((c) => c.name === 'hs_session')!.value,
    ))!.customerId;
    expect(await services.consent.allows({ customerId }, 'newsletter')).toBe(false);

    // 3. Restrict processing: her data is only stored; the front page stops following her.
    await page.goto('/privacy-center?lang=en');
    await page.getByLabel('Restrict processing: only store my data (Art. 18)').check();
    await page.getByRole('button', { name: 'Send the request' }).click();
    await waitForRequest(page, /Restrict processing/, 'Done');
    await page.getByText('Processing of your data is restricted since').waitFor();
    expect(await recommended(page)).toEqual(anonymous);
    expect(await services.consent.allows({ customerId }, 'personalisation')).toBe(false);

    // 4. Close the account: told what is kept first, confirmed with the password, signed out.
    await page.goto('/privacy-center/close-account?lang=en');
    await page.getByRole('heading', { name: 'Close your account' }).waitFor();
    await page.getByLabel(/I understand that closing my account/).check();
    await page.getByLabel('Your current password').fill(password);
    const before = smtp.messages.length;
    await page.getByRole('button', { name: 'Close my account for good' }).click();
    await page.getByRole('heading', { name: 'Your account is being closed' }).waitFor();
    const confirmation = await smtp.waitFor(email, { after: before, timeoutMs: 60_000 });
    expect(confirmation.subject).toBe('Your HerSecret account is closed');

    // She can no longer sign in: the same answer as for an address nobody uses.
    await page.goto('/account/sign-in?lang=en');
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByRole('main').getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByText('The email address or password is not correct.').waitFor();
    await context.close();
  });

  it('serves a visitor by email: a confirmation link that asks first, and an expired one refused', async () => {
    const email = `visitor-${randomUUID()}@example.fi`;
    const { context, page } = await newPage();
    await page.goto('/privacy-center?lang=en');
    await page.getByRole('button', { name: 'Reject all' }).click();
    await page.getByRole('link', { name: /Make a request with your email address/ }).click();

    const ask = async () => {
      await page.getByLabel('Email address').fill(email);
      await page.getByLabel('A copy of all my data (Art. 15)').check();
      const after = smtp.messages.length;
      await page.getByRole('button', { name: 'Send the request' }).click();
      await page.getByRole('heading', { name: 'Check your email' }).waitFor();
      // The answer to the first request (its download link) may arrive in between: take the
      // confirmation mail.
      const verifyLink = /(http\S+\/privacy-center\/verify\/[\w-]{43}\?lang=\w\w)/;
      let link: string | undefined;
      await expect
        .poll(
          () =>
            (link = smtp.messages
              .slice(after)
              .filter((m) => m.to.includes(email))
              .map((m) => verifyLink.exec(m.text)?.[1])
              .find(Boolean)),
          { timeout: 20_000 },
        )
        .toBeDefined();
      return link!;
    };

    // The link opens a page that asks; only the button verifies.
    const link = await ask();
    await page.goto(link);
    await page.getByRole('heading', { name: 'Confirm your request' }).waitFor();
    await page.getByRole('button', { name: 'Confirm the request' }).click();
    await page.getByRole('heading', { name: 'Request confirmed' }).waitFor();

    // A second request; its link expires before she opens it.
    await page.goto('/privacy-center/email-request?lang=en');
    const late = await ask();
    await services.database.db
      .updateTable('dsr_links')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('used_at', 'is', null)
      .where('purpose', '=', 'verify')
      .execute();
    await page.goto(late);
    await page.getByRole('heading', { name: 'This link no longer works' }).waitFor();
    expect(await page.textContent('main')).toContain('This link has expired or was already used');
    await context.close();
  });
});
