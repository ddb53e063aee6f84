import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/app/cli.ts';
import { openProfile } from '../../src/customers/customer-profile.ts';
import { verifyPassword } from '../../src/customers/sign-in/password.ts';
import { DEMO_CUSTOMERS, seedDemoOnce, seedDeps } from '../../src/seed/demo-seed.ts';
import { DEMO_PASSWORD, seedCustomers } from '../../src/seed/seed.service.ts';
import { customerActivity, type CustomerActivity } from '../../src/seed/customer-activity.ts';
import { derivedUuid } from '../../src/seed/prng.ts';
import { openContact } from '../../src/orders/order-contact.ts';
import { vatOf } from '../../src/shop/money.ts';
import type { Product } from '../../src/shop/catalog.ts';
import { createTestServices, type TestServices } from '../support/services.ts';
import { foundInClear, readAllTablesAsText } from '../support/tables-as-text.ts';

async function people(services: TestServices) {
  const db = services.database.db;
  const rows = await db.selectFrom('customers').selectAll().orderBy('id').execute();
  const out = [];
  for (const row of rows) {
    const p = await openProfile(services.vault, db, row);
    out.push({ id: row.id, ...p });
  }
  return out;
}

describe('custodian seed', () => {
  let a: TestServices;
  let b: TestServices;

  beforeAll(async () => {
    [a, b] = await Promise.all([createTestServices(), createTestServices()]);
  });

  afterAll(async () => {
    await Promise.all([a.close(), b.close()]);
  });

  it('is deterministic: the same seed gives the same people in two databases', async () => {
    // On PostgreSQL the first run seals in worker threads and writes its batches over three
    // connections at once, the second seals on the main thread and writes over one.
    const progress: number[] = [];
    const first = await seedCustomers(seedDeps(a), {
      customers: 12,
      seed: 7,
      batchSize: 5,
      workers: 2,
      connections: 3,
      onProgress: (done) => progress.push(done),
    });
    const second = await seedCustomers(seedDeps(b), {
      customers: 12,
      seed: 7,
      batchSize: 4,
      connections: 1,
    });
    // Batches finish in any order; the progress counts only those before the first unfinished.
    expect(progress).toEqual([5, 10, 12, 12]);
    expect(first.created).toBe(12);
    expect(second.created).toBe(12);
    const pa = await people(a);
    expect(pa).toEqual(await people(b));
    expect(new Set(pa.map((p) => p.email)).size).toBe(12);
  });

  it('is idempotent and extends: a re-run skips existing customers, a larger N adds the rest', async () => {
    const again = await seedCustomers(seedDeps(a), { customers: 12, seed: 7 });
    expect(again).toMatchObject({ created: 0, skipped: 12, rows: 0 });
    const more = await seedCustomers(seedDeps(a), { customers: 15, seed: 7 });
    expect(more.created).toBe(3);
    expect(more.skipped).toBe(12);
    const other = await seedCustomers(seedDeps(b), { customers: 3, seed: 8 });
    expect(other.created).toBe(3);
    const emails = (await people(b)).map((p) => p.email);
    expect(new Set(emails).size).toBe(15);
  });

  it('keeps the vault and consent promises in the data it creates', async () => {
    const db = a.database.db;
    const all = await people(a);
    const { text } = await readAllTablesAsText(db);
    expect(
      foundInClear(
        text,
        all.map((p) => String(p.email)),
      ),
    ).toEqual([]);
    const row = await db.selectFrom('customers').select('password_hash').executeTakeFirstOrThrow();
    expect(await verifyPassword(row.password_hash!, DEMO_PASSWORD)).toBe(true);

    const pseudonyms = await db
      .selectFrom('browsing_events')
      .select('visitor_id')
      .distinct()
      .execute();
    expect(pseudonyms.length).toBeGreaterThan(0);
    for (const { visitor_id } of pseudonyms) {
      const customerId = await a.vault.subjectOfPseudonym(db, visitor_id);
      expect(customerId).toBeDefined();
      expect(await a.consent.allows({ customerId }, 'analytics')).toBe(true);
    }
    const subs = await db.selectFrom('newsletter_subscriptions').selectAll().execute();
    for (const s of subs) {
      expect(
        await a.consent.allows({ visitorId: s.id, customerId: s.customer_id! }, 'newsletter'),
      ).toBe(true);
    }
  });

  it('seeds the start-up demo set once, and never into a store that has other customers', async () => {
    const fresh = await createTestServices();
    try {
      const signIns = await seedDemoOnce(fresh);
      expect(signIns).toHaveLength(3);
      expect((await people(fresh)).length).toBe(DEMO_CUSTOMERS);
      expect(await seedDemoOnce(fresh)).toEqual(signIns);
      expect((await people(fresh)).length).toBe(DEMO_CUSTOMERS);
      expect((await people(fresh)).map((p) => p.email)).toContain(signIns[0]!.email);
    } finally {
      await fresh.close();
    }
    expect(await seedDemoOnce(b)).toEqual([]);
  });

  it.runIf(process.env.CUSTODIAN_TEST_DB === 'postgres')(
    'refuses to seal in workers with keys other than the vault’s, and writes nothing',
    async () => {
      const fresh = await createTestServices();
      try {
        const deps = seedDeps(fresh);
        const real = await deps.vaultKeys!();
        const other = Buffer.alloc(32, 7);
        for (const keys of [
          { ...real, masterKey: other },
          { ...real, indexKey: other },
        ]) {
          await expect(
            seedCustomers(
              { ...deps, vaultKeys: async () => keys },
              { customers: 3, seed: 9, workers: 1 },
            ),
          ).rejects.toThrow(/other vault keys/);
        }
        expect(await countRows(fresh.database.db, 'customers')).toBe(0);
      } finally {
        await fresh.close();
      }
    },
    // Two pools started from source (each worker compiles its modules through tsx).
    180_000,
  );

  it('writes a default-sized batch of 2,000 customers in one go', async () => {
    // On PGlite the rows go in as multi-row INSERTs; a statement over 32,767 parameters (the
    // keys of 2,000 customers are 4,800 rows) broke PGlite's protocol reader, failing or hanging
    // the seed. On PostgreSQL the batch is COPY and the same promise holds.
    const before = await countRows(a.database.db, 'customers');
    const run = await seedCustomers(seedDeps(a), { customers: 2_000, seed: 11, batchSize: 2_000 });
    expect(run.created).toBe(2_000);
    expect(await countRows(a.database.db, 'customers')).toBe(before + 2_000);
  }, 120_000);

  it('refuses bad options with exit code 2', async () => {
    expect(await runCli(['seed', '--customers', 'many'])).toBe(2);
    expect(await runCli(['seed', '--customers', '1', '--workers', 'two'])).toBe(2);
    expect(await runCli(['seed', '--customers', '0'])).toBe(2);
    expect(await runCli(['seed'])).toBe(2);
  });
});

describe('custodian seed: customers with a history', () => {
  const seed = 3;
  const today = new Date('2026-12-01T00:00:00Z');
  const N = 40;
  let c: TestServices;
  let products: Product[];
  const plans: CustomerActivity[] = [];

  beforeAll(async () => {
    c = await createTestServices();
    products = await c.shop.catalog.all();
    for (let i = 0; i < N; i++) plans.push(customerActivity(seed, i, today, products));
    // Worker threads on PostgreSQL (PGlite has no COPY: the main thread seals there).
    await seedCustomers(seedDeps(c), { customers: N, seed, today, batchSize: 16, workers: 2 });
  }, 60_000);

  afterAll(async () => {
    await c.close();
  });

  it('gives every customer orders, reviews, browsing, consents and subscriptions as planned', async () => {
    const db = c.database.db;
    for (const [i, plan] of plans.entries()) {
      const id = derivedUuid(seed, 'customer', i);
      const orders = await db
        .selectFrom('orders')
        .selectAll()
        .where('customer_id', '=', id)
        .orderBy('created_at')
        .execute();
      expect(orders.map((o) => o.reference)).toEqual(plan.orders.map((o) => o.reference));
      for (const o of orders) {
        const lines = await db
          .selectFrom('order_lines')
          .selectAll()
          .where('order_id', '=', o.id)
          .execute();
        expect(lines.length).toBeGreaterThan(0);
        expect(o.goods_cents).toBe(lines.reduce((n, l) => n + l.line_total_cents, 0));
        expect(o.total_cents).toBe(o.goods_cents + o.delivery_fee_cents);
        expect(o.vat_cents).toBe(vatOf(o.total_cents));
        expect(o.created_at.getTime()).toBeLessThan(today.getTime());
        expect(o.status === 'delivered').toBe(o.delivered_at !== null);
        // The checkout's own reader opens what the seed sealed.
        expect((await openContact(c.vault, db, id, o.contact_sealed))?.email).toBe(
          plan.person.email,
        );
      }
      const reviews = await db
        .selectFrom('reviews')
        .select('product_slug')
        .where('customer_id', '=', id)
        .execute();
      expect(reviews.length).toBe(plan.reviews.length);
      const links = await db
        .selectFrom('consent_customer_links')
        .select('record_id')
        .where('customer_id', '=', id)
        .execute();
      expect(links.length).toBe(plan.newsletter ? 2 : 1);
      const subs = await db
        .selectFrom('newsletter_subscriptions')
        .select('status')
        .where('customer_id', '=', id)
        .execute();
      expect(subs.map((s) => s.status)).toEqual(plan.newsletter ? ['confirmed'] : []);
      const pseudonym = await c.vault.existingPseudonym(db, id);
      const views = pseudonym
        ? await db
            .selectFrom('browsing_events')
            .select('product_id')
            .where('visitor_id', '=', pseudonym)
            .execute()
        : [];
      expect(views.length).toBe(plan.views.length);
      expect(views.length > 0).toBe(plan.decisions.analytics);
    }
    // Realistic on the whole: most customers ordered, over more than a year, in every status,
    // with every carrier and both payment methods; some reviewed, browsed and subscribed.
    const all = plans.flatMap((p) => p.orders);
    expect(plans.filter((p) => p.orders.length > 0).length).toBeGreaterThan(N / 2);
    const times = all.map((o) => o.placedAt.getTime());
    expect(Math.max(...times) - Math.min(...times)).toBeGreaterThan(365 * 86_400_000);
    expect(new Set(all.map((o) => o.carrier)).size).toBe(3);
    expect(new Set(all.map((o) => o.paymentMethod))).toEqual(new Set(['card', 'bank']));
    expect(plans.some((p) => p.reviews.length > 0)).toBe(true);
    expect(plans.some((p) => p.views.length > 0)).toBe(true);
    expect(plans.some((p) => p.newsletter)).toBe(true);
  });

  it('puts a seeded customer’s orders, reviews, browsing, consents and subscription in their data copy', async () => {
    const db = c.database.db;
    const withReview = plans.findIndex((p) => p.reviews.length > 0);
    const withViews = plans.findIndex((p) => p.views.length > 0 && p.orders.length > 0);
    const withNewsletter = plans.findIndex((p) => p.newsletter);
    for (const i of [withReview, withViews, withNewsletter]) {
      const plan = plans[i]!;
      const customerId = derivedUuid(seed, 'customer', i);
      const subject = {
        customerId,
        emailIndex: c.vault.blindIndex('email', plan.person.email),
      };
      const copy: Record<string, Record<string, Record<string, unknown>[]>> = {};
      for (const m of c.rights.registry.modules()) copy[m.name] = await m.export(db, subject);
      expect((copy.orders!['user.purchase_history'] ?? []).map((o) => o.reference).sort()).toEqual(
        plan.orders.map((o) => o.reference).sort(),
      );
      expect(
        (copy.orders!['user.delivery'] ?? []).every((d) => d.email === plan.person.email),
      ).toBe(true);
      expect((copy.reviews!['user.review'] ?? []).map((r) => r.text).sort()).toEqual(
        plan.reviews.map((r) => r.text).sort(),
      );
      expect(copy.browsing!['user.browsing'] ?? []).toHaveLength(plan.views.length);
      expect((copy.consent!['user.consent'] ?? []).length).toBeGreaterThanOrEqual(1);
      expect(copy.newsletter!['user.contact.email'] ?? []).toHaveLength(plan.newsletter ? 1 : 0);
      expect(JSON.stringify(copy.customer_accounts)).toContain(plan.person.email);
    }
  });

  it('writes a batch whole or not at all, and a re-run finishes what a failed run left', async () => {
    const fresh = await createTestServices();
    try {
      const db = fresh.database.db;
      const catalog = await fresh.shop.catalog.all();
      // The first customer after the first batch who writes a review: that review's id, taken
      // in advance, makes the second batch fail on its last-but-one table.
      let i = 1;
      while (customerActivity(seed, i, today, catalog).reviews.length === 0) i++;
      const blocker = customerActivity(seed, i, today, catalog).reviews[0]!;
      await db
        .insertInto('reviews')
        .values({
          id: blocker.id,
          product_slug: blocker.slug,
          customer_id: 'someone-else',
          rating: 5,
          display_name_sealed: 'x',
          text_sealed: 'x',
        })
        .execute();
      const options = { customers: 2 * i, seed, today, batchSize: i, workers: 1 };
      await expect(seedCustomers(seedDeps(fresh), options)).rejects.toThrow();
      // The first batch is in; of the second, nothing: no customer, order, key or consent.
      const secondBatch = Array.from({ length: i }, (_, k) => derivedUuid(seed, 'customer', i + k));
      expect(await countRows(db, 'customers')).toBe(i);
      for (const table of ['orders', 'reviews'] as const) {
        const n = await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where('customer_id', 'in', secondBatch)
          .executeTakeFirstOrThrow();
        expect(Number(n.n)).toBe(0);
      }
      const keys = await db
        .selectFrom('vault_keys')
        .select('key_id')
        .where('subject_id', 'in', secondBatch)
        .execute();
      expect(keys).toEqual([]);
      const links = await db
        .selectFrom('consent_customer_links')
        .select('record_id')
        .where('customer_id', 'in', secondBatch)
        .execute();
      expect(links).toEqual([]);

      await db.deleteFrom('reviews').where('id', '=', blocker.id).execute();
      const rerun = await seedCustomers(seedDeps(fresh), options);
      expect(rerun).toMatchObject({ created: i, skipped: i });
      expect(await countRows(db, 'customers')).toBe(2 * i);
    } finally {
      await fresh.close();
    }
    // Two runs, each starting a seed worker from source.
  }, 180_000);
});

async function countRows(db: TestServices['database']['db'], table: 'customers'): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
