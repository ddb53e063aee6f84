/**
 * The newsletter in Chromium against the real server and a real SMTP server: sign up from the
 * footer link, confirm through the link in the received email, unsubscribe with the button the
 * newsletter's link opens; axe-core finds no WCAG 2.1 A or AA violation on the way.
 */
import { type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.ts';
import { startSmtp, type TestSmtp } from '../support/smtp.ts';
import { launchChromium, pageTestsRun, wcagViolations } from '../support/browser.ts';

let server: TestServer;
let smtp: TestSmtp;
let browser: Browser;

beforeAll(async () => {
  smtp = await startSmtp();
  server = await startTestServer({ SMTP_URL: smtp.url });
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await smtp?.stop();
});

describe.runIf(pageTestsRun)('newsletter in a browser', () => {
  it('signs up, confirms from the received email and unsubscribes with one click', async () => {
    const email = 'selma.browser@example.fi';
    const context = await browser.newContext({ baseURL: server.url });
    const page = await context.newPage();
    await page.goto('/');
    await page.getByRole('button', { name: 'Reject all' }).click();
    await page.getByRole('link', { name: 'Newsletter' }).click();
    expect(await wcagViolations(page)).toEqual([]);

    await page.getByLabel('Email address').fill('not an address');
    await page.getByRole('button', { name: 'Subscribe' }).click();
    await expect.poll(() => page.getByText('Enter a valid email address.').count()).toBe(1);
    expect(await wcagViolations(page)).toEqual([]);

    await page.getByLabel('Email address').fill(email);
    await page.getByRole('button', { name: 'Subscribe' }).click();
    await page.getByRole('status').getByText('Almost done').waitFor();

    const mail = await smtp.waitFor(email);
    const link = /(http\S+\/newsletter\/confirm\?token=[\w-]+)/.exec(mail.text)?.[1];
    expect(link).toBeDefined();
    await page.goto(link!);
    await page.getByRole('status').getByText('subscription is confirmed').waitFor();

    const before = smtp.messages.length;
    const sent = await server.running.services.newsletter.sendNewsletter({
      en: 'New lace bodies.',
      fi: 'Uusia pitsibodyja.',
      sv: 'Nya spetsbodys.',
    });
    expect(sent.sent).toBe(1);
    const issue = await smtp.waitFor(email, { after: before });
    const unsubscribe = /(http\S+\/newsletter\/unsubscribe\?s=[\w-]+&t=[\w-]+)/.exec(
      issue.text,
    )?.[1];
    expect(unsubscribe).toBeDefined();
    await page.goto(unsubscribe!);
    expect(await wcagViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Unsubscribe' }).click();
    await page.getByRole('status').getByText('You are unsubscribed').waitFor();
    await context.close();
  }, 60_000);
});
