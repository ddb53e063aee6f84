import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDbKind } from '../../test/support/database.ts';
import { createTestServices, type TestServices } from '../../test/support/services.ts';
import { createApp } from '../app/app.ts';
import { RateLimits } from '../kit/web/rate-limit.ts';
import type { ConsentConfig } from './consent-config.ts';
import { proves } from '../../test/support/proves.ts';

const staffToken = 'staff-token-for-tests-0123456789';

describe(`consent API on ${testDbKind}`, () => {
  let services: TestServices;
  let app: ReturnType<typeof createApp>;
  let config: ConsentConfig;

  beforeAll(async () => {
    services = await createTestServices({
      CONSENT_RATE_LIMIT: '1000',
      STAFF_API_TOKEN: staffToken,
    });
    app = createApp(services);
    config = (await (await app.request('/consent/config?lang=sv')).json()) as ConsentConfig;
  });
  afterAll(() => services?.close());

  const body = (over: Record<string, unknown> = {}) => ({
    choices: { analytics: true, marketing: false, personalisation: false },
    textHash: config.textHash,
    policyVersion: config.policyVersion,
    source: 'banner',
    signals: { gpc: false, dnt: false },
    explicit: true,
    lang: 'sv',
    ...over,
  });
  const post = (payload: unknown, headers: Record<string, string> = {}, target = app) =>
    target.request('/api/consent', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof payload === 'string' ? payload : JSON.stringify(payload),
    });
  const visitorCookie = (res: Response) =>
    /hs_vid=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1];

  it('serves the banner configuration from the manifest, in the asked language', async () => {
    expect(config).toMatchObject({
      lang: 'sv',
      policyVersion: expect.any(Number) as number,
      renewAfterDays: 182,
      texts: { acceptAll: 'Godkänn alla', rejectAll: 'Avvisa alla' },
    });
    expect(config.textHash).toMatch(/^[\w-]{43}$/);
    const marketing = config.categories.find((c) => c.key === 'marketing');
    expect(marketing?.cookies.map((c) => c.name)).toEqual(expect.arrayContaining(['_fbp', 'fr']));
    expect((await app.request('/consent/config?lang=de')).status).toBe(400);
  });

  it('records a choice: 201, a pseudonymous HttpOnly visitor cookie, and renewAt', async () => {
    const res = await post(body());
    expect(res.status).toBe(201);
    const json = (await res.json()) as Record<string, string>;
    expect(json.recordId).toMatch(/^[0-9a-f-]{36}$/);
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/hs_vid=[\w-]{22}/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/Max-Age=3\d{7}/); // about 12 months
    expect(visitorCookie(res)).toBe(json.visitorId);
    expect(Date.parse(json.renewAt!) - Date.parse(json.decidedAt!)).toBeGreaterThan(
      180 * 86_400_000,
    );

    // The same browser keeps its id; the proof export shows both choices with the text as shown.
    const again = await post(
      body({ choices: { analytics: false, marketing: false, personalisation: false } }),
      {
        cookie: `hs_vid=${json.visitorId}`,
        'sec-gpc': '1',
      },
    );
    expect(again.status).toBe(201);
    expect(again.headers.get('set-cookie')).toBeNull();
    const proof = (await (
      await app.request('/api/consent/proof', { headers: { cookie: `hs_vid=${json.visitorId}` } })
    ).json()) as {
      records: { signals: { gpc: boolean }; textHash: string }[];
      texts: Record<string, { verified: boolean }>;
    };
    expect(proof.records).toHaveLength(2);
    expect(proof.records[1]?.signals.gpc).toBe(true); // the Sec-GPC header, not the body, said so
    expect(proof.texts[config.textHash]?.verified).toBe(true);
  });

  it.each([
    [
      'an unknown category',
      () =>
        body({
          choices: { analytics: true, marketing: false, personalisation: false, tracking: true },
        }),
      /unknown consent categories: tracking/,
    ],
    [
      'a wrong type',
      () => body({ choices: { analytics: 'yes', marketing: false, personalisation: false } }),
      /choices.analytics/,
    ],
    ['a missing field', () => ({ ...body(), signals: undefined }), /signals/],
    ['an unknown text hash', () => body({ textHash: 'x'.repeat(43) }), /textHash/],
    ['another source', () => body({ source: 'privacy_center' }), /source/],
    [
      'consent from a signal alone',
      () => body({ explicit: false, signals: { gpc: true, dnt: false } }),
      /explicit/,
    ],
    ['a body that is not JSON', () => '{"choices":', /must be JSON/],
    ['an oversized body', () => body({ padding: 'x'.repeat(5000) }), /larger than 2048 bytes/],
  ])('answers %s with a 400 and a clear message', async (_, payload, message) => {
    const res = await post(payload());
    expect(res.status).toBe(400);
    const json = (await res.json()) as { message: string; fields?: Record<string, string> };
    expect(`${json.message} ${JSON.stringify(json.fields ?? {})}`).toMatch(message);
  });

  it('limits consent writes per client address', async () => {
    // Counted where the app counts (the shared table on PostgreSQL), under keys of its own: the
    // other tests' writes came from the same in-process client address.
    const limited = createApp({
      ...services,
      config: { ...services.config, consentRateLimit: 3 },
      rateLimits: RateLimits.forDatabase(services.database, { hashKey: (k) => `limited:${k}` }),
    });
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await post(body(), {}, limited)).status);
    expect(statuses).toEqual([201, 201, 201, 429, 429]);
  });

  it('shows the current choice and whether to ask again', async () => {
    const res = await post(
      body({ choices: { analytics: false, marketing: true, personalisation: false } }),
    );
    const { visitorId } = (await res.json()) as { visitorId: string };
    const state = await app.request('/api/consent', { headers: { cookie: `hs_vid=${visitorId}` } });
    expect(await state.json()).toEqual({
      choices: { analytics: false, marketing: true, personalisation: false },
      needsRenewal: false,
    });
    const stranger = await app.request('/api/consent');
    expect(await stranger.json()).toEqual({ choices: {}, needsRenewal: true });
  });

  it('keeps browsing events only with analytics consent', async () => {
    const collect = (visitorId: string | undefined) =>
      app.request('/collect', {
        method: 'POST',
        headers: {
          // sendBeacon posts text/plain; browsers send Origin with it, as here.
          origin: 'http://localhost:3000',
          'content-type': 'text/plain',
          ...(visitorId ? { cookie: `hs_vid=${visitorId}` } : {}),
        },
        body: JSON.stringify({ event: 'page_view', path: '/bras?email=someone@example.com' }),
      });
    const yes = (await (await post(body())).json()) as { visitorId: string };
    const no = (await (
      await post(body({ choices: { analytics: false, marketing: true, personalisation: true } }))
    ).json()) as { visitorId: string };
    expect(await (await collect(yes.visitorId)).json()).toEqual({ recorded: true });
    expect(await (await collect(no.visitorId)).json()).toEqual({ recorded: false });
    expect(await (await collect(undefined)).json()).toEqual({ recorded: false });
    const rows = await services.database.db.selectFrom('browsing_events').selectAll().execute();
    expect(rows.map((r) => [r.visitor_id, r.path])).toEqual([[yes.visitorId, '/bras']]);
    const bad = await app.request('/collect', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"event":"keystroke","path":"/"}',
    });
    expect(bad.status).toBe(400);
  });

  it(
    'lets a visitor change the same choices in the privacy center',
    proves('right:withdraw_consent'),
    async () => {
      const first = (await (await post(body())).json()) as { visitorId: string };
      const cookie = `hs_vid=${first.visitorId}`;
      const page = await app.request('/privacy-center/consent?lang=fi', { headers: { cookie } });
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toMatch(/<input[^>]*name="analytics"[^>]*checked/);
      const hash = /name="textHash" value="([^"]+)"/.exec(html)?.[1] ?? '';
      const form = new URLSearchParams({
        action: 'reject',
        textHash: hash,
        policyVersion: String(config.policyVersion),
        lang: 'fi',
      });
      const saved = await app.request('/privacy-center/consent', {
        method: 'POST',
        headers: {
          cookie,
          'content-type': 'application/x-www-form-urlencoded',
          origin: 'http://localhost:3000',
        },
        body: form.toString(),
      });
      expect(saved.status).toBe(303);
      expect(saved.headers.get('set-cookie')).toMatch(/hs_consent=\d+\.[0-9a-z]+\.000/);
      expect(await services.consent.allows({ visitorId: first.visitorId }, 'analytics')).toBe(
        false,
      );
      const proof = await services.consent.proof({ visitorId: first.visitorId });
      expect(proof.records.at(-1)).toMatchObject({
        source: 'privacy_center',
        lang: 'fi',
        explicit: true,
      });
    },
  );

  it("links a signed-in customer's choice by customer id, and exports it without hs_vid", async () => {
    const customerId = randomUUID();
    // A bare account row: the consent ledger needs only the id (sealed fields are not read here).
    await services.database.db
      .insertInto('customers')
      .values({
        id: customerId,
        email_index: `idx-${customerId}`,
        email_sealed: 'x',
        name_sealed: 'x',
        policy_version: 1,
        policy_accepted_at: new Date(),
      })
      .execute();
    const { secret } = await services.customers.sessions.start(customerId);
    const res = await post(
      body({ choices: { analytics: false, marketing: false, personalisation: true } }),
      {
        cookie: `hs_session=${secret}`,
      },
    );
    expect(res.status).toBe(201);
    const { recordId } = (await res.json()) as { recordId: string };
    const proof = (await (
      await app.request('/api/consent/proof', { headers: { cookie: `hs_session=${secret}` } })
    ).json()) as {
      subject: { customerId: string };
      records: { recordId: string; customerLinked: boolean }[];
    };
    expect(proof.subject.customerId).toBe(customerId);
    expect(proof.records).toEqual([expect.objectContaining({ recordId, customerLinked: true })]);
    expect(await services.consent.allows({ customerId }, 'personalisation')).toBe(true);
    const stranger = (await (await app.request('/api/consent/proof')).json()) as {
      records: unknown[];
    };
    expect(stranger.records).toEqual([]);
  });

  it('gives staff statistics with the token, and nobody without it', async () => {
    const day = new Date().toISOString().slice(0, 10);
    const url = `/api/consent/stats?from=${day}&to=${day}`;
    expect((await app.request(url)).status).toBe(401);
    expect((await app.request(url, { headers: { authorization: 'Bearer wrong' } })).status).toBe(
      403,
    );
    const res = await app.request(url, { headers: { authorization: `Bearer ${staffToken}` } });
    expect(res.status).toBe(200);
    const stats = (await res.json()) as {
      days: { day: string; choices: Record<string, { granted: number }> }[];
    };
    expect(stats.days[0]?.day).toBe(day);
    expect(stats.days[0]?.choices.analytics?.granted).toBeGreaterThan(0);
    const bad = await app.request(`/api/consent/stats?from=x&to=${day}`, {
      headers: { authorization: `Bearer ${staffToken}` },
    });
    expect(bad.status).toBe(400);
  });

  it('gives the last 30 days when staff leave out the period', async () => {
    const auth = { headers: { authorization: `Bearer ${staffToken}` } };
    const today = new Date().toISOString().slice(0, 10);
    const thirtyDays = new Date(Date.now() - 29 * 86_400_000).toISOString().slice(0, 10);
    const res = await app.request('/api/consent/stats', auth);
    expect(res.status).toBe(200);
    const stats = (await res.json()) as { from: string; to: string; days: { day: string }[] };
    expect(stats).toMatchObject({ from: thirtyDays, to: today });
    expect(stats.days.map((d) => d.day)).toContain(today);
    // One end alone: the other follows (30 days back from `to`, or up to today from `from`).
    const toOnly = (await (await app.request('/api/consent/stats?to=2026-03-31', auth)).json()) as {
      from: string;
    };
    expect(toOnly.from).toBe('2026-03-02');
    const fromOnly = (await (
      await app.request(`/api/consent/stats?from=${thirtyDays}`, auth)
    ).json()) as { to: string };
    expect(fromOnly.to).toBe(today);
  });
});
