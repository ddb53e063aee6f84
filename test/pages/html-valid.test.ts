/**
 * Every page the store serves is valid HTML to an independent validator (issue 18):
 * html-validate's `recommended` rules, with the two style rules set to the way the JSX renderer
 * writes markup (`<meta />` self-closed, boolean attributes as `required=""`), which are
 * equivalent HTML, and checkboxes of one group sharing a name. Everything else stays on: landmarks with unique names, native elements over
 * ARIA roles, input types, autocomplete tokens, ids, nesting. The store, the account, the privacy
 * center, the policy pages, the staff console and the data copy's summary.html, in en, fi and sv.
 * Page output does not depend on the database: the PGlite pass only.
 */
import { strFromU8, unzipSync } from 'fflate';
import { HtmlValidate } from 'html-validate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app/app.ts';
import { pageTestsRun } from '../support/browser.ts';
import { demoCampaign, lateHighRiskBreach } from '../support/console-records.ts';
import { signedInCustomer } from '../support/customers.ts';
import { createTestServices, type TestServices } from '../support/services.ts';
import { profiledCustomer, staffMember } from '../support/staff.ts';

const validator = new HtmlValidate({
  extends: ['html-validate:recommended'],
  rules: {
    'void-style': ['error', { style: 'selfclosing' }],
    'attribute-boolean-style': ['error', { style: 'empty' }],
    // A group of checkboxes shares its name (the staff roles): standard HTML, read as a list.
    'form-dup-name': ['error', { shared: ['radio', 'checkbox', 'button', 'reset', 'submit'] }],
  },
});

async function problems(name: string, html: string): Promise<string[]> {
  const report = await validator.validateString(html);
  return report.results.flatMap((r) =>
    r.messages.map((m) => `${name}: ${m.ruleId} ${m.message} (${m.selector ?? ''})`),
  );
}

describe.runIf(pageTestsRun)('every page is valid HTML', () => {
  let services: TestServices;
  let app: ReturnType<typeof createApp>;
  let customer: string;
  let staff: string;
  let pseudonym: string;
  let requestId: string;
  let objectionId: string;
  let campaignId: string;
  let breachId: string;

  beforeAll(async () => {
    services = await createTestServices();
    app = createApp(services);
    const me = await signedInCustomer(services);
    customer = me.cookie;
    staff = (await staffMember(services, ['owner', 'customer_service', 'dpo', 'marketing'])).cookie;
    const aino = await profiledCustomer(services, {
      name: 'Aino Korhonen',
      email: 'aino@example.fi',
    });
    pseudonym = aino.pseudonym;
    objectionId = (
      await services.rights.requests.create({
        type: 'objection',
        channel: 'staff',
        customerId: aino.id,
        verified: true,
        objection: { scope: 'other', purposes: ['debt_collection'] },
      })
    ).id;
    campaignId = await demoCampaign(services, 'html-valid');
    // A second published version, for the changes page and the change log's links.
    const next = structuredClone(services.policy.manifest);
    next.policy.version += 1;
    next.controller.customerServiceEmail = 'palvelu@hersecret.se';
    await services.policyPublishing.publish({
      significant: false,
      notes: { en: 'A new address.', fi: 'Uusi osoite.', sv: 'En ny adress.' },
      manifest: next,
    });
    const access = await services.rights.requests.create({
      type: 'access',
      channel: 'self_service',
      customerId: me.id,
      verified: true,
    });
    await services.rights.runner.run(access.id);
    requestId = access.id;
    breachId = await lateHighRiskBreach(services, 'html-valid');
  }, 120_000);
  afterAll(() => services?.close());

  const pages: [path: string, who: 'visitor' | 'customer' | 'staff'][] = [
    ['/', 'visitor'],
    ['/category/bras', 'visitor'],
    ['/products/aurora-lace-brief', 'visitor'],
    ['/search?q=lace', 'visitor'],
    ['/cart', 'visitor'],
    ['/checkout', 'visitor'],
    ['/newsletter', 'visitor'],
    ['/account/sign-in', 'visitor'],
    ['/account/register', 'visitor'],
    ['/account', 'customer'],
    ['/account/orders', 'customer'],
    ['/privacy-center', 'visitor'],
    ['/privacy-center', 'customer'],
    ['/privacy-center/consent', 'customer'],
    ['/privacy-center/rectification', 'customer'],
    ['/privacy-center/close-account', 'customer'],
    ['/privacy-center/email-request', 'visitor'],
    ['/privacy', 'visitor'],
    ['/privacy/records', 'visitor'],
    ['/privacy/proof', 'visitor'],
    ['/cookies', 'visitor'],
    ['/no-such-page', 'visitor'],
    ['/staff/sign-in', 'visitor'],
    ['/staff', 'staff'],
    ['/staff/requests', 'staff'],
    ['/staff/customers', 'staff'],
    ['/staff/audit', 'staff'],
    ['/staff/team', 'staff'],
    ['/staff/tokens', 'staff'],
    ['/staff/objections', 'staff'],
    ['/staff/restrictions', 'staff'],
    ['/staff/orders', 'staff'],
    ['/staff/consent', 'staff'],
    ['/staff/account/password', 'staff'],
    ['/staff/campaigns', 'staff'],
    ['/staff/breaches', 'staff'],
    ['/staff/authority-requests', 'staff'],
    ['/staff/policy', 'staff'],
    ['/privacy/changes?from=1&to=2', 'visitor'],
  ];

  for (const lang of ['en', 'fi', 'sv'] as const)
    it(`the store, privacy center, policy and console in ${lang}`, async () => {
      const found: string[] = [];
      const all = [
        ...pages,
        [`/staff/customers/${pseudonym}`, 'staff'] as const,
        [`/staff/requests/${requestId}`, 'staff'] as const,
        [`/staff/objections/${objectionId}`, 'staff'] as const,
        [`/staff/campaigns/${campaignId}`, 'staff'] as const,
        [`/staff/breaches/${breachId}`, 'staff'] as const,
      ];
      for (const [path, who] of all) {
        const url = `${path}${path.includes('?') ? '&' : '?'}lang=${lang}`;
        const cookie = who === 'customer' ? customer : who === 'staff' ? staff : '';
        const res = await app.request(url, {
          headers: { accept: 'text/html', ...(cookie ? { cookie } : {}) },
        });
        expect(res.status, url).toBeLessThan(path === '/no-such-page' ? 500 : 400);
        const html = await res.text();
        expect(html, url).toContain('<!DOCTYPE html>');
        found.push(...(await problems(url, html)));
      }
      expect(found).toEqual([]);
    });

  it('the data copy’s summary.html', async () => {
    const pkg = await services.rights.requests.packageFor(requestId);
    const summary = strFromU8(unzipSync(pkg.bytes)['summary.html']!);
    expect(summary).toContain('<html');
    expect(await problems('summary.html', summary)).toEqual([]);
  });

  it('would name a broken page (the validator is not a no-op)', async () => {
    expect(
      await problems(
        'broken',
        '<!DOCTYPE html><html lang="en"><head><title>x</title></head><body><main><section role="region" aria-label="A"><input id="a"></section><p id="a">x</p></main></body></html>',
      ),
    ).not.toEqual([]);
  });
});
