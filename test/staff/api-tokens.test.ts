/**
 * Personal API tokens on the staff API: made in the console, shown once, stored hashed, acting
 * with the holder's roles (a route outside them is refused), revocable, audited; the bootstrap
 * STAFF_API_TOKEN is off unless configured.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app/app.ts';
import { createTestServices, type TestServices } from '../support/services.ts';
import { staffMember } from '../support/staff.ts';

let services: TestServices;
let app: App;
const origin = 'http://localhost:3000';

beforeAll(async () => {
  services = await createTestServices();
  app = createApp(services);
}, 120_000);
afterAll(() => services?.close());

async function makeToken(cookie: string): Promise<string> {
  const res = await app.request('/staff/tokens', {
    method: 'POST',
    headers: { cookie, origin, 'content-type': 'application/x-www-form-urlencoded' },
    body: 'label=queue+script',
  });
  expect(res.status).toBe(201);
  return /data-new-token="">(cst_[A-Za-z0-9_-]{43})</.exec(await res.text())![1]!;
}

const api = (path: string, token?: string) =>
  app.request(path, { headers: token ? { authorization: `Bearer ${token}` } : {} });

describe('personal API tokens', () => {
  it('act with the holder roles, are stored hashed, audited, and stop when revoked', async () => {
    const cs = await staffMember(services, ['customer_service']);
    const token = await makeToken(cs.cookie);
    const rows = await services.database.db.selectFrom('staff_api_tokens').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(token.slice(4));

    expect((await api('/api/staff/rights/requests', token)).status).toBe(200);
    // Outside customer service's roles: consent statistics need consent.stats.
    expect((await api('/api/consent/stats?from=2026-01-01&to=2026-01-31', token)).status).toBe(403);

    const entries = await services.audit.list({ staffId: cs.id });
    expect(entries.map((e) => [e.action, e.actorKind, e.outcome])).toEqual([
      ['api.call', 'api-token', 'denied'],
      ['api.call', 'api-token', 'ok'],
      ['token.create', 'staff', 'ok'],
      ['staff.sign_in', 'staff', 'ok'],
    ]);

    const [view] = await services.staff.tokens.list(cs.id);
    const revoke = await app.request(`/staff/tokens/${view!.id}/revoke`, {
      method: 'POST',
      headers: { cookie: cs.cookie, origin, 'content-type': 'application/x-www-form-urlencoded' },
      body: '',
    });
    expect(revoke.status).toBe(303);
    expect((await api('/api/staff/rights/requests', token)).status).toBe(401);
  });

  it('stop when the account is disabled, and a marketing token reads statistics only', async () => {
    const mk = await staffMember(services, ['marketing']);
    const token = await makeToken(mk.cookie);
    expect((await api('/api/consent/stats?from=2026-01-01&to=2026-01-31', token)).status).toBe(200);
    expect((await api('/api/staff/rights/requests', token)).status).toBe(403);
    await services.staff.accounts.disable(mk.id, { kind: 'system', id: 'test' });
    expect((await api('/api/consent/stats?from=2026-01-01&to=2026-01-31', token)).status).toBe(401);
  });

  it('leaves the bootstrap token off by default', async () => {
    expect(services.config.staffApiToken).toBeUndefined();
    expect((await api('/api/staff/rights/requests', 'anything')).status).toBe(403);
    expect((await api('/api/staff/rights/requests')).status).toBe(401);
  });

  it('describes the scheme in the OpenAPI document', async () => {
    const doc = (await (await app.request('/api/openapi.json')).json()) as {
      components: { securitySchemes: { staffToken: { description: string } } };
    };
    expect(doc.components.securitySchemes.staffToken.description).toMatch(/personal API token/);
  });
});
