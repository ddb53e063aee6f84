/**
 * Rectification (GDPR Art. 16) from the privacy center: the fields a customer fixes themselves
 * are pointed to /account; anything else is a free-text request sealed in the vault (no table
 * holds it in clear), read by staff through the staff API, fulfilled as corrected and passed on
 * to every recipient the disclosure log shows (Art. 19). Closing the account shreds the text.
 */
import { strFromU8, unzipSync } from 'fflate';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertDisclosure, markDisclosure } from '../../src/disclosures/disclosures.repository.ts';
import { createApp } from '../../src/app/app.ts';
import { signedInCustomer } from '../support/customers.ts';
import { createTestServices, type TestServices } from '../support/services.ts';
import { foundInClear, readAllTablesAsText } from '../support/tables-as-text.ts';
import { proves } from '../support/proves.ts';

const staffToken = 'staff-token-for-rectification-tests-012345';
let services: TestServices;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  services = await createTestServices({ STAFF_API_TOKEN: staffToken });
  app = createApp(services);
}, 60_000);
afterAll(() => services?.close());

const form = (body: Record<string, string>, cookie?: string) => ({
  method: 'POST',
  headers: {
    'content-type': 'application/x-www-form-urlencoded',
    origin: 'http://localhost:3000',
    accept: 'text/html',
    ...(cookie ? { cookie } : {}),
  },
  body: new URLSearchParams(body).toString(),
});

const staff = (path: string, method = 'GET') =>
  app.request(path, {
    method,
    headers: {
      authorization: `Bearer ${staffToken}`,
      'content-type': 'application/json',
      origin: 'http://localhost:3000',
    },
    ...(method === 'POST' ? { body: '{}' } : {}),
  });

async function discloseTo(customerId: string, recipients: string[]) {
  const { db } = services.database;
  const pseudonym = await services.vault.pseudonym(db, customerId);
  for (const recipient of recipients) {
    const id = await insertDisclosure(db, {
      recipient,
      purpose: 'order_fulfilment',
      categories: ['user.contact.address'],
      fields: ['address'],
      subjectPseudonym: pseudonym,
    });
    await markDisclosure(db, id, 'sent');
  }
}

describe('rectification', () => {
  it('points to self-service for what the customer can fix, and offers the request form', async () => {
    const me = await signedInCustomer(services);
    const res = await app.request('/privacy-center/rectification', {
      headers: { cookie: me.cookie, accept: 'text/html' },
    });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('href="/account"');
    expect(html).toContain('postal address and date of birth');
    expect(html).toContain('name="details"');
    expect(html).toContain('maxlength="2000"');
    const center = await app.request('/privacy-center', { headers: { cookie: me.cookie } });
    expect(await center.text()).toContain('href="/privacy-center/rectification"');
  });

  it(
    'seals the text, shows it to staff, and on fulfil records Art. 19 notices per recipient',
    proves('right:rectification'),
    async () => {
      const me = await signedInCustomer(services);
      await discloseTo(me.id, ['posti', 'avarda_payments', 'posti']);
      const details = `Order delivered to Väärätie 1; the right address is Oikeatie ${randomUUID()}`;
      const res = await app.request(
        '/privacy-center/rectification',
        form({ details: `  ${details}\r\n` }, me.cookie),
      );
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe('/privacy-center?created=1');

      const [request] = await services.rights.requests.listForCustomer(me.id);
      expect(request).toMatchObject({
        type: 'rectification',
        channel: 'self_service',
        status: 'verified',
      });
      const id = request!.id;

      // Never in clear in any table; what is stored is vault ciphertext.
      const { text } = await readAllTablesAsText(services.database.db);
      expect(foundInClear(text, [details, 'Oikeatie', 'Väärätie'])).toEqual([]);
      expect(text).toContain(id);

      // Staff read it; without the token nobody does, and the request view itself holds no text.
      const read = await staff(`/api/staff/rights/requests/${id}/details`);
      expect(read.status).toBe(200);
      expect(await read.json()).toEqual({ requestId: id, kind: 'rectification', text: details });
      const anonymous = await app.request(`/api/staff/rights/requests/${id}/details`);
      expect(anonymous.status).toBe(401);
      expect(
        JSON.stringify(await (await staff(`/api/staff/rights/requests/${id}`)).json()),
      ).not.toContain('Oikeatie');
      // The customer's own API view does not carry it either (it is for staff).
      const own = await app.request(`/api/rights/requests/${id}`, {
        headers: { cookie: me.cookie },
      });
      expect(await own.text()).not.toContain('Oikeatie');
      // Waiting for staff: the run does nothing before the correction is made.
      await services.rights.runner.run(id);
      expect((await services.rights.requests.get(id)).status).toBe('verified');

      const fulfilled = await staff(`/api/staff/rights/requests/${id}/fulfil`, 'POST');
      expect(fulfilled.status).toBe(200);
      await services.rights.runner.run(id);
      const done = await services.rights.requests.get(id);
      expect(done.status).toBe('done');
      expect(done.steps.map((s) => s.step)).toEqual(
        expect.arrayContaining(['corrected', 'plan', 'notify:avarda_payments', 'notify:posti']),
      );
      expect(done.notices.map((n) => [n.recipient, n.outcome])).toEqual([
        ['avarda_payments', 'manual'],
        ['posti', 'manual'],
      ]);
    },
  );

  it('refuses an empty or over-long text with a field error and records nothing', async () => {
    const me = await signedInCustomer(services);
    const empty = await app.request(
      '/privacy-center/rectification',
      form({ details: '  ' }, me.cookie),
    );
    expect(empty.status).toBe(400);
    const emptyHtml = await empty.text();
    expect(emptyHtml).toContain('id="f-details-error"');
    expect(emptyHtml).toContain('Tell us what is wrong and what is right.');

    const long = await app.request(
      '/privacy-center/rectification',
      form({ details: 'x'.repeat(2001) }, me.cookie),
    );
    expect(long.status).toBe(400);
    expect(await long.text()).toContain('At most 2000 characters.');
    expect(await services.rights.requests.listForCustomer(me.id)).toEqual([]);

    const signedOut = await app.request('/privacy-center/rectification', form({ details: 'x' }));
    expect(signedOut.status).toBe(401);
    // Details belong to rectification only; an unknown request has none.
    await expect(
      services.rights.requests.create({
        type: 'access',
        channel: 'self_service',
        customerId: me.id,
        verified: true,
        details: 'x',
      }),
    ).rejects.toThrow(/Only a rectification/);
    expect((await staff(`/api/staff/rights/requests/${randomUUID()}/details`)).status).toBe(404);
  });

  it('is part of access, and closing the account shreds it', async () => {
    const me = await signedInCustomer(services);
    const details = `My birthday is wrong on order HS-1; it is 1.2.1990 ${randomUUID()}`;
    await app.request('/privacy-center/rectification', form({ details }, me.cookie));
    const [rectification] = await services.rights.requests.listForCustomer(me.id);

    const access = await services.rights.requests.create({
      type: 'access',
      channel: 'self_service',
      customerId: me.id,
      verified: true,
    });
    await services.rights.runner.run(access.id);
    const { bytes } = await services.rights.requests.packageForCustomer(me.id, access.id);
    expect(strFromU8(unzipSync(bytes)['data.json']!)).toContain(details);

    const erasure = await services.rights.requests.create({
      type: 'erasure',
      channel: 'self_service',
      customerId: me.id,
      verified: true,
    });
    await services.rights.runner.run(erasure.id);
    expect((await services.rights.requests.get(erasure.id)).status).toBe('done');
    expect((await staff(`/api/staff/rights/requests/${rectification!.id}/details`)).status).toBe(
      404,
    );
    const { text } = await readAllTablesAsText(services.database.db);
    expect(foundInClear(text, [details])).toEqual([]);
  });
});
