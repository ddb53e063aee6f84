/**
 * Objection (Art. 21) through the whole app: to direct marketing it takes effect at once (the
 * consent ledger refuses, the newsletter is unsubscribed, `allows()` answers no); on other
 * grounds it waits for a staff decision with reasons, sealed in the vault, and the person gets
 * the decision over real SMTP (with the complaint route when overruled).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
  t = await startRightsApp('staff-token-for-objection-tests-01234');
  ({ services, smtp, app, staff, postJson: post } = t);
}, 60_000);

afterAll(() => t?.stop());

async function request(cookie: string, body: object): Promise<string> {
  const res = await post('/api/rights/requests', body, { cookie });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

/** A confirmed subscription made as a guest with the account's address (no customer id). */
async function guestSubscription(email: string) {
  const before = smtp.messages.length;
  await services.newsletter.subscribe({
    email,
    lang: 'en',
    phone: '+358401234567',
    consentText: 'Send me the newsletter and offers by SMS',
  });
  const mail = await smtp.waitFor(email, { after: before });
  await services.newsletter.confirm(/token=([\w-]+)/.exec(mail.text)![1]!);
  return services.database.db
    .selectFrom('newsletter_subscriptions')
    .selectAll()
    .where('email_index', '=', services.vault.blindIndex('newsletter', email))
    .executeTakeFirstOrThrow();
}

describe('objection to direct marketing (Art. 21(2)–(3))', () => {
  it(
    'refuses marketing in the consent ledger and unsubscribes, at once and for good',
    proves('right:objection'),
    async () => {
      const me = await signedInCustomer(services);
      const subject = { customerId: me.id };
      await services.consent.ensureTexts();
      await services.consent.record(
        bannerChoice(services.consent, {
          subject,
          decisions: { analytics: true, marketing: true, personalisation: true },
        }),
      );
      const subscription = await guestSubscription(me.email);
      expect(await services.consent.allows(subjectOf(subscription), 'newsletter')).toBe(true);
      expect(await services.consent.allows(subjectOf(subscription), 'sms_marketing')).toBe(true);
      expect(await services.consent.allows(subject, 'targeted_marketing')).toBe(true);

      // No scope: an objection is to direct marketing by default.
      const id = await request(me.cookie, { type: 'objection' });
      await services.rights.runner.run(id);
      const done = await services.rights.requests.get(id);
      expect(done.status).toBe('done');
      expect(done.steps.map((s) => s.step)).toContain('object:objections');

      // The same ledger as the banner shows the refusal, as the person's own choice.
      const latest = await services.consent.latest(subject);
      for (const key of ['marketing', 'personalisation', 'newsletter', 'sms']) {
        expect(latest[key]).toMatchObject({ granted: false, explicit: true });
      }
      const proof = await services.consent.proof(subject);
      expect(JSON.stringify(proof)).toContain('privacy_center');
      expect(latest.analytics?.granted).toBe(true);

      for (const purpose of ['targeted_marketing', 'personalisation']) {
        expect(await services.consent.explain(subject, purpose)).toEqual({
          allowed: false,
          reason: 'refused',
        });
      }
      expect(await services.consent.allows(subjectOf(subscription), 'newsletter')).toBe(false);
      expect(await services.consent.allows(subjectOf(subscription), 'sms_marketing')).toBe(false);
      // Analytics is not marketing: the objection leaves it alone.
      expect(await services.consent.allows(subject, 'analytics')).toBe(true);

      // Unsubscribed as by the one-click link: the subscription is gone, a suppression stays.
      const { db } = services.database;
      expect(
        await db
          .selectFrom('newsletter_subscriptions')
          .select('id')
          .where('id', '=', subscription.id)
          .execute(),
      ).toEqual([]);
      expect(
        await db
          .selectFrom('newsletter_suppressions')
          .select('email_index')
          .where('email_index', '=', subscription.email_index)
          .execute(),
      ).toHaveLength(1);
      expect(await services.newsletter.sendNewsletter({ en: 'x', fi: 'x', sv: 'x' })).toMatchObject(
        {
          sent: 0,
        },
      );

      // Running the request again records nothing more.
      const records = await db.selectFrom('consent_records').select('id').execute();
      await services.rights.runner.run(id);
      expect(await db.selectFrom('consent_records').select('id').execute()).toHaveLength(
        records.length,
      );
    },
  );
});

describe('objection on other grounds (Art. 21(1))', () => {
  it(
    'waits for staff; upheld stops the purpose, with the decision sent to the person',
    proves('right:objection'),
    async () => {
      const me = await signedInCustomer(services);
      const subject = { customerId: me.id };
      const id = await request(me.cookie, {
        type: 'objection',
        scope: 'other',
        purposes: ['debt_collection'],
      });
      await services.rights.runner.run(id);
      expect((await services.rights.requests.get(id)).status).toBe('verified');
      expect(await services.consent.allows(subject, 'debt_collection')).toBe(true);
      // It cannot be run past the decision.
      expect((await post(`/api/staff/rights/requests/${id}/fulfil`, {}, staff)).status).toBe(409);
      const view = await app.request(`/api/staff/rights/requests/${id}/objection`, {
        headers: staff,
      });
      expect(await view.json()).toEqual({
        scope: 'other',
        purposes: ['debt_collection'],
        decision: null,
        decidedAt: null,
        answeredAt: null,
      });

      const reasons = `Your invoice is paid; nothing is left to collect (${randomUUID()}).`;
      const before = smtp.messages.length;
      const res = await post(
        `/api/staff/rights/requests/${id}/decide`,
        { upheld: true, reasons },
        staff,
      );
      expect(res.status).toBe(200);
      const decided = (await res.json()) as {
        request: { status: string };
        objection: { decision: string; answeredAt: string | null };
      };
      expect(decided.objection.decision).toBe('upheld');
      expect(decided.objection.answeredAt).not.toBeNull();
      await services.rights.runner.run(id);
      expect((await services.rights.requests.get(id)).status).toBe('done');

      expect(await services.consent.explain(subject, 'debt_collection')).toEqual({
        allowed: false,
        reason: 'blocked:objection',
      });
      expect(await services.consent.allows(subject, 'customer_experience')).toBe(true);
      // Nothing goes to the collection agency for this person any more.
      const pseudonym = await services.vault.pseudonym(services.database.db, me.id);
      const refused = await services.disclosures.collection
        .submit(pseudonym, {
          name: 'Test Person',
          address: { street: 'Kauppakatu 1', postalCode: '70100', city: 'Kuopio', country: 'FI' },
          invoice: {
            invoiceNumber: '1',
            orderReference: 'A-1',
            amountCents: 1000,
            dueDate: '2026-01-01',
          },
        })
        .catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(DisclosureRefusedError);

      const mail = await smtp.waitFor(me.email, { after: before });
      expect(mail.subject).toBe('Your objection was upheld');
      expect(mail.text).toContain(reasons);
      expect(mail.text).toContain('Collecting overdue invoices');
      // The reasons are sealed, never stored in clear.
      const row = await services.database.db
        .selectFrom('dsr_objections')
        .selectAll()
        .where('request_id', '=', id)
        .executeTakeFirstOrThrow();
      expect(JSON.stringify(row)).not.toContain(reasons);
      expect(row.reasons_sealed).toBeTruthy();

      // Decided once.
      const again = await post(
        `/api/staff/rights/requests/${id}/decide`,
        { upheld: false, reasons: 'changed my mind' },
        staff,
      );
      expect(again.status).toBe(409);
    },
  );

  it(
    'overruled: done, the reasons and the complaint route sent to the person',
    proves('right:complaint'),
    async () => {
      const me = await signedInCustomer(services);
      await services.database.db
        .updateTable('customers')
        .set({ lang: 'sv' })
        .where('id', '=', me.id)
        .execute();
      const id = await request(me.cookie, {
        type: 'objection',
        scope: 'other',
        purposes: ['customer_experience', 'legal_claims'],
      });
      const reasons = 'We need order statistics to keep sizes in stock; they show no names.';
      const before = smtp.messages.length;
      const res = await post(
        `/api/staff/rights/requests/${id}/decide`,
        { upheld: false, reasons },
        staff,
      );
      expect(res.status).toBe(200);
      await services.rights.runner.run(id);
      expect((await services.rights.requests.get(id)).status).toBe('done');
      expect(await services.consent.allows({ customerId: me.id }, 'customer_experience')).toBe(
        true,
      );
      const mail = await smtp.waitFor(me.email, { after: before });
      expect(mail.subject).toBe('Beslut om din invändning');
      expect(mail.text).toContain(reasons);
      expect(mail.text).toContain('tietosuoja.fi');

      // The access export opens the reasons for the person; erasure deletes them and their key.
      const module = services.rights.registry.get('objections')!;
      const s = { customerId: me.id, emailIndex: null };
      const exported = await module.export(services.database.db, s);
      expect(exported['user.consent']).toEqual([
        expect.objectContaining({ decision: 'overruled', reasons }),
      ]);
      await services.database.db
        .transaction()
        .execute((trx) => module.erase(trx, s, { requestId: randomUUID(), keep: [] }));
      expect(await module.export(services.database.db, s)).toEqual({});
    },
  );

  it('keeps a decision whose answer could not be sent, and sends it when decided again', async () => {
    const me = await signedInCustomer(services);
    const id = await request(me.cookie, {
      type: 'objection',
      scope: 'other',
      purposes: ['customer_experience'],
    });
    const reasons = 'Statistics only, and no names in them.';
    const mailer = services.notify.mailer;
    const send = mailer.send.bind(mailer);
    mailer.send = () => Promise.reject(new Error('SMTP down'));
    let first: Response;
    try {
      first = await post(
        `/api/staff/rights/requests/${id}/decide`,
        { upheld: false, reasons },
        staff,
      );
    } finally {
      mailer.send = send;
    }
    expect(first.status).toBe(503);
    expect(((await first.json()) as { message: string }).message).not.toContain(reasons);
    expect(await services.processing.objections.view(id)).toMatchObject({
      decision: 'overruled',
      answeredAt: null,
    });
    // Deciding otherwise is refused; the same decision sends the answer.
    const other = { upheld: true, reasons: 'x' };
    expect((await post(`/api/staff/rights/requests/${id}/decide`, other, staff)).status).toBe(409);
    const before = smtp.messages.length;
    const again = await post(
      `/api/staff/rights/requests/${id}/decide`,
      { upheld: false, reasons: 'ignored: the recorded reasons are sent' },
      staff,
    );
    expect(again.status).toBe(200);
    expect((await smtp.waitFor(me.email, { after: before })).text).toContain(reasons);
    expect((await services.processing.objections.view(id)).answeredAt).not.toBeNull();
  });

  it('refuses bad input cleanly', async () => {
    const me = await signedInCustomer(services);
    const bad = [
      { type: 'objection', scope: 'other' },
      { type: 'objection', scope: 'other', purposes: [] },
      { type: 'objection', scope: 'other', purposes: ['newsletter'] },
      { type: 'objection', scope: 'other', purposes: ['no_such_purpose'] },
      { type: 'objection', scope: 'marketing', purposes: ['debt_collection'] },
      { type: 'objection', scope: 'everything' },
      { type: 'access', scope: 'other', purposes: ['debt_collection'] },
    ];
    for (const body of bad) {
      const res = await post('/api/rights/requests', body, { cookie: me.cookie });
      expect(res.status, JSON.stringify(body)).toBe(400);
    }

    const marketing = await request(me.cookie, { type: 'objection' });
    const other = await request(me.cookie, {
      type: 'objection',
      scope: 'other',
      purposes: ['customer_experience'],
    });
    const decide = (id: string, body: unknown, headers = staff) =>
      post(`/api/staff/rights/requests/${id}/decide`, body, headers);
    expect((await decide(other, { upheld: true, reasons: 'x' }, {} as typeof staff)).status).toBe(
      401,
    );
    for (const body of [
      { upheld: 'yes', reasons: 'x' },
      { upheld: true },
      { upheld: true, reasons: '   ' },
      { upheld: true, reasons: 'x', extra: 1 },
    ]) {
      expect((await decide(other, body)).status, JSON.stringify(body)).toBe(400);
    }
    expect((await decide(marketing, { upheld: true, reasons: 'x' })).status).toBe(409);
    for (const id of [randomUUID(), 'not-a-uuid']) {
      expect((await decide(id, { upheld: true, reasons: 'x' })).status).toBe(404);
      const res = await app.request(`/api/staff/rights/requests/${id}/objection`, {
        headers: staff,
      });
      expect(res.status).toBe(404);
    }
    // An unverified visitor's objection waits for verification before any decision.
    const visitor = await post('/api/rights/requests', {
      type: 'objection',
      scope: 'other',
      purposes: ['customer_experience'],
      email: `v-${randomUUID()}@example.test`,
    });
    const { id: unverified } = (await visitor.json()) as { id: string };
    expect((await decide(unverified, { upheld: true, reasons: 'x' })).status).toBe(409);
  });
});
