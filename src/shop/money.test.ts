import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatEuro, vatOf } from './money.ts';

describe('money', () => {
  it('derives the VAT share of a 25.5 % VAT-inclusive price', () => {
    expect(vatOf(12550)).toBe(2550); // 100.00 net + 25.50 VAT
    expect(vatOf(3990)).toBe(811);
    expect(vatOf(0)).toBe(0);
  });

  it('is the exact VAT share rounded to the nearest cent', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), (gross) => {
        const exact = (gross * 25.5) / 125.5;
        expect(Number.isInteger(vatOf(gross))).toBe(true);
        expect(Math.abs(vatOf(gross) - exact)).toBeLessThanOrEqual(0.5 + 1e-9);
      }),
    );
  });

  it('refuses amounts that are not whole non-negative cents', () => {
    expect(() => vatOf(-1)).toThrow(RangeError);
    expect(() => vatOf(1.5)).toThrow(RangeError);
  });

  it('formats euros in each language', () => {
    expect(formatEuro(3990, 'fi')).toMatch(/^39,90\s€$/);
    expect(formatEuro(3990, 'sv')).toMatch(/^39,90\s€$/);
    expect(formatEuro(3990, 'en')).toBe('€39.90');
  });
});
