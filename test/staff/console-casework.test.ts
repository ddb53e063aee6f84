/**
 * The console's casework pages over HTTP: an objection decided with reasons (only once verified;
 * reasons required; the decision's audit entry seals them), a restriction lifted only after the
 * notice (Art. 18(3)), orders moved only along the allowed transitions and overdue invoices handed
 * to collection, consent statistics with a bad period refused, and the dashboard's panels shown
 * to the roles that may open them. Every action leaves exactly one audit entry.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp, type App } from '../../src/app/app.ts';
import { insertRestriction } from '../../src/rights/restriction/restrictions.repository.ts';
import { createTestServices, type TestServices } from '../support/services.ts';
import { profiledCustomer, staffMember } from '../support/staff.ts';

let services: TestServices;
let app: App;
let dpo: string;
let logistics: string;
let marketing: string;

beforeAll(async () => {
  services = await createTestServices();
  app = createApp(services);
  dpo = (await staffMember(services, ['dpo'])).cookie;
  logistics = (await staffMember(services, ['logistics'])).cookie;
  marketing = (await staffMember(services, ['marketing'])).cookie;
}, 120_000);
afterAll(() => services?.close());

const get = (path: string, cookie: string) =>
  app.request(path, { headers: { cookie, accept: 'text/html' } });
const post = (path: string, cookie: string, form: Record<string, string> = {}) =>
  app.request(path, {
    method: 'POST',
    headers: {
      cookie,
      origin: 'http://localhost:3000',
      accept: 'application/json',
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams(form).toString(),
  });
const audited = (action: string) => services.audit.list({ action });

describe('objections', () => {
  it('are decided with reasons, once verified, and audited with the reasons sealed', async () => {
    const customer = await profiledCustomer(services, {
      name: 'Veera Laine',
      email: 'veera.laine@example.fi',
    });
    const r = await services.rights.requests.create({
      type: 'objection',
      channel: 'staff',
      customerId: customer.id,
      verified: false,
      objection: { scope: 'other', purposes: ['debt_collection'] },
    });
    const list = await (await get('/staff/objections?lang=en', dpo)).text();
    expect(list).toContain(`data-objection="${r.id}"`);
    const page = await (await get(`/staff/objections/${r.id}?lang=en`, dpo)).text();
    expect(page).toContain('Verify the requester');
    expect(page).not.toContain('Record the decision');

    const decide = (form: Record<string, string>) =>
      post(`/staff/objections/${r.id}/decide`, dpo, form);
    expect((await decide({ decision: 'overruled', reasons: 'Unpaid invoice' })).status).toBe(409);
    await services.rights.requests.verify(r.id);
    expect((await decide({ decision: 'overruled', reasons: '' })).status).toBe(400);
    expect((await decide({ decision: 'maybe', reasons: 'x' })).status).toBe(400);
    expect((await audited('objection.decide')).length).toBe(0);
    const ok = await decide({ decision: 'overruled', reasons: 'Unpaid invoice of 3 March' });
    expect(ok.status).toBe(303);
    const after = await (await get(`/staff/objections/${r.id}?lang=en`, dpo)).text();
    expect(after).toContain('data-decision="overruled"');
    // Deciding again the other way is refused; still one entry.
    expect((await decide({ decision: 'upheld', reasons: 'Changed my mind' })).status).toBe(409);
    const entries = await audited('objection.decide');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ detail: { requestId: r.id, decision: 'overruled' } });
    expect(entries[0]!.reasonSealed).toBeTruthy();
    expect(JSON.stringify(entries)).not.toContain('Unpaid invoice');
  });

  it('a 404 for anything but an objection', async () => {
    expect((await get('/staff/objections/not-a-uuid', dpo)).status).toBe(404);
    expect((await get(`/staff/objections/${crypto.randomUUID()}`, dpo)).status).toBe(404);
  });
});

describe('restrictions', () => {
  it('are lifted only after the notice, each step audited', async () => {
    const customer = await profiledCustomer(services, {
      name: 'Onni Heikkinen',
      email: 'onni.heikkinen@example.fi',
    });
    await insertRestriction(services.database.db, {
      customerId: customer.id,
      requestId: null,
      since: new Date(),
    });
    const list = await (await get('/staff/restrictions?lang=en', dpo)).text();
    expect(list).toContain(`data-restriction="${customer.pseudonym}"`);
    expect(list).not.toMatch(/Onni|Heikkinen|example\.fi/);

    const base = `/staff/restrictions/${customer.pseudonym}`;
    expect((await post(`${base}/lift`, dpo)).status).toBe(409);
    expect(await audited('restriction.lift')).toHaveLength(0);
    expect((await post(`${base}/notice`, dpo)).status).toBe(303);
    expect((await post(`${base}/lift`, dpo)).status).toBe(303);
    expect((await services.processing.restrictions.state(customer.id)).restricted).toBe(false);
    for (const action of ['restriction.lift_notice', 'restriction.lift']) {
      const entries = await audited(action);
      expect(entries).toHaveLength(1);
      expect(entries[0]!.subject).toBe(customer.pseudonym);
    }
    expect((await post('/staff/restrictions/nobody-at-all/lift', dpo)).status).toBe(404);
  });
});

describe('orders', () => {
  it('move only along the allowed transitions, audited; collection is handed off', async () => {
    const customer = await profiledCustomer(services, {
      name: 'Aino Kallio',
      email: 'aino.kallio@example.fi',
    });
    const order = await services.orders.place({
      customerId: customer.id,
      lang: 'fi',
      cart: [{ slug: 'aurora-lace-brief', size: 'M', quantity: 1 }],
      contact: {
        name: 'Aino Kallio',
        email: 'aino.kallio@example.fi',
        phone: '+358401234567',
        street: 'Kauppakatu 1',
        postalCode: '70100',
        city: 'Kuopio',
      },
      carrier: 'posti',
      paymentMethod: 'invoice',
      identityCode: '131052-308T',
      whatsappNotices: false,
    });
    const page = await (await get('/staff/orders?lang=en', logistics)).text();
    expect(page).toContain(`data-order="${order.reference}"`);
    expect(page).not.toMatch(/Aino|Kallio|Kauppakatu|131052/);

    const move = (to: string) => post(`/staff/orders/${order.id}/status`, logistics, { to });
    const skip = await move('shipped');
    expect(skip.status).toBe(409);
    expect(((await skip.json()) as { message: string }).message).toContain('paid');
    expect((await move('nonsense')).status).toBe(400);
    // The entry is written in the change's transaction: no entry, no change.
    const spy = vi.spyOn(services.audit, 'record').mockRejectedValueOnce(new Error('disk full'));
    try {
      expect((await move('paid')).status).toBe(500);
    } finally {
      spy.mockRestore();
    }
    expect((await services.orders.get(order.id)).status).toBe('placed');
    expect((await move('paid')).status).toBe(303);
    expect((await services.orders.get(order.id)).status).toBe('paid');
    expect((await move('paid')).status).toBe(409);
    const entries = await audited('order.status');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ detail: { orderId: order.id, status: 'paid' } });

    const collected = await post('/staff/orders/collect-overdue', logistics);
    expect(collected.status).toBe(200);
    expect(await audited('order.collect_overdue')).toHaveLength(1);
    expect((await post(`/staff/orders/not-a-uuid/status`, logistics, { to: 'paid' })).status).toBe(
      404,
    );
  });
});

describe('consent statistics and the dashboard', () => {
  it('charts the period; a bad period is a 400', async () => {
    const res = await get('/staff/consent?lang=fi', marketing);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Suostumustilastot');
    expect((await get('/staff/consent?from=2026-13-40', marketing)).status).toBe(400);
    expect((await get('/staff/consent?from=2020-01-01&to=2026-01-01', marketing)).status).toBe(400);
  });

  it('shows each role the panels it may open', async () => {
    const asDpo = await (await get('/staff?lang=en', dpo)).text();
    for (const panel of ['restrictions', 'objections', 'tasks', 'consent'])
      expect(asDpo).toContain(`data-panel="${panel}"`);
    const asMarketing = await (await get('/staff?lang=en', marketing)).text();
    expect(asMarketing).toContain('data-panel="consent"');
    expect(asMarketing).not.toContain('data-panel="restrictions"');
    const asLogistics = await (await get('/staff?lang=en', logistics)).text();
    expect(asLogistics).not.toContain('data-panel=');
  });
});
