/**
 * The rights engine's loose ends: Shopify webhook replay protection, `shop/redact` recorded as a
 * staff task, and the staff's extension and refusal reasons sealed in the vault.
 */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app/app.ts';
import { signedInCustomer } from '../support/customers.ts';
import { createTestServices, type TestServices } from '../support/services.ts';
import { foundInClear, readAllTablesAsText } from '../support/tables-as-text.ts';

const STAFF = 'staff-token-for-tests-0123456789';
const SECRET = 'shopify-webhook-secret-for-tests';
const staff = { authorization: `Bearer ${STAFF}` };

let services: TestServices;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  services = await createTestServices({ STAFF_API_TOKEN: STAFF, SHOPIFY_WEBHOOK_SECRET: SECRET });
  app = createApp(services);
}, 60_000);
afterAll(() => services?.close());

const sign = (body: string) => createHmac('sha256', SECRET).update(body).digest('base64');
const deliver = (topic: string, body: string, webhookId?: string) =>
  app.request(`/webhooks/shopify/${topic}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-shopify-hmac-sha256': sign(body),
      ...(webhookId !== undefined ? { 'x-shopify-webhook-id': webhookId } : {}),
    },
    body,
  });
const count = async (table: 'dsr_requests' | 'staff_tasks' | 'shopify_webhooks') =>
  Number(
    (
      await services.database.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('Shopify webhook replay protection', () => {
  it('answers a redelivered customers/redact with the first request and creates no second', async () => {
    const me = await signedInCustomer(services);
    const body = JSON.stringify({
      shop_domain: 'hersecret.myshopify.com',
      customer: { email: me.email },
    });
    const before = await count('dsr_requests');
    const first = await deliver('customers/redact', body, 'b1a8c3f0-redact-1');
    expect(first.status).toBe(200);
    const { requestId } = (await first.json()) as { requestId: string };
    const again = await deliver('customers/redact', body, 'b1a8c3f0-redact-1');
    expect(again.status).toBe(200);
    expect(((await again.json()) as { requestId: string }).requestId).toBe(requestId);
    expect(await count('dsr_requests')).toBe(before + 1);

    // Concurrent redeliveries of a new id: exactly one request.
    const results = await Promise.all(
      [1, 2, 3].map(async () => deliver('customers/data_request', body, 'b1a8c3f0-access-2')),
    );
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    const ids = await Promise.all(
      results.map(async (r) => ((await r.json()) as { requestId: string }).requestId),
    );
    expect(new Set(ids).size).toBe(1);
    expect(await count('dsr_requests')).toBe(before + 2);

    // Another delivery id is another webhook: a new request.
    expect((await deliver('customers/redact', body, 'b1a8c3f0-redact-3')).status).toBe(200);
    expect(await count('dsr_requests')).toBe(before + 3);

    // The ids are stored hashed.
    const { text } = await readAllTablesAsText(services.database.db);
    expect(foundInClear(text, ['b1a8c3f0-redact-1', 'b1a8c3f0-access-2'])).toEqual([]);
  });

  it('does not record a delivery that failed, so Shopify’s retry is handled', async () => {
    const before = await count('shopify_webhooks');
    const bad = '{"customer":{}}';
    expect((await deliver('customers/redact', bad, 'retry-after-400')).status).toBe(400);
    expect(await count('shopify_webhooks')).toBe(before);
    const over = 'x'.repeat(256);
    const body = JSON.stringify({ customer: { email: 'someone@example.test' } });
    expect((await deliver('customers/redact', body, over)).status).toBe(400);
  });
});

describe('shop/redact', () => {
  it('records one staff task the staff list shows, once per delivery', async () => {
    const body = JSON.stringify({ shop_id: 7, shop_domain: 'hersecret.myshopify.com' });
    const res = await deliver('shop/redact', body, 'shop-redact-1');
    expect(res.status).toBe(200);
    const { staffTaskId } = (await res.json()) as { staffTaskId: string };
    const again = await deliver('shop/redact', body, 'shop-redact-1');
    expect(((await again.json()) as { staffTaskId: string }).staffTaskId).toBe(staffTaskId);
    expect(await count('staff_tasks')).toBe(1);

    expect((await app.request('/api/staff/tasks')).status).toBe(401);
    const list = await app.request('/api/staff/tasks', { headers: staff });
    expect(list.status).toBe(200);
    const { tasks } = (await list.json()) as { tasks: Record<string, unknown>[] };
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({
      id: staffTaskId,
      kind: 'shop_redact',
      source: 'shopify',
      detail: { shopDomain: 'hersecret.myshopify.com' },
    });
    expect(Number.isNaN(Date.parse(String(tasks[0]!.createdAt)))).toBe(false);
  });
});

describe('staff reasons', () => {
  it('are sealed under the request, shown unchanged by the API, and erased with its key', async () => {
    const post = (path: string, body: unknown) =>
      app.request(path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...staff },
        body: JSON.stringify(body),
      });
    const created = await post('/api/staff/rights/requests', {
      type: 'access',
      email: 'reasons.person@example.test',
      verified: false,
    });
    const { id } = (await created.json()) as { id: string };
    const extension = 'Waiting for Maija Reasonable’s reply about her second account';
    const refusal = 'Maija Reasonable asked the same thing yesterday';
    const ext = await post(`/api/staff/rights/requests/${id}/extend`, { reasons: extension });
    expect(((await ext.json()) as { extension: { reasons: string } }).extension.reasons).toBe(
      extension,
    );
    const ref = await post(`/api/staff/rights/requests/${id}/refuse`, { reasons: refusal });
    expect(((await ref.json()) as { refusal: { reasons: string } }).refusal.reasons).toBe(refusal);

    const { text } = await readAllTablesAsText(services.database.db);
    expect(foundInClear(text, ['Maija Reasonable', 'second account'])).toEqual([]);

    // The request's key shredded (as an erasure of the person does): the reasons read as erased.
    await services.vault.shred(services.database.db, `request:${id}`, 'profile');
    const view = await services.rights.requests.get(id);
    expect(view.extension?.reasons).toBe('(erased)');
    expect(view.refusal?.reasons).toBe('(erased)');
  });
});
