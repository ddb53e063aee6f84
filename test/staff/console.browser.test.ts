/**
 * The staff console end to end in Chromium: an owner adds a staff member; that person enrols TOTP
 * from the QR page's key, cannot reach the console without the code, works a request from the
 * queue to done, reveals one masked field with a reason (after re-authenticating), and the audit
 * page filtered to them shows exactly those entries. Pages are axe-clean with no CSP violation.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Services } from '../../src/app/services.ts';
import { totpCode } from '../../src/staff/totp.ts';
import {
  answerBanner,
  launchChromium,
  watchCspViolations,
  wcagViolations,
} from '../support/browser.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { profiledCustomer, staffMember } from '../support/staff.ts';

let server: TestServer;
let services: Services;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer();
  services = server.running.services;
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function pageWithCookie(cookie?: string): Promise<{ page: Page; csp: string[] }> {
  const context = await browser.newContext({ baseURL: server.url });
  if (cookie) {
    const [name, value] = cookie.split('=') as [string, string];
    await context.addCookies([{ name, value, url: server.url }]);
  }
  const page = await context.newPage();
  return { page, csp: watchCspViolations(page) };
}

describe.skipIf(process.env.CUSTODIAN_TEST_DB === 'postgres')('the staff console', () => {
  it('from a new account to a worked request, a reveal and its audit trail', async () => {
    const customer = await profiledCustomer(services, {
      name: 'Helena Virtanen',
      email: 'helena.virtanen@example.fi',
      birthday: '1980-02-29',
    });
    const request = await services.rights.requests.create({
      type: 'rectification',
      channel: 'staff',
      customerId: customer.id,
      verified: false,
    });

    // The owner adds a data protection officer.
    const owner = await staffMember(services, ['owner']);
    const o = await pageWithCookie(owner.cookie);
    await answerBanner(o.page, '/staff/team?lang=en');
    await o.page.goto('/staff/team?lang=en');
    await o.page.getByLabel('Username').fill('helmi');
    await o.page.locator('#new-dpo').check();
    await o.page.getByRole('button', { name: 'Add', exact: true }).click();
    const password = (await o.page.locator('[data-initial-password]').textContent())!;
    expect(await wcagViolations(o.page)).toEqual([]);

    // helmi signs in: the password alone does not open the console.
    const h = await pageWithCookie();
    await answerBanner(h.page, '/staff/sign-in?lang=en');
    await h.page.goto('/staff/sign-in?lang=en');
    await h.page.getByLabel('Username').fill('helmi');
    await h.page.getByLabel('Password').fill(password);
    await h.page.getByRole('button', { name: 'Continue' }).click();
    await h.page.waitForURL('**/staff/sign-in/enrol');
    expect(await h.page.locator('img[src^="data:image/svg+xml"]').count()).toBe(1);
    expect(await wcagViolations(h.page)).toEqual([]);
    const key = (await h.page.locator('[data-totp-key]').textContent())!;
    await h.page.goto('/staff?lang=en');
    expect(new URL(h.page.url()).pathname).toBe('/staff/sign-in');
    await h.page.goto('/staff/sign-in/enrol?lang=en');
    const key2 = (await h.page.locator('[data-totp-key]').textContent())!;
    expect(key2).not.toBe(key); // a fresh key each time the page opens before enrolment
    await h.page.getByLabel(/Code from your authenticator/).fill(totpCode(key2));
    await h.page.getByRole('button', { name: 'Continue' }).click();
    expect(await h.page.locator('.recovery-codes li').count()).toBe(10);
    await h.page.getByRole('link', { name: 'Go to the console' }).click();

    // The queue: open the request, verify, mark it done.
    await h.page.locator(`[data-request="${request.id}"] a`).click();
    await h.page.getByRole('button', { name: 'Verify identity' }).click();
    await h.page.getByRole('button', { name: 'Mark done' }).click();
    // The run passes the correction on to recipients (Art. 19) as a job, then the request is done.
    await expect
      .poll(
        async () => {
          await h.page.reload();
          return h.page.locator('[data-status]').textContent();
        },
        { timeout: 30_000 },
      )
      .toBe('done');

    // The customer: the birthday is masked until revealed with a reason.
    await h.page.goto('/staff/customers?lang=en');
    await h.page.getByLabel(/Email address, order number/).fill('helena.virtanen@example.fi');
    await h.page.getByRole('button', { name: 'Find' }).click();
    const birthday = h.page.locator('[data-category="user.birthday"]');
    expect(await birthday.textContent()).not.toContain('1980');
    expect(await wcagViolations(h.page)).toEqual([]);
    await birthday.getByLabel('Why do you need to see this?').fill('Checking the rectification');
    await birthday.getByRole('button', { name: 'Reveal' }).click();
    await h.page.waitForURL('**/staff/reauth**');
    await h.page.getByLabel('Password').fill(password);
    // The next time step: the enrolment's code may not be used twice (RFC 6238 §5.2).
    await h.page
      .getByLabel(/Code from your authenticator/)
      .fill(totpCode(key2, new Date(Date.now() + 30_000)));
    await h.page.getByRole('button', { name: 'Continue' }).click();
    await birthday.getByLabel('Why do you need to see this?').fill('Checking the rectification');
    await birthday.getByRole('button', { name: 'Reveal' }).click();
    expect(await h.page.locator('[data-category="user.birthday"]').textContent()).toContain(
      '1980-02-29',
    );

    // The audit page, filtered to helmi, shows exactly what helmi did.
    const helmi = (await services.staff.accounts.findByUsername('helmi'))!;
    await o.page.goto(`/staff/audit?lang=en&staff=${helmi.id}`);
    expect(await o.page.locator('[data-chain]').getAttribute('data-chain')).toBe('ok');
    const actions = await o.page
      .locator('table.audit-log tbody tr')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-action')));
    // Each page of the customer is a view; the reveal page shows the rest of it again.
    expect(actions.reverse()).toEqual([
      'staff.sign_in',
      'request.verify',
      'request.fulfil',
      'customer.view',
      'staff.reauth',
      'customer.view',
      'customer.reveal',
      'customer.view',
    ]);
    expect(await o.page.locator('table.audit-log').textContent()).not.toMatch(
      /Helena|Virtanen|example\.fi|1980|Checking the rectification/,
    );
    expect(await wcagViolations(o.page)).toEqual([]);
    expect([...o.csp, ...h.csp]).toEqual([]);
  }, 120_000);
});
