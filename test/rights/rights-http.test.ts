/**
 * The rights API, the staff queue, the compliance webhooks, the OpenAPI document and Art. 19
 * propagation, through the whole app in-process, on the configured test database.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertDisclosure, markDisclosure } from '../../src/disclosures/disclosures.repository.ts';
import { isErased } from '../../src/kit/vault/vault.ts';
import { createApp } from '../../src/app/app.ts';
import { signedInCustomer as signedInCustomerOf } from '../support/customers.ts';
import { createTestServices, type TestServices } from '../support/services.ts';

const STAFF = 'staff-token-for-tests-0123456789';
const SECRET = 'shopify-webhook-secret-for-tests';

let services: TestServices;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  services = await createTestServices({
    STAFF_API_TOKEN: STAFF,
    SHOPIFY_WEBHOOK_SECRET: SECRET,
  });
  app = createApp(services);
}, 60_000);

afterAll(async () => {
  await services.close();
});

const signedInCustomer = (email?: string) => signedInCustomerOf(services, email);

const json = (body: unknown, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});
const staff = { authorization: `Bearer ${STAFF}` };

describe('customer requests', () => {
  it('a signed-in customer makes a request, verified by the session, due in one month', async () => {
    const me = await signedInCustomer();
    const res = await app.request(
      '/api/rights/requests',
      json({ type: 'access' }, { cookie: me.cookie }),
    );
    expect(res.status).toBe(201);
    const view = (await res.json()) as {
      id: string;
      status: string;
      channel: string;
      receivedAt: string;
      dueAt: string;
    };
    expect(view.status).toBe('verified');
    expect(view.channel).toBe('self_service');
    const received = new Date(view.receivedAt);
    const due = new Date(view.dueAt);
    expect(due.getUTCMonth()).toBe((received.getUTCMonth() + 1) % 12);

    const own = await app.request(`/api/rights/requests/${view.id}`, {
      headers: { cookie: me.cookie },
    });
    expect(own.status).toBe(200);
  });

  it("answers someone else's request exactly like a missing one", async () => {
    const owner = await signedInCustomer();
    const other = await signedInCustomer();
    const created = await app.request(
      '/api/rights/requests',
      json({ type: 'erasure' }, { cookie: owner.cookie }),
    );
    const { id } = (await created.json()) as { id: string };

    const answers = await Promise.all(
      [id, randomUUID(), 'not-a-uuid', "1' or '1'='1"].map(async (rid) => {
        const res = await app.request(`/api/rights/requests/${encodeURIComponent(rid)}`, {
          headers: { cookie: other.cookie },
        });
        return { status: res.status, body: await res.text() };
      }),
    );
    for (const a of answers) expect(a).toEqual(answers[1]);
    expect(answers[0]?.status).toBe(404);
    // Not signed in: the same.
    const anon = await app.request(`/api/rights/requests/${id}`);
    expect({ status: anon.status, body: await anon.text() }).toEqual(answers[1]);
  });

  it('refuses unknown request types and malformed bodies with a 400', async () => {
    const me = await signedInCustomer();
    for (const body of [{ type: 'deletion' }, { type: 'access', extra: 1 }, {}, { type: 42 }]) {
      const res = await app.request('/api/rights/requests', json(body, { cookie: me.cookie }));
      expect(res.status).toBe(400);
      expect(((await res.json()) as { code: string }).code).toBe('validation_failed');
    }
    const notJson = await app.request('/api/rights/requests', {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: me.cookie },
      body: '{"type":',
    });
    expect(notJson.status).toBe(400);
  });

  it("a visitor's request by email waits for verification and stores no email in clear", async () => {
    const email = `visitor-${randomUUID()}@example.test`;
    const res = await app.request('/api/rights/requests', json({ type: 'access', email }));
    expect(res.status).toBe(201);
    const view = (await res.json()) as { id: string; status: string };
    expect(view.status).toBe('received');
    expect(JSON.stringify(view)).not.toContain(email);
    const row = await services.database.db
      .selectFrom('dsr_requests')
      .selectAll()
      .where('id', '=', view.id)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(email);
    expect(row.email_index).toBe(services.vault.blindIndex('email', email));
    expect(row.customer_id).toBeNull();

    const missing = await app.request('/api/rights/requests', json({ type: 'access' }));
    expect(missing.status).toBe(400);
  });
});

describe('the staff queue', () => {
  it('refuses without the staff token, or with a wrong one', async () => {
    expect((await app.request('/api/staff/rights/requests')).status).toBe(401);
    const wrong = await app.request('/api/staff/rights/requests', {
      headers: { authorization: `Bearer ${STAFF}x` },
    });
    expect(wrong.status).toBe(403);
  });

  it('lists open requests with due dates; verifies, extends and refuses with reasons', async () => {
    const entered = await app.request(
      '/api/staff/rights/requests',
      json({ type: 'rectification', email: `letter-${randomUUID()}@example.test` }, staff),
    );
    expect(entered.status).toBe(201);
    const { id } = (await entered.json()) as { id: string };

    const list = (await (
      await app.request('/api/staff/rights/requests', { headers: staff })
    ).json()) as {
      requests: { id: string; dueAt: string; daysLeft: number | null; confirmBy: string | null }[];
    };
    // Unconfirmed: no month counts down yet, it expires unless confirmed.
    const mine = list.requests.find((r) => r.id === id);
    expect(mine?.daysLeft).toBeNull();
    expect(mine?.confirmBy).toMatch(/^\d{4}-\d\d-\d\dT/);

    // Fulfilling before verification is refused.
    expect(
      (await app.request(`/api/staff/rights/requests/${id}/fulfil`, json({}, staff))).status,
    ).toBe(409);
    const verified = await app.request(`/api/staff/rights/requests/${id}/verify`, json({}, staff));
    expect(((await verified.json()) as { status: string }).status).toBe('verified');
    const confirmed = (
      (await (await app.request('/api/staff/rights/requests', { headers: staff })).json()) as {
        requests: { id: string; daysLeft: number | null; confirmBy: string | null }[];
      }
    ).requests.find((r) => r.id === id);
    expect(confirmed?.daysLeft).toBeGreaterThanOrEqual(28);
    expect(confirmed?.confirmBy).toBeNull();

    expect(
      (await app.request(`/api/staff/rights/requests/${id}/extend`, json({ reasons: ' ' }, staff)))
        .status,
    ).toBe(400);
    const extended = await app.request(
      `/api/staff/rights/requests/${id}/extend`,
      json({ reasons: 'Many simultaneous requests' }, staff),
    );
    expect(extended.status).toBe(200);
    const ev = (await extended.json()) as {
      receivedAt: string;
      dueAt: string;
      extension: { reasons: string };
    };
    expect(ev.extension.reasons).toBe('Many simultaneous requests');
    expect(new Date(ev.dueAt).getTime()).toBeGreaterThan(
      new Date(ev.receivedAt).getTime() + 85 * 86_400_000,
    );
    // Once only.
    expect(
      (
        await app.request(
          `/api/staff/rights/requests/${id}/extend`,
          json({ reasons: 'again' }, staff),
        )
      ).status,
    ).toBe(409);

    const refused = await app.request(
      `/api/staff/rights/requests/${id}/refuse`,
      json({ reasons: 'Manifestly unfounded: repeats last week’s request' }, staff),
    );
    const rv = (await refused.json()) as {
      status: string;
      refusal: { complaint: { authority: string } };
    };
    expect(rv.status).toBe('refused');
    expect(rv.refusal.complaint.authority).toBe('Office of the Data Protection Ombudsman');
    expect(
      (await app.request(`/api/staff/rights/requests/${id}/refuse`, json({ reasons: 'x' }, staff)))
        .status,
    ).toBe(409);

    const after = (await (
      await app.request('/api/staff/rights/requests', { headers: staff })
    ).json()) as {
      requests: { id: string }[];
    };
    expect(after.requests.some((r) => r.id === id)).toBe(false);
  });

  it('answers unknown ids with 404', async () => {
    for (const id of [randomUUID(), 'nope']) {
      const res = await app.request(`/api/staff/rights/requests/${id}/verify`, json({}, staff));
      expect(res.status).toBe(404);
    }
  });
});

describe('Shopify compliance webhooks', () => {
  const sign = (body: string, secret = SECRET) =>
    createHmac('sha256', secret).update(body).digest('base64');
  const post = (topic: string, body: string, signature?: string) =>
    app.request(`/webhooks/shopify/${topic}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(signature ? { 'x-shopify-hmac-sha256': signature } : {}),
      },
      body,
    });

  it('refuses a missing, forged or other-secret signature with 401', async () => {
    const body = JSON.stringify({
      shop_domain: 'x.myshopify.com',
      customer: { id: 1, email: 'a@example.test' },
    });
    expect((await post('customers/redact', body)).status).toBe(401);
    expect((await post('customers/redact', body, 'AAAA')).status).toBe(401);
    expect(
      (await post('customers/redact', body, sign(body, 'another-secret-entirely'))).status,
    ).toBe(401);
    // A signature of a different body.
    expect((await post('customers/redact', body.replace('a@', 'b@'), sign(body))).status).toBe(401);
  });

  it('creates verified access and erasure requests from signed webhooks', async () => {
    const me = await signedInCustomer();
    const body = JSON.stringify({
      shop_id: 1,
      shop_domain: 'hersecret.myshopify.com',
      customer: { id: 42, email: me.email, phone: null },
      orders_to_redact: [],
    });
    const redact = await post('customers/redact', body, sign(body));
    expect(redact.status).toBe(200);
    const { requestId } = (await redact.json()) as { requestId: string };
    const view = await services.rights.requests.get(requestId);
    expect(view).toMatchObject({ type: 'erasure', status: 'verified', channel: 'shopify' });
    // Matched to the account by the email's blind index.
    const row = await services.database.db
      .selectFrom('dsr_requests')
      .selectAll()
      .where('id', '=', requestId)
      .executeTakeFirstOrThrow();
    expect(row.customer_id).toBe(me.id);

    const dr = await post('customers/data_request', body, sign(body));
    const access = await services.rights.requests.get(
      ((await dr.json()) as { requestId: string }).requestId,
    );
    expect(access.type).toBe('access');

    const shop = JSON.stringify({ shop_id: 1, shop_domain: 'hersecret.myshopify.com' });
    expect((await post('shop/redact', shop, sign(shop))).status).toBe(200);
    expect(
      (await post('customers/redact', '{"customer":{}}', sign('{"customer":{}}'))).status,
    ).toBe(400);
  });
});

describe('the OpenAPI document', () => {
  it('describes the API as OpenAPI 3.1 with the request types', async () => {
    const res = await app.request('/api/openapi.json');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as {
      openapi: string;
      paths: Record<string, unknown>;
      components: { schemas: { NewRequest: { properties: { type: { enum: string[] } } } } };
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/rights/requests',
        '/api/rights/requests/{id}',
        '/api/staff/rights/requests/{id}/extend',
        '/webhooks/shopify/customers/redact',
      ]),
    );
    expect(doc.components.schemas.NewRequest.properties.type.enum).toEqual([
      'access',
      'portability',
      'rectification',
      'erasure',
      'restriction',
      'objection',
    ]);
  });
});

describe('Art. 19 propagation', () => {
  it('records one notice per recipient that actually received the data, after erasure', async () => {
    const me = await signedInCustomer();
    const { db } = services.database;
    const pseudonym = await services.vault.pseudonym(db, me.id);
    for (const [recipient, status] of [
      ['posti', 'sent'],
      ['posti', 'sent'],
      ['avarda_payments', 'sent'],
      ['budbee', 'failed'],
    ] as const) {
      const id = await insertDisclosure(db, {
        recipient,
        purpose: 'order_fulfilment',
        categories: ['user.name'],
        fields: ['name'],
        subjectPseudonym: pseudonym,
      });
      await markDisclosure(db, id, status);
    }
    const view = await services.rights.requests.create({
      type: 'erasure',
      channel: 'self_service',
      customerId: me.id,
      verified: true,
    });
    await services.rights.runner.run(view.id);
    const done = await services.rights.requests.get(view.id);
    expect(done.status).toBe('done');
    expect(done.notices.map((n) => [n.recipient, n.outcome])).toEqual([
      ['avarda_payments', 'manual'],
      ['posti', 'manual'],
    ]);
    // Running again changes nothing.
    await services.rights.runner.run(view.id);
    expect((await services.rights.requests.get(view.id)).notices).toHaveLength(2);
  });

  it('passes restriction and rectification on too, but not objection', async () => {
    const me = await signedInCustomer();
    const { db } = services.database;
    const d = await insertDisclosure(db, {
      recipient: 'db_schenker',
      purpose: 'order_fulfilment',
      categories: ['user.contact.address'],
      fields: ['address'],
      subjectPseudonym: await services.vault.pseudonym(db, me.id),
    });
    await markDisclosure(db, d, 'sent');
    const results: Record<string, string[]> = {};
    for (const type of ['restriction', 'rectification', 'objection'] as const) {
      const v = await services.rights.requests.create({
        type,
        channel: 'self_service',
        customerId: me.id,
        verified: true,
      });
      if (type === 'rectification') {
        // Waits for staff to make the correction.
        await services.rights.runner.run(v.id);
        expect((await services.rights.requests.get(v.id)).status).toBe('verified');
        await services.rights.requests.fulfil(v.id);
      }
      await services.rights.runner.run(v.id);
      const after = await services.rights.requests.get(v.id);
      expect(after.status).toBe('done');
      results[type] = after.notices.map((n) => n.recipient);
    }
    expect(results).toEqual({
      restriction: ['db_schenker'],
      rectification: ['db_schenker'],
      objection: [],
    });
  });
});

describe('the job queue runs requests', () => {
  it('resumes a verified request left behind, and runs new ones, through pg-boss', async () => {
    const me = await signedInCustomer();
    // Made while the queue is stopped: nothing runs it yet.
    const waiting = await services.rights.requests.create({
      type: 'access',
      channel: 'self_service',
      customerId: me.id,
      verified: true,
    });
    expect((await services.rights.requests.get(waiting.id)).status).toBe('verified');
    await services.jobs.start();
    try {
      expect(await services.rights.requests.resume()).toBeGreaterThanOrEqual(1);
      const res = await app.request(
        '/api/rights/requests',
        json({ type: 'objection' }, { cookie: me.cookie }),
      );
      const fresh = (await res.json()) as { id: string };
      for (const id of [waiting.id, fresh.id]) {
        let status = '';
        for (let i = 0; i < 200 && status !== 'done'; i++) {
          status = (await services.rights.requests.get(id)).status;
          if (status !== 'done') await new Promise((r) => setTimeout(r, 100));
        }
        expect(status).toBe('done');
      }
      const exported = await services.database.db
        .selectFrom('dsr_exports')
        .select('sealed')
        .where('request_id', '=', waiting.id)
        .execute();
      expect(exported).toHaveLength(1);
      // The sealed export is not readable in the database…
      expect(exported[0]?.sealed).not.toContain(me.email);
      // …and the customer downloads it; anyone else gets the same 404 as for a missing one.
      const download = await app.request(`/api/rights/requests/${waiting.id}/export`, {
        headers: { cookie: me.cookie },
      });
      expect(download.status).toBe(200);
      expect(download.headers.get('content-disposition')).toContain('attachment');
      expect(download.headers.get('content-type')).toBe('application/zip');
      const files = unzipSync(new Uint8Array(await download.arrayBuffer()));
      const doc = JSON.parse(strFromU8(files['data.json']!)) as { modules: unknown };
      expect(JSON.stringify(doc.modules)).toContain(me.email);
      const other = await signedInCustomer();
      const theirs = await app.request(`/api/rights/requests/${waiting.id}/export`, {
        headers: { cookie: other.cookie },
      });
      const missing = await app.request(`/api/rights/requests/${randomUUID()}/export`, {
        headers: { cookie: other.cookie },
      });
      expect(theirs.status).toBe(404);
      expect(await theirs.text()).toBe(await missing.text());

      // Erasure (with the accounts module's eraser) makes the kept export unreadable too.
      const erasure = await services.rights.requests.create({
        type: 'erasure',
        channel: 'self_service',
        customerId: me.id,
        verified: true,
      });
      await services.rights.runner.run(erasure.id);
      expect((await services.rights.requests.get(erasure.id)).status).toBe('done');
      const opened = await services.vault.open(
        services.database.db,
        me.id,
        'profile',
        exported[0]?.sealed ?? '',
        'dsr_export',
      );
      expect(isErased(opened)).toBe(true);
    } finally {
      await services.jobs.stop();
    }
  }, 60_000);
});
