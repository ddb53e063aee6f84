/**
 * The consent proof on a shared browser: after customer A signs out, the same browser (the same
 * `hs_vid`) asks for its proof anonymously or as customer C, and A's records are not in it.
 * A person sees only their own choices. Runs on PGlite and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app/app.ts';
import { signedInCustomer } from '../support/customers.ts';
import { createTestServices, type TestServices } from '../support/services.ts';

const origin = 'http://localhost:3000';

interface Proof {
  records: { recordId: string; customerLinked: boolean; decisions: Record<string, boolean> }[];
}

describe('consent proof on a shared browser', () => {
  let services: TestServices;
  let app: App;

  beforeAll(async () => {
    services = await createTestServices({ CONSENT_RATE_LIMIT: '0' });
    app = createApp(services);
  });
  afterAll(() => services?.close());

  async function choose(cookie: string, analytics: boolean) {
    const { policyVersion, textHash } = services.consent.config('en');
    const res = await app.request('/api/consent', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin, cookie },
      body: JSON.stringify({
        choices: { analytics, marketing: false, personalisation: false },
        textHash,
        policyVersion,
        source: 'banner',
        signals: { gpc: false, dnt: false },
        explicit: true,
        lang: 'en',
      }),
    });
    expect(res.status).toBe(201);
    return (await res.json()) as { recordId: string; visitorId: string };
  }

  const proof = async (cookie: string) =>
    (await (await app.request('/api/consent/proof', { headers: { cookie } })).json()) as Proof;

  it('shows each person only their own records', async () => {
    // The browser's first, anonymous choice gives it its hs_vid.
    const anonymous = await choose('', false);
    const vid = `hs_vid=${anonymous.visitorId}`;
    const a = await signedInCustomer(services);
    const c = await signedInCustomer(services);
    const byA = await choose(`${vid}; ${a.cookie}`, true);

    // A signs out (her session cookie goes); the browser keeps its hs_vid.
    const signedOut = await proof(vid);
    expect(signedOut.records.map((r) => r.recordId)).toEqual([anonymous.recordId]);

    const asC = await proof(`${vid}; ${c.cookie}`);
    expect(asC.records.map((r) => r.recordId)).not.toContain(byA.recordId);
    expect(asC.records.every((r) => !r.customerLinked)).toBe(true);

    // A herself still sees her record, from this browser or any other.
    const asA = await proof(`${vid}; ${a.cookie}`);
    expect(asA.records.map((r) => r.recordId)).toContain(byA.recordId);
    const elsewhere = await proof(a.cookie);
    expect(elsewhere.records.map((r) => r.recordId)).toEqual([byA.recordId]);
  });
});
