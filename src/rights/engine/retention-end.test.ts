import { describe, expect, it } from 'vitest';
import { financialYearEndOf, retentionEnd } from './retention-end.ts';

const vouchers = { period: '6y', anchor: 'financial_year_calendar_year_end' } as const;
const books = { period: '10y', anchor: 'financial_year_end' } as const;
const fyApril = { month: 4, day: 30 };

describe('retention end (Accounting Act 2:10, RULES.md)', () => {
  it('keeps vouchers of a financial year ending 30.4.2017 until 31.12.2023 and books until 30.4.2027', () => {
    const voucherDate = new Date('2017-03-01T10:00:00Z');
    expect(retentionEnd(vouchers, voucherDate, fyApril)).toBe('2023-12-31');
    expect(retentionEnd(books, voucherDate, fyApril)).toBe('2027-04-30');
  });

  it('puts a voucher dated after the financial year end into the next financial year', () => {
    expect(financialYearEndOf(new Date('2017-05-01T00:00:00Z'), fyApril).toISOString()).toBe(
      '2018-04-30T00:00:00.000Z',
    );
    expect(retentionEnd(vouchers, new Date('2017-05-01T00:00:00Z'), fyApril)).toBe('2024-12-31');
  });

  it('with the calendar year as financial year, keeps an order of any day of 2026 until 31.12.2032', () => {
    expect(retentionEnd(vouchers, new Date('2026-01-01T00:00:00Z'))).toBe('2032-12-31');
    expect(retentionEnd(vouchers, new Date('2026-12-31T23:59:59Z'))).toBe('2032-12-31');
  });

  it('counts other anchors from the date given, and gives no date for an indefinite period', () => {
    expect(retentionEnd({ period: '3y', anchor: 'order_completed' }, new Date('2024-02-29'))).toBe(
      '2027-02-28',
    );
    expect(retentionEnd({ period: 'indefinite', anchor: 'collected' }, new Date())).toBeUndefined();
  });
});
