/**
 * axe on every console page, in Chromium: each page opened (with data on it: an objection to
 * decide, a restriction, orders, consent choices with and without a GPC signal) as a staff member
 * whose roles may see it, in en and fi, must have no WCAG 2.1 A/AA violation and no CSP violation.
 * The list is checked against the route table, so a new console page without a check here fails.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Services } from '../../src/app/services.ts';
import { insertRestriction } from '../../src/rights/restriction/restrictions.repository.ts';
import { staffRoutes } from '../../src/staff/access/permissions.ts';
import { demoCampaign, lateHighRiskBreach } from '../support/console-records.ts';
import { bannerChoice } from '../support/consent.ts';
import {
  answerBanner,
  launchChromium,
  pageTestsRun,
  watchCspViolations,
  wcagCheck,
} from '../support/browser.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { profiledCustomer, staffMember } from '../support/staff.ts';

let server: TestServer;
let services: Services;
let browser: Browser;
let page: Page;
let csp: string[];
const paths = new Map<string, string>();

/** GET console pages that need no parameter, or that get one below. */
const pagePaths = () => [
  '/staff',
  '/staff/customers',
  `/staff/customers/${paths.get('pseudonym')}`,
  '/staff/requests',
  `/staff/requests/${paths.get('request')}`,
  '/staff/objections',
  `/staff/objections/${paths.get('objection')}`,
  '/staff/restrictions',
  '/staff/orders',
  '/staff/consent',
  '/staff/audit',
  '/staff/team',
  '/staff/tokens',
  '/staff/account/password',
  '/staff/reauth',
  '/staff/campaigns',
  `/staff/campaigns/${paths.get('campaign')}`,
  '/staff/breaches',
  `/staff/breaches/${paths.get('breach')}`,
  '/staff/authority-requests',
  '/staff/retention',
  '/staff/policy',
];

describe.runIf(pageTestsRun)('every console page is axe-clean', () => {
  beforeAll(async () => {
    server = await startTestServer();
    services = server.running.services;
    browser = await launchChromium();
    const customer = await profiledCustomer(services, {
      name: 'Kaisa Mäkelä',
      email: 'kaisa.makela@example.fi',
      birthday: '1975-06-01',
    });
    paths.set('pseudonym', customer.pseudonym);
    const rectification = await services.rights.requests.create({
      type: 'rectification',
      channel: 'staff',
      customerId: customer.id,
      verified: true,
    });
    paths.set('request', rectification.id);
    const objection = await services.rights.requests.create({
      type: 'objection',
      channel: 'staff',
      customerId: customer.id,
      verified: true,
      objection: { scope: 'other', purposes: ['debt_collection'] },
    });
    paths.set('objection', objection.id);
    await services.orders.place({
      customerId: customer.id,
      lang: 'fi',
      cart: [{ slug: 'aurora-lace-brief', size: 'M', quantity: 1 }],
      contact: {
        name: 'Kaisa Mäkelä',
        email: 'kaisa.makela@example.fi',
        phone: '+358401234567',
        street: 'Puijonkatu 5',
        postalCode: '70100',
        city: 'Kuopio',
      },
      carrier: 'posti',
      paymentMethod: 'invoice',
      identityCode: '131052-308T',
      whatsappNotices: false,
    });
    // Restricted after the order: a restricted customer's order is refused at the credit check.
    await insertRestriction(services.database.db, {
      customerId: customer.id,
      requestId: null,
      since: new Date(),
    });
    await services.consent.ensureTexts();
    for (const [i, gpc] of [false, true, false].entries())
      await services.consent.record(
        bannerChoice(services.consent, {
          subject: { visitorId: `v-axe-${i}` },
          decisions: { analytics: i !== 1, marketing: false, personalisation: i === 0 },
          signals: { gpc, dnt: false },
        }),
      );
    await services.consent.flush();
    paths.set('campaign', await demoCampaign(services, 'axe'));
    paths.set('breach', await lateHighRiskBreach(services, 'axe'));
    // The retention page with a run and a hold in force on it (its extend and release forms).
    await services.retention.run('api');
    await services.retention.holds.place({
      customerId: customer.id,
      reason: 'Dispute axe-1',
      until: new Date(Date.now() + 30 * 86_400_000),
      placedBy: 'cli',
    });

    const staff = await staffMember(services, ['owner', 'dpo', 'customer_service', 'marketing']);
    const context = await browser.newContext({ baseURL: server.url });
    const [name, value] = staff.cookie.split('=') as [string, string];
    await context.addCookies([{ name, value, url: server.url }]);
    page = await context.newPage();
    csp = watchCspViolations(page);
    await answerBanner(page, '/staff?lang=en');
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('checks every GET console page the route table declares', () => {
    const declared = Object.entries(staffRoutes)
      .filter(([key, rule]) => key.startsWith('GET ') && rule !== 'public' && rule !== 'pending')
      .map(([key]) => key.slice(4).replace(/:[a-z]+/g, ':param'));
    const checked = new Set(
      pagePaths().map((p) =>
        p.replace(
          /\/(customers|requests|objections|campaigns|breaches)\/[^/]+$/,
          (_m, s: string) => `/${s}/:param`,
        ),
      ),
    );
    expect(declared.filter((p) => !checked.has(p))).toEqual([]);
  });

  for (const lang of ['en', 'fi'] as const)
    it(`in ${lang}`, async () => {
      const found: string[] = [];
      for (const path of pagePaths()) {
        const res = await page.goto(`${path}?lang=${lang}`);
        expect(res?.status(), path).toBe(200);
        const { violations, passed } = await wcagCheck(page);
        expect(passed, path).toBeGreaterThan(5);
        found.push(...violations.map((v) => `${path}: ${v}`));
      }
      // The charts are on the page (consent choices were made today).
      await page.goto(`/staff/consent?lang=${lang}`);
      expect(await page.locator('svg[data-chart]').count()).toBeGreaterThanOrEqual(3);
      expect(found).toEqual([]);
      expect(csp).toEqual([]);
    }, 180_000);
});
