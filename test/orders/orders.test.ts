import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { PaymentDeclinedError, InvalidTransitionError } from '../../src/orders/order-errors.ts';
import type { PlaceOrderInput } from '../../src/orders/place-order.ts';
import { NotPurchasedError } from '../../src/reviews/reviews.service.ts';
import { PriceChangedError } from '../../src/shop/checkout.service.ts';
import { ValidationError } from '../../src/kit/errors.ts';
import { createApp } from '../../src/app/app.ts';
import { createTestServices, type TestServices } from '../support/services.ts';
import { foundInClear, readAllTablesAsText } from '../support/tables-as-text.ts';

const slug = 'aurora-lace-brief';
const contact = {
  name: 'Kaisa Ylitalo-Testinen',
  email: 'kaisa.ylitalo@example.fi',
  phone: '+358401112233',
  street: 'Kalliolantie 77 B 9',
  postalCode: '70620',
  city: 'Kuopio',
};
const validCode = '131052-308T';

describe('orders', () => {
  let services: TestServices;
  const stock = async () =>
    (
      await services.database.db
        .selectFrom('products')
        .select('stock')
        .where('slug', '=', slug)
        .executeTakeFirstOrThrow()
    ).stock;
  const orderCount = async () =>
    Number(
      (
        await services.database.db
          .selectFrom('orders')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const input = (over: Partial<PlaceOrderInput> = {}): PlaceOrderInput => ({
    customerId: undefined,
    lang: 'en',
    cart: [{ slug, size: 'M', quantity: 5 }],
    contact,
    carrier: 'posti',
    paymentMethod: 'card',
    cardNumber: '4111 1111 1111 1111',
    whatsappNotices: false,
    ...over,
  });

  beforeAll(async () => {
    services = await createTestServices();
  });
  afterAll(async () => {
    await services?.close();
  });

  it.each(['posti', 'db_schenker', 'budbee'])(
    'places a card order delivered by %s',
    async (carrier) => {
      const before = await stock();
      const placed = await services.orders.place(input({ carrier }));
      expect(placed.status).toBe('paid');
      expect(placed.trackingId).toMatch(/^(JJFI|DBS|BB)\d{10}$/);
      expect(await stock()).toBe(before - 5);
      const order = await services.orders.get(placed.id);
      expect(order.carrier).toBe(carrier);
      expect(order.totalCents).toBe(5 * 2490 + order.deliveryFeeCents);
    },
  );

  it.each([
    ['bank', { bank: 'nordea' }, 'paid'],
    ['invoice', { identityCode: validCode }, 'placed'],
    ['part_payment', { identityCode: validCode }, 'paid'],
  ] as const)('places an order paid by %s', async (paymentMethod, extra, status) => {
    const placed = await services.orders.place(input({ paymentMethod, ...extra }));
    expect(placed.status).toBe(status);
    const order = await services.orders.get(placed.id);
    expect(order.paymentMethod).toBe(paymentMethod);
    if (paymentMethod === 'invoice') expect(order.invoiceDueOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('refuses an invalid identity code with a field message and changes nothing', async () => {
    const [before, count] = [await stock(), await orderCount()];
    const err = await services.orders
      .place(input({ paymentMethod: 'invoice', identityCode: '131052-308X' }))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).fields?.identityCode).toMatch(/check/i);
    expect([await stock(), await orderCount()]).toEqual([before, count]);
  });

  it('a declined card leaves no order and takes no stock', async () => {
    const [before, count] = [await stock(), await orderCount()];
    await expect(
      services.orders.place(input({ cardNumber: '4000 0000 0000 0002' })),
    ).rejects.toBeInstanceOf(PaymentDeclinedError);
    expect([await stock(), await orderCount()]).toEqual([before, count]);
  });

  it('a refused credit leaves no order but records the automated decision', async () => {
    const count = await orderCount();
    await expect(
      services.orders.place(input({ paymentMethod: 'invoice', identityCode: '010594Y9032' })),
    ).rejects.toBeInstanceOf(PaymentDeclinedError);
    expect(await orderCount()).toBe(count);
    const rows = await services.database.db
      .selectFrom('credit_decisions')
      .selectAll()
      .where('outcome', '=', 'rejected')
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.reasons).toContain('payment_default');
    expect(rows[0]!.logic_summary.length).toBeGreaterThan(20);
    expect(rows[0]!.order_id).toBeNull();
  });

  it('ignores tampered totals and refuses impossible quantities', async () => {
    const count = await orderCount();
    await expect(services.orders.place(input({ expectedTotalCents: 1 }))).rejects.toBeInstanceOf(
      PriceChangedError,
    );
    await expect(
      services.orders.place(input({ cart: [{ slug, size: 'M', quantity: 10_000 }] })),
    ).rejects.toBeInstanceOf(ValidationError);
    await expect(
      services.orders.place(input({ cart: [{ slug, size: 'M', quantity: -3 }] })),
    ).rejects.toThrow();
    await expect(
      services.orders.place(input({ contact: { ...contact, phone: '040 123' } })),
    ).rejects.toBeInstanceOf(ZodError);
    expect(await orderCount()).toBe(count);
  });

  it('stores no name, email, phone, address or identity code in clear', async () => {
    const { text } = await readAllTablesAsText(services.database.db);
    expect(
      foundInClear(text, [
        contact.name,
        contact.email,
        contact.phone,
        contact.street,
        validCode,
        '131052',
      ]),
    ).toEqual([]);
  });

  it('each disclosure carried only the fields the manifest allows', async () => {
    const sims = services.disclosures.simulators;
    const check = async (recipient: string, purpose: string, payloads: object[]) => {
      expect(payloads.length).toBeGreaterThan(0);
      const { fields } = await services.disclosures.gate.allowedFields(recipient, purpose);
      for (const p of payloads) for (const k of Object.keys(p)) expect(fields).toContain(k);
    };
    for (const carrier of ['posti', 'db_schenker', 'budbee']) {
      await check(
        carrier,
        'order_fulfilment',
        sims.carriers.bookings.filter((b) => b.carrier === carrier).map((b) => b.shipment),
      );
    }
    await check('avarda_payments', 'payment', sims.payments.received);
    await check('avarda_credit', 'credit_decision', sims.credit.received);
    const rows = await services.database.db.selectFrom('disclosures').selectAll().execute();
    expect(rows.every((r) => /^[A-Za-z0-9_-]{8,128}$/.test(r.subject_pseudonym))).toBe(true);
  });

  it('walks an invoice order through its statuses, paid before shipped', async () => {
    const placed = await services.orders.place(
      input({ paymentMethod: 'invoice', identityCode: validCode, whatsappNotices: true }),
    );
    await expect(services.orders.deliver(placed.id)).rejects.toBeInstanceOf(InvalidTransitionError);
    await expect(services.orders.ship(placed.id)).rejects.toBeInstanceOf(InvalidTransitionError);
    const paid = await services.orders.markPaid(placed.id);
    expect(paid).toMatchObject({ status: 'paid', paidAt: expect.any(Date) as unknown });
    await expect(services.orders.markPaid(placed.id)).rejects.toBeInstanceOf(
      InvalidTransitionError,
    );
    const sentBefore = services.disclosures.simulators.messaging.sent.length;
    expect((await services.orders.ship(placed.id)).status).toBe('shipped');
    await expect(services.orders.ship(placed.id)).rejects.toBeInstanceOf(InvalidTransitionError);
    await expect(services.orders.markPaid(placed.id)).rejects.toBeInstanceOf(
      InvalidTransitionError,
    );
    expect((await services.orders.deliver(placed.id)).status).toBe('delivered');
    await expect(services.orders.deliver(placed.id)).rejects.toBeInstanceOf(InvalidTransitionError);
    const sent = services.disclosures.simulators.messaging.sent.slice(sentBefore);
    expect(sent.map((s) => s.channel)).toEqual(['whatsapp', 'whatsapp']);
    expect(Object.keys(sent[0]!.message).sort()).toEqual(['message', 'phone']);
  });

  it('sends no WhatsApp notice unless chosen, and a card order cannot skip shipping', async () => {
    const placed = await services.orders.place(input());
    await expect(services.orders.deliver(placed.id)).rejects.toBeInstanceOf(InvalidTransitionError);
    const before = services.disclosures.simulators.messaging.sent.length;
    await services.orders.ship(placed.id);
    expect(services.disclosures.simulators.messaging.sent.length).toBe(before);
  });

  it('sends unpaid invoices past due to collection, once', async () => {
    const farFuture = '2999-01-01';
    const result = await services.orders.collectOverdue(farFuture);
    expect(result.failed).toBe(0);
    expect(result.submitted).toBeGreaterThan(0);
    const claims = services.disclosures.simulators.collection.cases;
    const { fields } = await services.disclosures.gate.allowedFields(
      'collection_agency',
      'debt_collection',
    );
    for (const c of claims) for (const k of Object.keys(c.claim)) expect(fields).toContain(k);
    expect(await services.orders.collectOverdue(farFuture)).toEqual({ submitted: 0, failed: 0 });
  });

  it('exports and erases a guest buyer: contact gone, accounting copy kept sealed', async () => {
    const module = services.rights.registry.get('orders')!;
    const subject = {
      customerId: null,
      emailIndex: services.vault.blindIndex('email', contact.email),
    };
    const db = services.database.db;
    const exported = await module.export(db, subject);
    expect(exported['user.delivery']?.[0]).toMatchObject({ email: contact.email });
    // Her own copy holds her identity code in full; only staff pages mask it.
    expect(exported['user.identity_code']?.[0]?.identityCode).toBe(validCode);
    const credit = exported['user.financial.credit']!;
    expect(credit.some((d) => d.outcome === 'rejected')).toBe(true);
    expect(credit[0]).toMatchObject({
      automatedDecision: true,
      source: { partner: 'avarda_credit' },
    });

    const outcome = await db
      .transaction()
      .execute((trx) => module.erase(trx, subject, { requestId: 'r1', keep: [] }));
    expect(outcome.kept).toContain('user.financial.billing');
    const after = await module.export(db, subject);
    expect(after['user.delivery']).toBeUndefined();
    expect(after['user.financial.credit']).toBeUndefined();
    expect(after['user.financial.billing']?.[0]).toMatchObject({ name: contact.name });
  });

  it('reviews: only buyers, escaped on the product page, erased with the author', async () => {
    const customerId = 'cust_reviewer_0001';
    await expect(
      services.reviews.submit(customerId, slug, { rating: 5, displayName: 'K', text: 'x' }),
    ).rejects.toBeInstanceOf(NotPurchasedError);
    await services.orders.place(input({ customerId }));
    await expect(
      services.reviews.submit(customerId, slug, { rating: 6, displayName: 'K', text: 'x' }),
    ).rejects.toBeInstanceOf(ZodError);
    await expect(
      services.reviews.submit(customerId, slug, {
        rating: 4,
        displayName: 'K',
        text: 'x'.repeat(2001),
      }),
    ).rejects.toBeInstanceOf(ZodError);
    const evil = '<script>alert("x")</script> Ihana!';
    await services.reviews.submit(customerId, slug, {
      rating: 4,
      displayName: 'Kaisa Y.',
      text: evil,
    });
    const page = await (await createApp(services).request(`/products/${slug}`)).text();
    expect(page).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Ihana!');
    expect(page).not.toContain('<script>alert');
    const { text } = await readAllTablesAsText(services.database.db);
    expect(foundInClear(text, ['Ihana!', 'Kaisa Y.'])).toEqual([]);

    const module = services.rights.registry.get('reviews')!;
    const subject = { customerId, emailIndex: null };
    expect((await module.export(services.database.db, subject))['user.review']).toHaveLength(1);
    await services.database.db
      .transaction()
      .execute((trx) => module.erase(trx, subject, { requestId: 'r2', keep: [] }));
    expect(await services.reviews.ofProduct(slug)).toEqual([]);
  });
});
