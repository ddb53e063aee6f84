/**
 * A realistic store for the storefront bench: the 24 demo products plus generated variants (500
 * products in all by default) and an order history (2,000 orders, 1–3 lines each) whose
 * best-seller ranking is skewed the way real sales are.
 *
 * The orders carry no personal data at all: they look like orders past both retention periods
 * (unlinked from any customer, contact and billing copies dropped, src/orders/orders.retention.ts),
 * which is what most of a real store's history is. Deterministic: the same arguments give the
 * same rows.
 *
 * @example
 *   await seedShopBench(database, { products: 500, orders: 2000 });
 */
import { randomUUID } from 'node:crypto';
import type { Database } from '../src/kit/db/database.ts';
import { insertMissingProducts } from '../src/shop/catalog.repository.ts';
import type { Product } from '../src/shop/catalog.ts';
import { demoProducts } from '../src/shop/catalog-seed.ts';
import { mulberry32 } from '../src/seed/prng.ts';

/** The demo products, then variants of them (`aurora-lace-brief-2`, "Aurora Lace Brief 2", …). */
export function benchProducts(count: number): Product[] {
  const products = [...demoProducts];
  for (let i = 0; products.length < count; i++) {
    const base = demoProducts[i % demoProducts.length]!;
    const n = Math.floor(i / demoProducts.length) + 2;
    products.push({
      ...base,
      slug: `${base.slug}-${n}`,
      name: { en: `${base.name.en} ${n}`, fi: `${base.name.fi} ${n}`, sv: `${base.name.sv} ${n}` },
      priceCents: base.priceCents + n * 100,
      stock: 40 + (i % 60),
      featured: false,
    });
  }
  return products;
}

export async function seedShopBench(
  database: Database,
  options: { products: number; orders: number; seed?: number },
): Promise<{ products: number; orders: number; lines: number }> {
  const products = benchProducts(options.products);
  await insertMissingProducts(database.db, products);
  const random = mulberry32(options.seed ?? 15);
  const now = Date.now();
  let lines = 0;
  for (let start = 0; start < options.orders; start += 250) {
    const orders = [];
    const orderLines = [];
    for (let i = start; i < Math.min(options.orders, start + 250); i++) {
      const id = randomUUID();
      const count = 1 + Math.floor(random() * 3);
      let goods = 0;
      for (let position = 0; position < count; position++) {
        // Squaring skews sales towards the start of the catalog: a few products sell most.
        const product = products[Math.floor(random() ** 2 * products.length)]!;
        const quantity = 1 + Math.floor(random() * 2);
        goods += product.priceCents * quantity;
        orderLines.push({
          order_id: id,
          position,
          slug: product.slug,
          name: JSON.stringify(product.name),
          size: product.sizes[0]!,
          quantity,
          unit_price_cents: product.priceCents,
          line_total_cents: product.priceCents * quantity,
        });
      }
      lines += count;
      const placed = new Date(now - (7 * 365 + Math.floor(random() * 365)) * 86_400_000);
      orders.push({
        id,
        reference: `HS-BENCH-${String(i + 1).padStart(6, '0')}`,
        subject_id: randomUUID(),
        customer_id: null,
        email_index: `bench-${i + 1}`,
        lang: (['en', 'fi', 'sv'] as const)[i % 3]!,
        status: 'delivered' as const,
        carrier: 'posti',
        payment_method: '',
        goods_cents: goods,
        delivery_fee_cents: 0,
        total_cents: goods,
        vat_cents: Math.round((goods * 2550) / 12550),
        whatsapp_notices: false,
        contact_sealed: null,
        billing_sealed: null,
        identity_code_sealed: null,
        payment_reference: null,
        tracking_id: null,
        accounting_until: new Date(placed.getTime() + 6 * 365 * 86_400_000)
          .toISOString()
          .slice(0, 10),
        created_at: placed,
        anonymised_at: new Date(placed.getTime() + 3 * 365 * 86_400_000),
        vouchers_ended_at: new Date(placed.getTime() + 6 * 365 * 86_400_000),
      });
    }
    await database.db.insertInto('orders').values(orders).execute();
    await database.db.insertInto('order_lines').values(orderLines).execute();
  }
  return { products: products.length, orders: options.orders, lines };
}
