import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.ts';
import { createShopServices, type ShopServices } from '../shop.service.ts';
import type { Cart } from './cart.ts';

describe('cart service', () => {
  let database: TestDatabase;
  let shop: ShopServices;
  beforeAll(async () => {
    database = await createTestDatabase();
    shop = await createShopServices(database.db);
  });
  afterAll(() => database?.drop());

  it('prices every line from the catalog', async () => {
    let cart: Cart = [];
    cart = await shop.carts.add(cart, { slug: 'aurora-lace-brief', size: 'M', quantity: 2 });
    cart = await shop.carts.add(cart, { slug: 'silkki-sleep-mask', quantity: 1 });
    const priced = await shop.carts.price(cart);
    expect(priced.lines.map((l) => [l.product.slug, l.size, l.quantity, l.lineTotalCents])).toEqual(
      [
        ['aurora-lace-brief', 'M', 2, 4980],
        ['silkki-sleep-mask', 'one-size', 1, 2990],
      ],
    );
    expect(priced.subtotalCents).toBe(7970);
    expect(priced.vatCents).toBe(Math.round((7970 * 255) / 1255));
    expect(priced.itemCount).toBe(3);
  });

  it('follows a price change in the catalog', async () => {
    const cart: Cart = [{ slug: 'sumu-cami-top', size: 'S', quantity: 1 }];
    await database.db
      .updateTable('products')
      .set({ price_cents: 2990 })
      .where('slug', '=', 'sumu-cami-top')
      .execute();
    expect((await shop.carts.price(cart)).subtotalCents).toBe(2990);
  });

  it('refuses an unknown product, an unknown size, or a missing size', async () => {
    await expect(
      shop.carts.add([], { slug: 'no-such-bra', size: 'M', quantity: 1 }),
    ).rejects.toThrow(/no such product/);
    await expect(
      shop.carts.add([], { slug: 'aurora-lace-balconette', size: 'M', quantity: 1 }),
    ).rejects.toMatchObject({ fields: { size: expect.any(String) as string } });
    await expect(
      shop.carts.add([], { slug: 'aurora-lace-balconette', quantity: 1 }),
    ).rejects.toThrow(/Choose a size/);
  });

  it('refuses more than the stock across sizes', async () => {
    await database.db
      .updateTable('products')
      .set({ stock: 3 })
      .where('slug', '=', 'lumi-satin-body')
      .execute();
    let cart = await shop.carts.add([], { slug: 'lumi-satin-body', size: 'S', quantity: 2 });
    await expect(
      shop.carts.add(cart, { slug: 'lumi-satin-body', size: 'M', quantity: 2 }),
    ).rejects.toThrow(/Only 3/);
    cart = await shop.carts.add(cart, { slug: 'lumi-satin-body', size: 'M', quantity: 1 });
    expect(cart).toHaveLength(2);
  });

  it('updates and removes lines', async () => {
    let cart = await shop.carts.add([], { slug: 'pilvi-robe', size: 'L/XL', quantity: 1 });
    cart = await shop.carts.update(cart, { slug: 'pilvi-robe', size: 'L/XL', quantity: 4 });
    expect(cart[0]?.quantity).toBe(4);
    cart = await shop.carts.remove(cart, { slug: 'pilvi-robe', size: 'L/XL' });
    expect(cart).toEqual([]);
  });

  it('leaves out lines whose product is gone, and says so', async () => {
    const cart: Cart = [
      { slug: 'retired-product', size: 'M', quantity: 1 },
      { slug: 'aurora-lace-brief', size: 'XXXL', quantity: 1 },
      { slug: 'aurora-lace-brief', size: 'S', quantity: 1 },
    ];
    const priced = await shop.carts.price(cart);
    expect(priced.lines).toHaveLength(1);
    expect(priced.droppedLines).toBe(2);
    expect(await shop.carts.prune(cart)).toEqual([
      { slug: 'aurora-lace-brief', size: 'S', quantity: 1 },
    ]);
  });
});
