/**
 * When a record under a manifest retention rule expires, counted from the date its anchor runs
 * from (the event's time, the last activity, the order's completion, the order's date for the
 * Accounting Act anchors). A record is kept through the whole "kept until" day the policy and
 * the privacy center show (src/rights/engine/retention-end.ts prints the same day), and expires
 * at the UTC midnight that follows it.
 *
 * The Accounting Act anchors (RULES.md): books 10 years from the end of the financial year the
 * record belongs to; vouchers 6 years from the end of the calendar year in which that financial
 * year ended. Financial year ending 30.4.2017 → vouchers until 31.12.2023, books until 30.4.2027.
 *
 * @example
 *   const boundary = expiryBoundary(manifest.retention.browsing, now);
 *   // every event with occurred_at < boundary has expired, and no other
 */
import { addDuration, parseDuration, type Duration } from './duration.ts';
import type { Manifest } from './manifest.ts';

export type RetentionRuleOf = Pick<Manifest['retention'][string], 'period' | 'anchor'>;

/** The last day of the financial year (month 1–12, day of month). */
export interface FinancialYear {
  month: number;
  day: number;
}

export const CALENDAR_FINANCIAL_YEAR: FinancialYear = { month: 12, day: 31 };

/** `MM-DD` as the manifest states it (`controller.financialYearEnd`), or the calendar year. */
export function financialYearOf(manifest: Pick<Manifest, 'controller'>): FinancialYear {
  const text = manifest.controller.financialYearEnd;
  if (!text) return CALENDAR_FINANCIAL_YEAR;
  const [month, day] = text.split('-').map(Number);
  return { month: month!, day: day! };
}

const DAY = 86_400_000;

function utcDay(date: Date): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
}

/** The end (UTC midnight of its last day) of the financial year `date` falls in. */
export function financialYearEnd(date: Date, fy: FinancialYear): Date {
  const y = date.getUTCFullYear();
  const end = new Date(Date.UTC(y, fy.month - 1, fy.day));
  return utcDay(date) <= end ? end : new Date(Date.UTC(y + 1, fy.month - 1, fy.day));
}

function periodOf(rule: RetentionRuleOf): Duration | undefined {
  if (rule.period === 'indefinite') return undefined;
  const d = parseDuration(rule.period);
  return d === 'session' ? undefined : d;
}

/** The "kept until" day (UTC midnight) of a record whose anchor runs from `from`. */
export function keptUntil(rule: RetentionRuleOf, from: Date, fy: FinancialYear): Date | undefined {
  const period = periodOf(rule);
  if (!period) return undefined;
  let start = from;
  if (rule.anchor === 'financial_year_end') start = financialYearEnd(from, fy);
  if (rule.anchor === 'financial_year_calendar_year_end')
    start = new Date(Date.UTC(financialYearEnd(from, fy).getUTCFullYear(), 11, 31));
  return utcDay(addDuration(start, period));
}

/** The instant a record expires: the midnight after its "kept until" day. */
export function expiresAt(rule: RetentionRuleOf, from: Date, fy: FinancialYear): Date | undefined {
  const until = keptUntil(rule, from, fy);
  return until && new Date(until.getTime() + DAY);
}

export function isExpired(
  rule: RetentionRuleOf,
  from: Date,
  now: Date,
  fy: FinancialYear,
): boolean {
  const at = expiresAt(rule, from, fy);
  return at !== undefined && at.getTime() <= now.getTime();
}

/**
 * The earliest anchor date that has not expired at `now`: a record has expired exactly when its
 * anchor date is before this boundary (expiry never comes earlier for a later anchor, so one
 * comparison in SQL selects exactly the expired rows). Undefined for a rule that never expires.
 * Found by bisection over milliseconds, so it agrees with {@link isExpired} to the millisecond.
 */
export function expiryBoundary(
  rule: RetentionRuleOf,
  now: Date,
  fy: FinancialYear,
): Date | undefined {
  if (!periodOf(rule)) return undefined;
  // Nothing anchored at or after `now` has expired; every period is under 200 years.
  let hi = now.getTime();
  let lo = hi - 200 * 366 * DAY;
  if (isExpired(rule, new Date(hi), now, fy)) return new Date(hi + 1);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (isExpired(rule, new Date(mid), now, fy)) lo = mid;
    else hi = mid;
  }
  return new Date(hi);
}
