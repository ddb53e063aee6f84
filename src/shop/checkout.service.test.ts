import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { createTestDatabase, type TestDatabase } from '../../test/support/database.ts';
import type { Cart } from './cart/cart.ts';
import { PriceChangedError } from './checkout.service.ts';
import { createShopServices, type ShopServices } from './shop.service.ts';

describe('checkout quote', () => {
  let database: TestDatabase;
  let shop: ShopServices;
  const cart: Cart = [
    { slug: 'aurora-lace-balconette', size: '75C', quantity: 1 }, // 59.90
    { slug: 'aurora-lace-brief', size: 'M', quantity: 1 }, // 24.90
  ];
  beforeAll(async () => {
    database = await createTestDatabase();
    shop = await createShopServices(database.db);
  });
  afterAll(() => database?.drop());

  it('adds the carrier fee and derives the VAT of the whole', async () => {
    const quote = await shop.checkout.quote({
      cart,
      postalCode: '70620',
      carrier: 'posti',
      paymentMethod: 'card',
    });
    expect(quote.goodsCents).toBe(8480);
    expect(quote.delivery).toEqual({ feeCents: 590, minDays: 1, maxDays: 1 });
    expect(quote.totalCents).toBe(9070);
    expect(quote.vatCents).toBe(Math.round((9070 * 255) / 1255));
    expect(quote.lines.map((l) => l.lineTotalCents)).toEqual([5990, 2490]);
  });

  it('delivers free from 100 €', async () => {
    const quote = await shop.checkout.quote({
      cart: [{ slug: 'aurora-lace-balconette', size: '75C', quantity: 2 }],
      postalCode: '00100',
      carrier: 'budbee',
      paymentMethod: 'bank',
    });
    expect(quote.delivery.feeCents).toBe(0);
    expect(quote.totalCents).toBe(11980);
  });

  it('ignores prices the client sends, and refuses a total that does not match', async () => {
    const input = {
      cart,
      postalCode: '70620',
      carrier: 'db_schenker',
      paymentMethod: 'card',
      unitPriceCents: 1,
      totalCents: 1,
    };
    expect((await shop.checkout.quote(input)).totalCents).toBe(8970);
    await expect(shop.checkout.quote({ ...input, expectedTotalCents: 1 })).rejects.toBeInstanceOf(
      PriceChangedError,
    );
    expect((await shop.checkout.quote({ ...input, expectedTotalCents: 8970 })).totalCents).toBe(
      8970,
    );
  });

  it('refuses a carrier that does not serve the postal code', async () => {
    await expect(
      shop.checkout.quote({ cart, postalCode: '96100', carrier: 'budbee', paymentMethod: 'card' }),
    ).rejects.toMatchObject({
      code: 'validation_failed',
      fields: { carrier: expect.any(String) as string },
    });
  });

  it('refuses unknown carriers, payment methods and bad postal codes', async () => {
    for (const bad of [
      { postalCode: '7062', carrier: 'posti', paymentMethod: 'card' },
      { postalCode: '70620', carrier: 'dhl', paymentMethod: 'card' },
      { postalCode: '70620', carrier: 'posti', paymentMethod: 'bitcoin' },
    ]) {
      await expect(shop.checkout.quote({ cart, ...bad })).rejects.toBeInstanceOf(ZodError);
    }
  });

  it('refuses an empty cart and a cart with a product that is gone', async () => {
    const choice = { postalCode: '70620', carrier: 'posti', paymentMethod: 'card' };
    await expect(shop.checkout.quote({ cart: [], ...choice })).rejects.toThrow(/empty/);
    await expect(
      shop.checkout.quote({ cart: [...cart, { slug: 'gone', size: 'M', quantity: 1 }], ...choice }),
    ).rejects.toBeInstanceOf(PriceChangedError);
  });

  it('offers part payment only from 100 €', async () => {
    const choice = { postalCode: '70620', carrier: 'posti', paymentMethod: 'part_payment' };
    await expect(shop.checkout.quote({ cart, ...choice })).rejects.toMatchObject({
      fields: { paymentMethod: expect.any(String) as string },
    });
    const big: Cart = [{ slug: 'lumi-satin-body', size: 'M', quantity: 2 }];
    expect((await shop.checkout.quote({ cart: big, ...choice })).paymentMethod).toBe(
      'part_payment',
    );
  });
});
