import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { estimateDelivery, FREE_DELIVERY_FROM_CENTS } from './delivery.ts';

const byCarrier = (postalCode: string, goods = 0) =>
  Object.fromEntries(estimateDelivery(postalCode, goods).estimates.map((e) => [e.carrier, e]));

describe('delivery estimates', () => {
  it('is fastest near the Kuopio warehouse, with Budbee in Kuopio', () => {
    const e = byCarrier('70620');
    expect(estimateDelivery('70620').region).toBe('home');
    expect(e.posti).toMatchObject({ available: true, minDays: 1, maxDays: 1, feeCents: 590 });
    expect(e.db_schenker).toMatchObject({ minDays: 1, maxDays: 2, feeCents: 490 });
    expect(e.budbee).toMatchObject({ available: true, minDays: 1, maxDays: 1, feeCents: 690 });
  });

  it('offers Budbee only in its cities', () => {
    expect(byCarrier('00100').budbee?.available).toBe(true); // Helsinki
    expect(byCarrier('33100').budbee?.available).toBe(true); // Tampere
    expect(byCarrier('90100').budbee?.available).toBe(true); // Oulu
    const rovaniemi = byCarrier('96100');
    expect(rovaniemi.budbee).toMatchObject({ available: false, minDays: null, maxDays: null });
    expect(rovaniemi.posti).toMatchObject({ minDays: 2, maxDays: 4 });
    expect(byCarrier('15100').budbee?.available).toBe(false); // Lahti
  });

  it('serves Åland by Posti only', () => {
    const e = byCarrier('22100');
    expect(estimateDelivery('22100').region).toBe('aland');
    expect(e.posti).toMatchObject({ available: true, minDays: 3, maxDays: 5 });
    expect(e.db_schenker?.available).toBe(false);
    expect(e.budbee?.available).toBe(false);
  });

  it('is free from 100 €', () => {
    expect(byCarrier('70620', FREE_DELIVERY_FROM_CENTS).posti?.feeCents).toBe(0);
    expect(byCarrier('70620', FREE_DELIVERY_FROM_CENTS - 1).posti?.feeCents).toBe(590);
  });

  it('gives every five-digit code an answer, deterministically', () => {
    for (let prefix = 0; prefix < 100; prefix++) {
      const code = `${String(prefix).padStart(2, '0')}100`;
      expect(estimateDelivery(code)).toEqual(estimateDelivery(code));
      expect(estimateDelivery(code).estimates.find((e) => e.carrier === 'posti')?.available).toBe(
        true,
      );
    }
  });

  it.each(['7062', '706200', 'abcde', '70 620', '', '-1234', '7062a'])(
    'refuses the postal code %j',
    (code) => {
      expect(() => estimateDelivery(code)).toThrow(ZodError);
    },
  );
});
