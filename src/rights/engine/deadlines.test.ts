import { describe, expect, it } from 'vitest';
import { addMonths } from '../../core/manifest/duration.ts';
import { daysLeft, dueDate, extend, ExtensionRefusedError } from './deadlines.ts';

const d = (iso: string) => new Date(iso);

describe('the one-month deadline (Art. 12(3))', () => {
  it.each([
    ['2027-01-31T10:00:00.000Z', '2027-02-28T10:00:00.000Z'], // no 31 February
    ['2028-01-31T10:00:00.000Z', '2028-02-29T10:00:00.000Z'], // leap year
    ['2028-01-30T10:00:00.000Z', '2028-02-29T10:00:00.000Z'],
    ['2027-01-28T10:00:00.000Z', '2027-02-28T10:00:00.000Z'], // the date exists: same date
    ['2027-03-31T23:59:00.000Z', '2027-04-30T23:59:00.000Z'], // 30-day month
    ['2027-04-30T08:00:00.000Z', '2027-05-30T08:00:00.000Z'], // not the month's last day
    ['2027-12-31T12:00:00.000Z', '2028-01-31T12:00:00.000Z'], // over the year end
    ['2100-01-31T12:00:00.000Z', '2100-02-28T12:00:00.000Z'], // 2100 is not a leap year
    ['2000-01-31T12:00:00.000Z', '2000-02-29T12:00:00.000Z'], // 2000 is
  ])('received %s → due %s', (received, due) => {
    expect(dueDate(d(received)).toISOString()).toBe(due);
  });

  it('adds months across several month ends without drifting', () => {
    expect(addMonths(d('2027-01-31T00:00:00Z'), 3).toISOString()).toBe('2027-04-30T00:00:00.000Z');
    expect(addMonths(d('2027-08-31T00:00:00Z'), 6).toISOString()).toBe('2028-02-29T00:00:00.000Z');
    expect(addMonths(d('2027-11-15T00:00:00Z'), 14).toISOString()).toBe('2029-01-15T00:00:00.000Z');
  });
});

describe('extension by two further months (Art. 12(3))', () => {
  const request = { receivedAt: d('2027-01-31T10:00:00Z'), extendedAt: null };

  it('moves the deadline to three months from receipt when sent within the first month', () => {
    expect(extend(request, d('2027-02-15T09:00:00Z'), 'Many requests').toISOString()).toBe(
      '2027-04-30T10:00:00.000Z',
    );
    // On the last day of the first month it is still in time.
    expect(extend(request, d('2027-02-28T09:00:00Z'), 'Complex').toISOString()).toBe(
      '2027-04-30T10:00:00.000Z',
    );
  });

  it('is refused when sent on day 31 of a 30-day first month', () => {
    const april = { receivedAt: d('2027-04-01T10:00:00Z'), extendedAt: null };
    expect(() => extend(april, d('2027-04-30T10:00:00Z'), 'Complex')).not.toThrow(); // day 29
    expect(() => extend(april, d('2027-05-01T10:00:00Z'), 'Complex')).not.toThrow(); // day 30, due
    expect(() => extend(april, d('2027-05-02T10:00:00Z'), 'Complex')).toThrow(
      ExtensionRefusedError,
    ); // day 31
  });

  it('is refused after 31 January + 1 month, i.e. from 1 March', () => {
    expect(() => extend(request, d('2027-03-01T09:00:00Z'), 'Complex')).toThrow(
      /can no longer be extended/,
    );
    expect(() => extend(request, d('2027-03-03T10:00:00Z'), 'Complex')).toThrow(
      ExtensionRefusedError,
    );
  });

  it('needs reasons, and happens once', () => {
    expect(() => extend(request, d('2027-02-01T00:00:00Z'), '   ')).toThrow(/reasons/);
    expect(() =>
      extend({ ...request, extendedAt: d('2027-02-01T00:00:00Z') }, d('2027-02-02T00:00:00Z'), 'x'),
    ).toThrow(/already been extended/);
  });
});

describe('days left', () => {
  it('counts whole days, negative when overdue', () => {
    expect(daysLeft(d('2027-02-28T10:00:00Z'), d('2027-02-27T10:00:00Z'))).toBe(1);
    expect(daysLeft(d('2027-02-28T10:00:00Z'), d('2027-03-02T10:00:00Z'))).toBe(-2);
  });
});
