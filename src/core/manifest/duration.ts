/**
 * Durations as the manifest writes them: `30s`, `15m`, `12h`, `30d`, `2w`, `13mo`, `6y`, or
 * `session` (until the browser closes). Months are calendar months when added to a date.
 */
export type DurationUnit = 's' | 'm' | 'h' | 'd' | 'w' | 'mo' | 'y';
export interface Duration {
  amount: number;
  unit: DurationUnit;
}

export const durationPattern = /^(\d{1,5})(s|m|h|d|w|mo|y)$/;

export function parseDuration(text: string): Duration | 'session' | undefined {
  if (text === 'session') return 'session';
  const m = durationPattern.exec(text);
  if (!m) return undefined;
  return { amount: Number(m[1]), unit: m[2] as DurationUnit };
}

const seconds: Record<Exclude<DurationUnit, 'mo' | 'y'>, number> = {
  s: 1,
  m: 60,
  h: 3600,
  d: 86400,
  w: 7 * 86400,
};

/** Approximate length in seconds (months as 30.44 days, years as 365.25): for comparisons only. */
export function durationSeconds(d: Duration): number {
  if (d.unit === 'mo') return Math.round(d.amount * 30.44 * 86400);
  if (d.unit === 'y') return Math.round(d.amount * 365.25 * 86400);
  return d.amount * seconds[d.unit];
}

/** Adds a duration to a date, with calendar months and years (31 Jan + 1mo = 28/29 Feb). */
export function addDuration(date: Date, d: Duration): Date {
  if (d.unit === 'mo' || d.unit === 'y')
    return addMonths(date, d.unit === 'y' ? d.amount * 12 : d.amount);
  return new Date(date.getTime() + durationSeconds(d) * 1000);
}

/** Same day-of-month N months later in UTC, or that month's last day when it has no such day. */
export function addMonths(date: Date, months: number): Date {
  const y = date.getUTCFullYear();
  const m = date.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const result = new Date(date);
  result.setUTCFullYear(y, m, Math.min(date.getUTCDate(), lastDay));
  return result;
}
