/**
 * A staff action on a request and its audit entry commit together: the entry is written inside
 * the action's transaction, so a refused action leaves no entry and a failed audit write leaves
 * the request as it was (no change the log does not show).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp, type App } from '../../src/app/app.ts';
import { createTestServices, type TestServices } from '../support/services.ts';
import { profiledCustomer, staffMember } from '../support/staff.ts';

let services: TestServices;
let app: App;
let cookie: string;

beforeAll(async () => {
  services = await createTestServices();
  app = createApp(services);
  cookie = (await staffMember(services, ['customer_service'])).cookie;
}, 120_000);
afterAll(() => services?.close());

const post = (path: string, body = '') =>
  app.request(path, {
    method: 'POST',
    headers: {
      cookie,
      origin: 'http://localhost:3000',
      accept: 'application/json',
      'content-type': 'application/x-www-form-urlencoded',
    },
    body,
  });

async function newRequest(): Promise<string> {
  const customer = await profiledCustomer(services, {
    name: 'Liisa Nieminen',
    email: `liisa.${Math.random().toString(36).slice(2)}@example.fi`,
  });
  const r = await services.rights.requests.create({
    type: 'rectification',
    channel: 'staff',
    customerId: customer.id,
    verified: false,
  });
  return r.id;
}

const entries = async (action: string, requestId: string) =>
  (await services.audit.list({ action })).filter((e) => e.detail?.requestId === requestId);

describe('request actions in the console', () => {
  it('records one entry for an action done, none for one refused', async () => {
    const id = await newRequest();
    expect((await post(`/staff/requests/${id}/verify`)).status).toBe(303);
    expect((await services.rights.requests.get(id)).status).toBe('verified');
    expect(await entries('request.verify', id)).toHaveLength(1);
    // Verifying again is refused (409): no second entry claims it.
    expect((await post(`/staff/requests/${id}/verify`)).status).toBe(409);
    expect(await entries('request.verify', id)).toHaveLength(1);
  });

  it('leaves the request unchanged when the audit entry cannot be written', async () => {
    const id = await newRequest();
    const spy = vi
      .spyOn(services.audit, 'record')
      .mockRejectedValueOnce(new Error('audit write failed'));
    try {
      expect((await post(`/staff/requests/${id}/verify`)).status).toBe(500);
    } finally {
      spy.mockRestore();
    }
    expect((await services.rights.requests.get(id)).status).toBe('received');
    expect(await entries('request.verify', id)).toHaveLength(0);
  });

  it('refuses with reasons sealed in the entry, and refuses without reasons (400)', async () => {
    const id = await newRequest();
    expect((await post(`/staff/requests/${id}/refuse`, 'reasons=')).status).toBe(400);
    expect(await entries('request.refuse', id)).toHaveLength(0);
    const res = await post(`/staff/requests/${id}/refuse`, 'reasons=Manifestly+unfounded');
    expect(res.status).toBe(303);
    const [entry] = await entries('request.refuse', id);
    expect(entry?.reasonSealed).toBeTruthy();
    expect(JSON.stringify(entry)).not.toContain('Manifestly');
  });
});
