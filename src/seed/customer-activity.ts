/**
 * What a made-up customer did in the store, from (seed, index) alone: when they joined, their
 * orders (lines over the catalog, carrier, payment, status by age), the reviews they wrote of
 * products delivered to them, their cookie choices, product views (only with analytics allowed)
 * and whether they take the newsletter. Pure: no keys, no database, no clock.
 *
 * Dates: the account is up to ~2.7 years old and the orders spread from its creation to `today`,
 * all within the consumer-trade period (3 years), so nothing seeded is already due for the
 * retention sweeps; the cookie choice is within the banner's renewal period (150 days).
 */
import { vatOf } from '../shop/money.ts';
import { deliveryFee, type Carrier } from '../shop/delivery.ts';
import type { PaymentMethod } from '../shop/checkout.service.ts';
import type { Product } from '../shop/catalog.ts';
import type { OrderStatus } from '../orders/orders.tables.ts';
import { demoPerson, streets, towns, type DemoPerson } from './demo-people.ts';
import { derivedUuid, intBetween, pick, rngFor, type Rng } from './prng.ts';

const DAY = 86_400_000;
const MAX_ACCOUNT_DAYS = 1000;
const RENEWAL_DAYS = 150;

export interface SeededLine {
  product: Product;
  size: string;
  quantity: number;
}

export interface SeededOrder {
  id: string;
  reference: string;
  placedAt: Date;
  status: OrderStatus;
  carrier: Carrier;
  paymentMethod: Extract<PaymentMethod, 'card' | 'bank'>;
  lines: SeededLine[];
  goodsCents: number;
  deliveryFeeCents: number;
  totalCents: number;
  vatCents: number;
  paidAt: Date | null;
  shippedAt: Date | null;
  deliveredAt: Date | null;
  paymentReference: string | null;
  trackingId: string | null;
  whatsappNotices: boolean;
}

export interface SeededReview {
  id: string;
  slug: string;
  rating: number;
  displayName: string;
  text: string;
  at: Date;
}

export interface CustomerActivity {
  index: number;
  person: DemoPerson;
  joined: Date;
  /** The latest cookie choice (within the renewal period). */
  decidedAt: Date;
  decisions: { analytics: boolean; marketing: boolean; personalisation: boolean };
  contact: { street: string; postalCode: string; city: string; phone: string };
  orders: SeededOrder[];
  reviews: SeededReview[];
  views: { slug: string; at: Date }[];
  newsletter: boolean;
  lastActive: Date;
}

const reviewTexts: Record<DemoPerson['lang'], string[]> = {
  fi: [
    'Istuu hyvin ja tuntuu pehmeältä.',
    'Kaunis pitsi, koko oli oikea.',
    'Hyvä laatu, tilaan lisää.',
    'Hieman pieni, mutta tosi mukava.',
  ],
  sv: [
    'Sitter bra och känns mjuk.',
    'Vacker spets, storleken stämde.',
    'Bra kvalitet, beställer mer.',
    'Lite liten, men mycket skön.',
  ],
  en: [
    'Fits well and feels soft.',
    'Beautiful lace, the size was right.',
    'Good quality, will order more.',
    'A little small, but very comfortable.',
  ],
};

function hex(rng: Rng, digits: number): string {
  let out = '';
  while (out.length < digits) out += ((rng() * 0x1_0000_0000) >>> 0).toString(16).padStart(8, '0');
  return out.slice(0, digits).toUpperCase();
}

function statusByAge(ageDays: number): OrderStatus {
  if (ageDays >= 10) return 'delivered';
  if (ageDays >= 3) return 'shipped';
  return ageDays >= 1 ? 'paid' : 'placed';
}

/**
 * Customer `index` of run `seed`, with `today` the UTC midnight the dates count back from and
 * `products` the catalog to buy from (sales skewed towards its first products).
 */
export function customerActivity(
  seed: number,
  index: number,
  today: Date,
  products: readonly Product[],
  person: DemoPerson = demoPerson(rngFor(seed, 'customer', index), index),
): CustomerActivity {
  const rng = rngFor(seed, 'activity', index);
  const now = today.getTime();
  const joined = new Date(
    now - intBetween(rng, 1, MAX_ACCOUNT_DAYS) * DAY - Math.floor(rng() * DAY),
  );
  const sinceJoined = Math.floor((now - joined.getTime()) / DAY);
  const decidedAt = new Date(
    now - intBetween(rng, 1, Math.min(RENEWAL_DAYS, Math.max(1, sinceJoined))) * DAY,
  );
  const decisions = {
    analytics: rng() < 0.5,
    marketing: rng() < 0.3,
    personalisation: rng() < 0.4,
  };
  const parsed = person.address ? /^(.*), (\d{5}) (.*)$/.exec(person.address) : null;
  const [postalCode, city] = parsed ? [parsed[2]!, parsed[3]!] : pick(rng, towns);
  const contact = {
    street: parsed ? parsed[1]! : `${pick(rng, streets)} ${intBetween(rng, 1, 60)}`,
    postalCode,
    city,
    phone: person.phone ?? `+358 40 555 ${String(index % 10_000).padStart(4, '0')}`,
  };

  // A quarter never ordered; the rest mostly once or twice, a few many times.
  const orderCount = rng() < 0.25 ? 0 : Math.min(8, 1 + Math.floor(-Math.log(1 - rng()) * 1.1));
  const orders: SeededOrder[] = [];
  const span = now - joined.getTime();
  const times = Array.from(
    { length: orderCount },
    () => joined.getTime() + Math.floor(rng() * span),
  );
  times.sort((a, b) => a - b);
  times.forEach((t, k) => {
    const placedAt = new Date(t);
    const lines: SeededLine[] = [];
    const lineCount = intBetween(rng, 1, 3);
    for (let l = 0; l < lineCount && products.length > 0; l++) {
      // Squaring skews sales towards the start of the catalog: a few products sell most.
      const product = products[Math.floor(rng() ** 2 * products.length)]!;
      if (lines.some((x) => x.product.slug === product.slug)) continue;
      lines.push({ product, size: pick(rng, product.sizes), quantity: rng() < 0.8 ? 1 : 2 });
    }
    const goodsCents = lines.reduce((n, l) => n + l.product.priceCents * l.quantity, 0);
    const carrier = pick(rng, ['posti', 'posti', 'db_schenker', 'budbee'] as const);
    const deliveryFeeCents = deliveryFee(carrier, goodsCents);
    const totalCents = goodsCents + deliveryFeeCents;
    const status = lines.length === 0 ? 'placed' : statusByAge(Math.floor((now - t) / DAY));
    const paidAt = status === 'placed' ? null : new Date(t + intBetween(rng, 1, 30) * 1000);
    const shippedAt =
      status === 'shipped' || status === 'delivered'
        ? new Date(t + intBetween(rng, 4, 30) * 3_600_000)
        : null;
    const deliveredAt =
      status === 'delivered' ? new Date(shippedAt!.getTime() + intBetween(rng, 1, 4) * DAY) : null;
    // The reference carries the seed's low byte and the customer's index: unique within a run
    // and across runs of different seeds (below 256 apart), never like a real one by chance.
    const serial = (seed % 256) * 0x1_0000_0000 + index * 8 + k;
    orders.push({
      // Ids from the hash, not from the stream: a stream's 32-bit state repeats between customers
      // (two in a hundred thousand share one), its draws with it.
      id: derivedUuid(seed, 'order', index * 8 + k),
      reference: `HS-${serial.toString(16).toUpperCase().padStart(10, '0')}`,
      placedAt,
      status,
      carrier,
      paymentMethod: rng() < 0.6 ? 'card' : 'bank',
      lines,
      goodsCents,
      deliveryFeeCents,
      totalCents,
      vatCents: vatOf(totalCents),
      paidAt,
      shippedAt,
      deliveredAt,
      paymentReference: paidAt ? `auth_${hex(rng, 16).toLowerCase()}` : null,
      trackingId: shippedAt ? `${carrier.slice(0, 2).toUpperCase()}${hex(rng, 12)}FI` : null,
      whatsappNotices: rng() < 0.1,
    });
  });

  // Some delivered products get a review, at most one per product.
  const reviews: SeededReview[] = [];
  const reviewed = new Set<string>();
  for (const o of orders) {
    if (!o.deliveredAt) continue;
    for (const l of o.lines) {
      if (reviewed.has(l.product.slug) || rng() >= 0.12) continue;
      reviewed.add(l.product.slug);
      reviews.push({
        id: derivedUuid(seed, `review-${l.product.slug}`, index),
        slug: l.product.slug,
        rating: pick(rng, [5, 5, 5, 4, 4, 3, 2]),
        displayName: `${person.name.split(' ')[0]} ${person.name.split(' ')[1]![0]}.`,
        text: pick(rng, reviewTexts[person.lang]),
        at: new Date(Math.min(now - 1, o.deliveredAt.getTime() + intBetween(rng, 1, 20) * DAY)),
      });
    }
  }

  const views = decisions.analytics
    ? Array.from({ length: intBetween(rng, 1, 6) }, (_, v) => ({
        slug: products.length > 0 ? pick(rng, products).slug : '',
        at: new Date(decidedAt.getTime() + (v + 1) * 60_000),
      })).filter((v) => v.slug !== '')
    : [];
  const last = orders.at(-1)?.placedAt ?? joined;
  return {
    index,
    person,
    joined,
    decidedAt,
    decisions,
    contact,
    orders,
    reviews,
    views,
    newsletter: rng() < 0.2,
    lastActive: new Date(Math.max(last.getTime(), decidedAt.getTime())),
  };
}
