/**
 * A request staff enter from a letter or a call, not yet verified: the person gets the same
 * emailed confirmation link a visitor gets, in the language staff give, and confirming it lets
 * the request run. Runs on PGlite and PostgreSQL (mail kept in the sealed outbox).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app/app.ts';
import { createTestServices, type TestServices } from '../support/services.ts';

const STAFF = 'staff-token-for-unverified-0123456789';
const origin = 'http://localhost:3000';

describe('a staff-entered unverified request', () => {
  let services: TestServices;
  let app: App;

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
});
