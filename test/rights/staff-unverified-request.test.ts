/**
 * A request staff enter from a letter or a call, not yet verified: the person gets the same
 * emailed confirmation link a visitor gets, in the language staff give (to the account's address
 * when staff name the account only), and confirming it lets the request run. Until then its
 * month does not count down, and a request nobody confirms within UNCONFIRMED_DAYS expires.
 * Runs on PGlite and PostgreSQL (mail kept in the sealed outbox).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app/app.ts';
import { UNCONFIRMED_DAYS } from '../../src/rights/engine/rights.service.ts';
import { signedInCustomer } from '../support/customers.ts';
import { createTestServices, type TestServices } from '../support/services.ts';

const STAFF = 'staff-token-for-unverified-0123456789';
const origin = 'http://localhost:3000';

const day = 86_400_000;

describe('a staff-entered unverified request', () => {
  let services: TestServices;
  let app: App;

  const enter = (body: Record<string, unknown>) =>
    app.request('/api/staff/rights/requests', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${STAFF}` },
      body: JSON.stringify(body),
    });
  const queued = async (id: string) =>
    (await services.rights.requests.listOpen()).find((r) => r.id === id);
  const backdate = (id: string, received: Date, confirmBy: Date) =>
    services.database.db
      .updateTable('dsr_requests')
      .set({ due_at: new Date(received.getTime() + 30 * day), confirm_by: confirmBy })
      .where('id', '=', id)
      .execute();

  beforeAll(async () => {
    services = await createTestServices({ STAFF_API_TOKEN: STAFF });
    app = createApp(services);
  });
  afterAll(() => services?.close());

  it('mails the confirmation link, and the link verifies it', async () => {
    const email = `letter-${randomUUID()}@example.test`;
    const res = await app.request('/api/staff/rights/requests', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${STAFF}` },
      body: JSON.stringify({ type: 'access', email, lang: 'fi' }),
    });
    expect(res.status).toBe(201);
    const { id, status } = (await res.json()) as { id: string; status: string };
    expect(status).toBe('received');

    const mail = await services.notify.outbox.latestFor(id);
    expect(mail?.template).toBe('dsr_verify');
    expect(mail?.message?.to).toBe(email);
    const link = /\/privacy-center\/verify\/[\w-]+\?lang=fi/.exec(mail?.message?.text ?? '')?.[0];
    expect(link, 'a confirmation link in Finnish').toBeTruthy();

    const confirmed = await app.request(link!, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
      body: '',
    });
    expect(confirmed.status).toBeLessThan(400);
    expect((await services.rights.requests.get(id)).status).not.toBe('received');
  });

  it('sends nothing when staff have verified the requester themselves', async () => {
    const email = `verified-${randomUUID()}@example.test`;
    const res = await app.request('/api/staff/rights/requests', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${STAFF}` },
      body: JSON.stringify({ type: 'rectification', email, verified: true }),
    });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    expect(await services.notify.outbox.latestFor(id)).toBeUndefined();
  });

  it('for an account named by its id only, mails the link to the account’s address', async () => {
    const customer = await signedInCustomer(services);
    const res = await enter({ type: 'erasure', customerId: customer.id, lang: 'sv' });
    expect(res.status).toBe(201);
    const { id, status } = (await res.json()) as { id: string; status: string };
    expect(status).toBe('received');
    const mail = await services.notify.outbox.latestFor(id);
    expect(mail?.template).toBe('dsr_verify');
    expect(mail?.message?.to).toBe(customer.email);
    expect(mail?.message?.text).toMatch(/\/privacy-center\/verify\/[\w-]+\?lang=sv/);

    // An account that does not exist: a 404, and no request stored.
    const before = (await services.rights.requests.listOpen()).length;
    expect((await enter({ type: 'access', customerId: randomUUID() })).status).toBe(404);
    expect((await services.rights.requests.listOpen()).length).toBe(before);
  });

  it('counts no deadline down until confirmed; the month runs from the confirmation', async () => {
    const res = await enter({ type: 'access', email: `late-${randomUUID()}@example.test` });
    const { id } = (await res.json()) as { id: string };
    const open = await queued(id);
    expect(open?.daysLeft).toBeNull();
    expect(Date.parse(open!.confirmBy!) - Date.now()).toBeGreaterThan((UNCONFIRMED_DAYS - 1) * day);

    // Received 20 days ago (its provisional date 10 days away), confirmed by staff today.
    await backdate(id, new Date(Date.now() - 20 * day), new Date(Date.now() + day));
    const verify = await app.request(`/api/staff/rights/requests/${id}/verify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${STAFF}` },
      body: '{}',
    });
    expect(verify.status).toBe(200);
    const view = await services.rights.requests.get(id);
    const due = Date.parse(view.dueAt);
    expect(due - Date.now()).toBeGreaterThan(27 * day);
    expect(due - Date.now()).toBeLessThanOrEqual(31 * day);
    const row = await services.database.db
      .selectFrom('dsr_requests')
      .select(['deadline_from', 'confirm_by'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.confirm_by).toBeNull();
    expect(row.deadline_from).not.toBeNull();
  });

  it('expires when nobody confirms it: out of the queue, its address shredded', async () => {
    const email = `never-${randomUUID()}@example.test`;
    const { id } = (await (await enter({ type: 'access', email })).json()) as { id: string };
    const fresh = (await (
      await enter({ type: 'access', email: `fresh-${randomUUID()}@x.test` })
    ).json()) as { id: string };
    await backdate(id, new Date(Date.now() - 8 * day), new Date(Date.now() - day));

    // The daily retention run's housekeeping expires it; the fresh one waits on.
    await services.retention.run('test');
    expect((await services.rights.requests.get(id)).status).toBe('expired');
    expect(await queued(id)).toBeUndefined();
    expect((await queued(fresh.id))?.status).toBe('received');
    const row = await services.database.db
      .selectFrom('dsr_requests')
      .select(['email_sealed', 'completed_at'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.email_sealed).toBeNull();
    expect(row.completed_at).not.toBeNull();
    const keys = await services.database.db
      .selectFrom('vault_keys')
      .select('subject_id')
      .where('subject_id', '=', `request:${id}`)
      .execute();
    expect(keys).toEqual([]);

    // Too late to confirm: a 409 that says so.
    const verify = await app.request(`/api/staff/rights/requests/${id}/verify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${STAFF}` },
      body: '{}',
    });
    expect(verify.status).toBe(409);
  });
});
