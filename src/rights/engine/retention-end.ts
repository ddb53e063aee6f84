/**
 * Until when a record is kept, from the manifest's retention rule and the date the rule runs
 * from. The Accounting Act anchors (RULES.md, Accounting Act 2:10) count from the end of the
 * financial year the record belongs to: vouchers 6 years from the end of the calendar year in
 * which that financial year ended, books 10 years from the financial year's end. The store's
 * financial year is the calendar year unless told otherwise.
 *
 * @example
 *   // Financial year ending 30 April: a voucher of 1 March 2017 is kept until 31.12.2023.
 *   retentionEnd(manifest.retention.accounting_vouchers, new Date('2017-03-01'), { month: 4, day: 30 });
 */
import type { Manifest } from '../../core/manifest/manifest.ts';
import { addDuration, parseDuration } from '../../core/manifest/duration.ts';

export type RetentionRule = Manifest['retention'][string];

/** The last day of the financial year (month 1–12, day of month). */
export interface FinancialYearEnd {
  month: number;
  day: number;
}

export const CALENDAR_YEAR: FinancialYearEnd = { month: 12, day: 31 };

/** The end of the financial year that `date` falls in (UTC midnight). */
export function financialYearEndOf(date: Date, fy: FinancialYearEnd = CALENDAR_YEAR): Date {
  const y = date.getUTCFullYear();
  const end = new Date(Date.UTC(y, fy.month - 1, fy.day));
  const day = new Date(Date.UTC(y, date.getUTCMonth(), date.getUTCDate()));
  return day <= end ? end : new Date(Date.UTC(y + 1, fy.month - 1, fy.day));
}

/**
 * The last day (`YYYY-MM-DD`) a record under `rule` is kept, counted from `from` (the record's
 * date: the order's date for vouchers). Undefined for an indefinite or per-session period.
 */
export function retentionEnd(
  rule: Pick<RetentionRule, 'period' | 'anchor'>,
  from: Date,
  fy: FinancialYearEnd = CALENDAR_YEAR,
): string | undefined {
  const period = rule.period === 'indefinite' ? undefined : parseDuration(rule.period);
  if (!period || period === 'session') return undefined;
  let start = from;
  if (rule.anchor === 'financial_year_end') start = financialYearEndOf(from, fy);
  if (rule.anchor === 'financial_year_calendar_year_end')
    start = new Date(Date.UTC(financialYearEndOf(from, fy).getUTCFullYear(), 11, 31));
  return addDuration(start, period).toISOString().slice(0, 10);
}
