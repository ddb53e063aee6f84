/**
 * Delivery estimates for a Finnish postal code: deterministic rules by postal-code region,
 * reckoned from the warehouse in Kuopio (postal codes 70xxx). docs/shop.md has the same table.
 *
 * | region | postal codes | Posti | DB Schenker | Budbee |
 * | --- | --- | --- | --- | --- |
 * | home (Savo) | 70000–79999 | 1 | 1–2 | 1 in 70xxx |
 * | Åland | 22000–22999 | 3–5 | not served | not served |
 * | south and west | 00000–39999 (not Åland) | 1–2 | 2–3 | 1 in 00–02xxx, 20xxx, 33xxx |
 * | central and east | 40000–69999, 80000–89999 | 1–2 | 2–3 | 1 in 40xxx |
 * | north | 90000–95999 | 2–3 | 3–4 | 1 in 90xxx |
 * | Lapland | 96000–99999 | 2–4 | 3–5 | not served |
 *
 * Days are business days after dispatch. Fees: Posti 5.90 €, DB Schenker 4.90 €, Budbee 6.90 €;
 * free from 100 € of goods (VAT included). Fees include VAT.
 */
import { z } from 'zod';

/** The functional localStorage item that remembers the postal code (declared in the manifest). */
export const DELIVERY_ITEM = 'hs_delivery';

export const carriers = ['posti', 'db_schenker', 'budbee'] as const;
export type Carrier = (typeof carriers)[number];

export const carrierNames: Record<Carrier, string> = {
  posti: 'Posti',
  db_schenker: 'DB Schenker',
  budbee: 'Budbee',
};

export const postalCodeSchema = z
  .string({ error: 'Enter a postal code.' })
  .trim()
  .regex(/^\d{5}$/, 'A Finnish postal code has exactly five digits, like 70620.');

export const FREE_DELIVERY_FROM_CENTS = 10_000;
const feeCents: Record<Carrier, number> = { posti: 590, db_schenker: 490, budbee: 690 };

type Days = readonly [min: number, max: number] | null;
interface Region {
  key: 'home' | 'aland' | 'south' | 'central' | 'north' | 'lapland';
  matches: (code: number) => boolean;
  days: Record<Exclude<Carrier, 'budbee'>, Days>;
}

const regions: Region[] = [
  {
    key: 'home',
    matches: (c) => c >= 70000 && c <= 79999,
    days: { posti: [1, 1], db_schenker: [1, 2] },
  },
  {
    key: 'aland',
    matches: (c) => c >= 22000 && c <= 22999,
    days: { posti: [3, 5], db_schenker: null },
  },
  { key: 'south', matches: (c) => c <= 39999, days: { posti: [1, 2], db_schenker: [2, 3] } },
  {
    key: 'central',
    matches: (c) => (c >= 40000 && c <= 69999) || (c >= 80000 && c <= 89999),
    days: { posti: [1, 2], db_schenker: [2, 3] },
  },
  {
    key: 'north',
    matches: (c) => c >= 90000 && c <= 95999,
    days: { posti: [2, 3], db_schenker: [3, 4] },
  },
  { key: 'lapland', matches: (c) => c >= 96000, days: { posti: [2, 4], db_schenker: [3, 5] } },
];

/** Budbee's home-delivery areas, by the postal code's first two digits. */
const budbeePrefixes = new Set(['00', '01', '02', '20', '33', '40', '70', '90']);

export interface DeliveryEstimate {
  carrier: Carrier;
  name: string;
  available: boolean;
  /** Business days after dispatch; null when the carrier does not deliver there. */
  minDays: number | null;
  maxDays: number | null;
  feeCents: number;
}

export interface DeliveryEstimates {
  postalCode: string;
  region: Region['key'];
  estimates: DeliveryEstimate[];
}

export function deliveryFee(carrier: Carrier, goodsCents: number): number {
  return goodsCents >= FREE_DELIVERY_FROM_CENTS ? 0 : feeCents[carrier];
}

/** Estimates for every carrier; throws a ZodError for anything but five digits. */
export function estimateDelivery(postalCodeInput: string, goodsCents = 0): DeliveryEstimates {
  const postalCode = postalCodeSchema.parse(postalCodeInput);
  const code = Number(postalCode);
  const region = regions.find((r) => r.matches(code)) ?? regions[regions.length - 1]!;
  const days = (carrier: Carrier): Days => {
    if (carrier !== 'budbee') return region.days[carrier];
    return budbeePrefixes.has(postalCode.slice(0, 2)) ? [1, 1] : null;
  };
  return {
    postalCode,
    region: region.key,
    estimates: carriers.map((carrier) => {
      const d = days(carrier);
      return {
        carrier,
        name: carrierNames[carrier],
        available: d !== null,
        minDays: d?.[0] ?? null,
        maxDays: d?.[1] ?? null,
        feeCents: deliveryFee(carrier, goodsCents),
      };
    }),
  };
}
