import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bannerChoice } from '../support/consent.ts';
import { createApp } from '../../src/app/app.ts';
import { createTestServices, type TestServices } from '../support/services.ts';
import type { ConsentSubject } from '../../src/consent/consent.ts';

describe('browsing events and recommendations follow consent', () => {
  let services: TestServices;
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    services = await createTestServices();
    app = createApp(services);
  });

  afterAll(async () => {
    await services.close();
  });

  const eventsUnder = (id: string) =>
    services.database.db
      .selectFrom('browsing_events')
      .selectAll()
      .where('visitor_id', '=', id)
      .execute();

  async function choose(subject: ConsentSubject, analytics: boolean, personalisation: boolean) {
    await services.consent.ensureTexts();
    await services.consent.record(
      bannerChoice(services.consent, {
        subject,
        decisions: { analytics, marketing: false, personalisation },
      }),
    );
  }

  const visit = (path: string, visitorId: string) =>
    app.request(path, { headers: { cookie: `hs_vid=${visitorId}`, accept: 'text/html' } });

  const vid = () => randomUUID().replaceAll('-', '').slice(0, 22);

  it('records product views and searches under hs_vid only with analytics consent', async () => {
    const [product] = await services.shop.catalog.all();
    const without = vid();
    expect((await visit(`/products/${product!.slug}`, without)).status).toBe(200);
    expect((await visit('/search?q=lace', without)).status).toBe(200);
    expect(await eventsUnder(without)).toEqual([]);

    const refused = vid();
    await choose({ visitorId: refused }, false, true);
    await visit(`/products/${product!.slug}`, refused);
    expect(await eventsUnder(refused)).toEqual([]);

    const allowed = vid();
    await choose({ visitorId: allowed }, true, false);
    await visit(`/products/${product!.slug}`, allowed);
    await visit('/search?q=lace', allowed);
    const events = await eventsUnder(allowed);
    expect(events.map((e) => [e.event, e.product_id, e.search])).toEqual([
      ['product_view', product!.slug, null],
      ['search', null, 'lace'],
    ]);
  });

  it('records a signed-in customer under the vault pseudonym, never the customer id', async () => {
    const customerId = randomUUID();
    const [product] = await services.shop.catalog.all();
    expect(
      await services.shop.track!(
        { customerId },
        { event: 'product_view', path: '/p', productId: product!.slug },
      ),
    ).toBe(false);
    await choose({ customerId }, true, false);
    await services.shop.track!(
      { customerId },
      { event: 'product_view', path: '/p', productId: product!.slug },
    );
    const pseudonym = await services.vault.pseudonym(services.database.db, customerId);
    expect(pseudonym).not.toBe(customerId);
    expect(await eventsUnder(pseudonym)).toHaveLength(1);
    expect(await eventsUnder(customerId)).toEqual([]);
    // Export and erasure through the rights registry.
    const module = services.rights.registry.get('browsing')!;
    const subject = { customerId, emailIndex: null };
    expect((await module.export(services.database.db, subject))['user.browsing']).toHaveLength(1);
    await services.database.db
      .transaction()
      .execute((trx) => module.erase(trx, subject, { requestId: 'r', keep: [] }));
    expect(await eventsUnder(pseudonym)).toEqual([]);
    // The pseudonym link is shared with the disclosure and audit logs: the disclosures module
    // erases it, after every module that still looks the person up by it.
    const disclosures = services.rights.registry.get('disclosures')!;
    await services.database.db
      .transaction()
      .execute((trx) => disclosures.erase(trx, subject, { requestId: 'r', keep: [] }));
    expect(
      await services.vault.subjectOfPseudonym(services.database.db, pseudonym),
    ).toBeUndefined();
  });

  it('personalises recommendations only with personalisation consent', async () => {
    const all = await services.shop.catalog.all();
    const bestSellers = await services.shop.recommend({ lang: 'en', limit: 4 });
    expect(bestSellers).toHaveLength(4);
    // A category the best-seller list does not lead with.
    const target = all.find((p) => p.stock > 0 && p.category !== bestSellers[0]!.category)!;

    const viewerOnly = vid();
    await choose({ visitorId: viewerOnly }, true, false);
    await visit(`/products/${target.slug}`, viewerOnly);
    const plain = await services.shop.recommend({
      lang: 'en',
      limit: 4,
      subject: { visitorId: viewerOnly },
    });
    expect(plain.map((p) => p.slug)).toEqual(bestSellers.map((p) => p.slug));

    const personalised = vid();
    await choose({ visitorId: personalised }, true, true);
    await visit(`/products/${target.slug}`, personalised);
    const mine = await services.shop.recommend({
      lang: 'en',
      limit: 4,
      subject: { visitorId: personalised },
    });
    expect(mine[0]!.category).toBe(target.category);
    expect(mine.map((p) => p.slug)).not.toEqual(bestSellers.map((p) => p.slug));

    // The front page shows the same list.
    const home = await (await visit('/', personalised)).text();
    expect(home).toContain(`/products/${mine[0]!.slug}`);
  });
});
