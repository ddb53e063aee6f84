/**
 * Restriction of processing (Art. 18) through the whole app: a restriction request stops
 * marketing, analytics, recommendations and disclosures while bookkeeping and legal claims go
 * on; staff see the flag; the customer is told (over real SMTP) before it is lifted, and lifting
 * without that notice is refused; once lifted, consent decides again.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsentSubject } from '../../src/consent/consent.ts';
import { DisclosureRefusedError } from '../../src/disclosures/disclosure-gate.ts';
import { subjectOf } from '../../src/newsletter/newsletter.service.ts';
import { bannerChoice } from '../support/consent.ts';
import { signedInCustomer } from '../support/customers.ts';
import { startRightsApp, type RightsApp } from '../support/rights-app.ts';
import type { TestServices } from '../support/services.ts';
import type { TestSmtp } from '../support/smtp.ts';
import { proves } from '../support/proves.ts';

let t: RightsApp;
let services: TestServices;
let smtp: TestSmtp;
let app: RightsApp['app'];
let staff: RightsApp['staff'];
let post: RightsApp['postJson'];

beforeAll(async () => {
  t = await startRightsApp('staff-token-for-restriction-tests-0123');
  ({ services, smtp, app, staff, postJson: post } = t);
}, 60_000);

afterAll(() => t?.stop());

/** A request made through the API by the signed-in customer, then run as the job would. */
async function requestAndRun(cookie: string, body: object): Promise<string> {
  const res = await post('/api/rights/requests', body, { cookie });
  expect(res.status).toBe(201);
  const { id } = (await res.json()) as { id: string };
  await services.rights.runner.run(id);
  return id;
}

async function consentToEverything(subject: ConsentSubject) {
  await services.consent.ensureTexts();
  await services.consent.record(
    bannerChoice(services.consent, {
      subject,
      decisions: { analytics: true, marketing: true, personalisation: true },
    }),
  );
}

/** A confirmed newsletter subscription of the signed-in customer (double opt-in over SMTP). */
async function subscribe(email: string, customerId: string) {
  const before = smtp.messages.length;
  await services.newsletter.subscribe({
    email,
    lang: 'en',
    phone: null,
    consentText: 'Send me the newsletter',
    customerId,
  });
  const mail = await smtp.waitFor(email, { after: before });
  const token = /token=([\w-]+)/.exec(mail.text)?.[1];
  await services.newsletter.confirm(token!);
  return services.database.db
    .selectFrom('newsletter_subscriptions')
    .selectAll()
    .where('customer_id', '=', customerId)
    .executeTakeFirstOrThrow();
}

const shipment = (ref: string) => ({
  name: 'Test Person',
  address: { street: 'Kauppakatu 1', postalCode: '70100', city: 'Kuopio', country: 'FI' },
  parcel: { orderReference: ref, items: 1, weightGrams: 200 },
});

describe('restriction of processing (Art. 18)', () => {
  it(
    'stops marketing, analytics, recommendations and disclosures; bookkeeping goes on',
    proves('right:restriction'),
    async () => {
      const me = await signedInCustomer(services);
      const subject = { customerId: me.id };
      await consentToEverything(subject);
      const subscription = await subscribe(me.email, me.id);
      const { db } = services.database;
      const pseudonym = await services.vault.pseudonym(db, me.id);

      // Before: consent decides, and the customer's views shape the recommendations.
      const bestSellers = await services.shop.recommend({ lang: 'en', limit: 4 });
      const all = await services.shop.catalog.all();
      const target = all.find((p) => p.stock > 0 && p.category !== bestSellers[0]!.category)!;
      for (const purpose of ['targeted_marketing', 'analytics', 'personalisation']) {
        expect(await services.consent.allows(subject, purpose)).toBe(true);
      }
      expect(await services.consent.allows(subjectOf(subscription), 'newsletter')).toBe(true);
      const view = { event: 'product_view', path: '/p', productId: target.slug } as const;
      expect(await services.shop.track!(subject, view)).toBe(true);
      const personal = await services.shop.recommend({ lang: 'en', limit: 4, subject });
      expect(personal.map((p) => p.slug)).not.toEqual(bestSellers.map((p) => p.slug));
      const booked = await services.disclosures.carriers.book('posti', pseudonym, shipment('A-1'));
      expect(booked.trackingId).toMatch(/^JJFI/);

      const id = await requestAndRun(me.cookie, { type: 'restriction' });
      expect((await services.rights.requests.get(id)).status).toBe('done');

      for (const purpose of ['targeted_marketing', 'analytics', 'personalisation', 'newsletter']) {
        expect(await services.consent.explain(subject, purpose)).toEqual({
          allowed: false,
          reason: 'blocked:restriction',
        });
      }
      // Bookkeeping (a legal obligation) and legal claims are not stopped by a restriction.
      expect(await services.consent.allows(subject, 'accounting')).toBe(true);
      expect(await services.consent.allows(subject, 'legal_claims')).toBe(true);
      // The newsletter is skipped, the browsing event not kept, the recommendations not personal.
      expect(await services.newsletter.sendNewsletter({ en: 'Hi', fi: 'Moi', sv: 'Hej' })).toEqual({
        sent: 0,
        skipped: 1,
      });
      expect(await services.shop.track!(subject, view)).toBe(false);
      const after = await services.shop.recommend({ lang: 'en', limit: 4, subject });
      expect(after.map((p) => p.slug)).toEqual(bestSellers.map((p) => p.slug));
      // Nothing leaves the store: the carrier gets nothing and the log records no disclosure.
      const bookings = services.disclosures.simulators.carriers.bookings.length;
      const refused = await services.disclosures.carriers
        .book('posti', pseudonym, shipment('A-2'))
        .catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(DisclosureRefusedError);
      expect((refused as DisclosureRefusedError).reason).toBe('restricted');
      expect(services.disclosures.simulators.carriers.bookings).toHaveLength(bookings);
      expect(await services.disclosures.ofSubject(pseudonym)).toHaveLength(1);
      // Art. 19: the carrier that had the data is told.
      expect((await services.rights.requests.get(id)).notices.map((n) => n.recipient)).toEqual([
        'posti',
      ]);

      // Another customer is not affected.
      const other = await signedInCustomer(services);
      await consentToEverything({ customerId: other.id });
      expect(await services.consent.allows({ customerId: other.id }, 'analytics')).toBe(true);
    },
  );

  it('shows the flag to staff and to the customer, and in the access export', async () => {
    const me = await signedInCustomer(services);
    const stranger = await signedInCustomer(services);
    await requestAndRun(me.cookie, { type: 'restriction' });
    // A second restriction while one holds changes nothing.
    await requestAndRun(me.cookie, { type: 'restriction' });
    const rows = await services.database.db
      .selectFrom('processing_restrictions')
      .selectAll()
      .where('customer_id', '=', me.id)
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.lifted_at).toBeNull();

    const state = await app.request(`/api/staff/customers/${me.id}/restriction`, {
      headers: staff,
    });
    expect(state.status).toBe(200);
    expect(await state.json()).toMatchObject({
      customerId: me.id,
      restricted: true,
      since: rows[0]!.since.toISOString(),
      liftNoticeSentAt: null,
    });

    // Open requests in the staff queue carry the flag (made while the queue is stopped).
    const open = await post('/api/rights/requests', { type: 'access' }, { cookie: me.cookie });
    const theirs = await post(
      '/api/rights/requests',
      { type: 'access' },
      {
        cookie: stranger.cookie,
      },
    );
    const queue = (await (
      await app.request('/api/staff/rights/requests', { headers: staff })
    ).json()) as { requests: { id: string; restricted: boolean }[] };
    const flag = async (res: Response) => {
      const { id } = (await res.json()) as { id: string };
      return queue.requests.find((r) => r.id === id)?.restricted;
    };
    expect(await flag(open)).toBe(true);
    expect(await flag(theirs)).toBe(false);

    const page = await app.request('/privacy-center', {
      headers: { cookie: me.cookie, accept: 'text/html' },
    });
    const html = await page.text();
    expect(html).toContain('Processing of your data is restricted since');
    expect(html).toContain(rows[0]!.since.toISOString().slice(0, 10));
    const strangerPage = await app.request('/privacy-center', {
      headers: { cookie: stranger.cookie, accept: 'text/html' },
    });
    expect(await strangerPage.text()).not.toContain('restricted since');

    const module = services.rights.registry.get('restrictions')!;
    const subject = { customerId: me.id, emailIndex: null };
    const exported = await module.export(services.database.db, subject);
    expect(exported['user.account']).toEqual([
      expect.objectContaining({ processingRestrictedSince: rows[0]!.since.toISOString() }),
    ]);
    // Erasure deletes the restriction with the rest of the account.
    await services.database.db
      .transaction()
      .execute((trx) => module.erase(trx, subject, { requestId: randomUUID(), keep: [] }));
    expect((await services.processing.restrictions.state(me.id)).restricted).toBe(false);
  });

  it('tells the customer before lifting; lifting without the notice is refused', async () => {
    const me = await signedInCustomer(services);
    const subject = { customerId: me.id };
    await consentToEverything(subject);
    await services.database.db
      .updateTable('customers')
      .set({ lang: 'fi' })
      .where('id', '=', me.id)
      .execute();
    await requestAndRun(me.cookie, { type: 'restriction' });
    expect(await services.consent.allows(subject, 'analytics')).toBe(false);
    const base = `/api/staff/customers/${me.id}/restriction`;

    const early = await post(`${base}/lift`, {}, staff);
    expect(early.status).toBe(409);
    expect(((await early.json()) as { message: string }).message).toContain('Art. 18(3)');
    expect(await services.consent.allows(subject, 'analytics')).toBe(false);

    const before = smtp.messages.length;
    const notice = await post(`${base}/lift-notice`, {}, staff);
    expect(notice.status).toBe(200);
    const noticed = (await notice.json()) as { liftNoticeSentAt: string; since: string };
    expect(noticed.liftNoticeSentAt).not.toBeNull();
    const mail = await smtp.waitFor(me.email, { after: before });
    expect(mail.subject).toBe('Tietojesi käsittelyn rajoitus poistetaan');
    expect(mail.text).toContain(noticed.since.slice(0, 10));
    // Still restricted until staff lift it.
    expect(await services.consent.allows(subject, 'analytics')).toBe(false);

    const lifted = await post(`${base}/lift`, {}, staff);
    expect(lifted.status).toBe(200);
    expect(await lifted.json()).toMatchObject({ restricted: false, since: null });
    // Consent decides again: granted stays granted, a refusal stays a refusal.
    expect(await services.consent.explain(subject, 'analytics')).toEqual({
      allowed: true,
      reason: 'consent_given',
    });
    await services.consent.record(
      bannerChoice(services.consent, {
        subject,
        decisions: { analytics: true, marketing: false, personalisation: true },
      }),
    );
    expect(await services.consent.allows(subject, 'targeted_marketing')).toBe(false);
    expect((await post(`${base}/lift`, {}, staff)).status).toBe(404);
    const row = await services.database.db
      .selectFrom('processing_restrictions')
      .selectAll()
      .where('customer_id', '=', me.id)
      .executeTakeFirstOrThrow();
    expect(row.lift_notice_sent_at!.getTime()).toBeLessThanOrEqual(row.lifted_at!.getTime());
  });

  it('refuses bad input cleanly', async () => {
    const me = await signedInCustomer(services);
    const base = `/api/staff/customers/${me.id}/restriction`;
    expect((await app.request(base)).status).toBe(401);
    expect(
      (await app.request(base, { headers: { authorization: `${staff.authorization}x` } })).status,
    ).toBe(403);
    for (const id of ['not-a-uuid', "1' or '1'='1"]) {
      const res = await app.request(`/api/staff/customers/${encodeURIComponent(id)}/restriction`, {
        headers: staff,
      });
      expect(res.status).toBe(404);
    }
    // Nothing to tell or lift when no restriction holds.
    expect((await post(`${base}/lift-notice`, {}, staff)).status).toBe(404);
    expect((await post(`${base}/lift`, {}, staff)).status).toBe(404);
    expect(await (await app.request(base, { headers: staff })).json()).toMatchObject({
      restricted: false,
    });
    // The database itself refuses a lift without a notice.
    const id = await requestAndRun(me.cookie, { type: 'restriction' });
    expect(id).toBeTruthy();
    await expect(
      services.database.db
        .updateTable('processing_restrictions')
        .set({ lifted_at: new Date() })
        .where('customer_id', '=', me.id)
        .execute(),
    ).rejects.toThrow();
  });
});
