import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bannerChoice, createConsentTest } from '../../test/support/consent.ts';
import { testDbKind, type TestDatabase } from '../../test/support/database.ts';
import type { ConsentService } from './consent.service.ts';
import { Ga4Adapter } from './ga4-adapter.ts';

describe(`GA4 Measurement Protocol adapter on ${testDbKind}`, () => {
  let database: TestDatabase;
  let consent: ConsentService;
  let server: Server;
  let endpoint: string;
  const received: { url: string; body: unknown }[] = [];

  beforeAll(async () => {
    ({ database, consent } = await createConsentTest());
    // A local stand-in for www.google-analytics.com: whatever reaches it has left the service.
    server = createServer((req, res) => {
      let data = '';
      req.on('data', (chunk: Buffer) => (data += chunk.toString()));
      req.on('end', () => {
        received.push({ url: req.url ?? '', body: JSON.parse(data) as unknown });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/mp/collect`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await database?.drop();
  });

  const adapter = () =>
    new Ga4Adapter({ measurementId: 'G-TEST', apiSecret: 'secret', consent, endpoint });
  const events = [{ name: 'page_view', params: { page_location: '/bras' } }];

  it('sends nothing at all without analytics consent', async () => {
    expect(await adapter().send({ visitorId: 'v-none' }, 'cid.1', events)).toEqual({
      sent: false,
      reason: 'no_consent',
    });
    await consent.record(bannerChoice(consent, { subject: { visitorId: 'v-no' } }));
    expect((await adapter().send({ visitorId: 'v-no' }, 'cid.2', events)).sent).toBe(false);
    await consent.record(
      bannerChoice(consent, {
        subject: { visitorId: 'v-gpc' },
        signals: { gpc: true, dnt: false },
        explicit: false,
      }),
    );
    expect((await adapter().send({ visitorId: 'v-gpc' }, 'cid.3', events)).sent).toBe(false);
    expect(received).toEqual([]);
  });

  it('sends the events with consent, ad signals following the marketing choice', async () => {
    await consent.record(
      bannerChoice(consent, {
        subject: { visitorId: 'v-yes' },
        decisions: { analytics: true, marketing: false, personalisation: false },
      }),
    );
    expect(await adapter().send({ visitorId: 'v-yes' }, 'cid.4', events)).toEqual({
      sent: true,
      status: 204,
    });
    expect(received).toHaveLength(1);
    expect(received[0]?.url).toBe('/mp/collect?measurement_id=G-TEST&api_secret=secret');
    expect(received[0]?.body).toEqual({
      client_id: 'cid.4',
      consent: { ad_user_data: 'DENIED', ad_personalization: 'DENIED' },
      events: [{ name: 'page_view', params: { page_location: '/bras' } }],
    });
    // Withdrawal stops the very next send.
    await consent.record(
      bannerChoice(consent, { subject: { visitorId: 'v-yes' }, source: 'privacy_center' }),
    );
    expect((await adapter().send({ visitorId: 'v-yes' }, 'cid.4', events)).sent).toBe(false);
    expect(received).toHaveLength(1);
  });
});
