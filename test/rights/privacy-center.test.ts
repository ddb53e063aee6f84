/** The privacy center's front page: self-service links, requests by a signed-in customer. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app/app.ts';
import { signedInCustomer } from '../support/customers.ts';
import { createTestServices, type TestServices } from '../support/services.ts';

let services: TestServices;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  services = await createTestServices();
  app = createApp(services);
}, 60_000);
afterAll(() => services?.close());

const form = (body: string, cookie?: string) => ({
  method: 'POST',
  headers: {
    'content-type': 'application/x-www-form-urlencoded',
    origin: 'http://localhost:3000',
    ...(cookie ? { cookie } : {}),
  },
  body,
});

describe('privacy center', () => {
  it('asks a visitor to sign in instead of for identity documents, and names the privacy email', async () => {
    const res = await app.request('/privacy-center?lang=fi', { headers: { accept: 'text/html' } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Tietosuojakeskus');
    expect(html).toContain('/account/sign-in?next=/privacy-center');
    expect(html).toContain(`mailto:${services.policy.manifest.controller.privacyEmail}`);
    expect(html).not.toContain('action="/privacy-center/requests"');
  });

  it('takes a signed-in customer’s request as verified and lists it with its deadline', async () => {
    const me = await signedInCustomer(services);
    const res = await app.request('/privacy-center/requests', form('type=access', me.cookie));
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/privacy-center?created=1');

    const [request] = await services.rights.requests.listForCustomer(me.id);
    expect(request).toMatchObject({ type: 'access', channel: 'self_service' });
    expect(request?.status).not.toBe('received');

    const page = await (
      await app.request('/privacy-center?created=1', { headers: { cookie: me.cookie } })
    ).text();
    expect(page).toContain('role="status"');
    expect(page).toContain('A copy of all my data (Art. 15)');
    expect(page).toContain(request?.dueAt.slice(0, 10));
  });

  it('refuses an unknown request type with a 400 and records nothing', async () => {
    const me = await signedInCustomer(services);
    const res = await app.request(
      '/privacy-center/requests',
      form('type=delete-everything', me.cookie),
    );
    expect(res.status).toBe(400);
    expect(await services.rights.requests.listForCustomer(me.id)).toEqual([]);
  });

  it('sends a signed-out form post to sign-in without creating a request', async () => {
    const res = await app.request('/privacy-center/requests', form('type=erasure'));
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/account/sign-in?next=/privacy-center');
  });
});
