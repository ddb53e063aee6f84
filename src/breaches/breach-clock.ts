/**
 * The 72-hour clock of GDPR Art. 33(1): the authority is told without undue delay and, where
 * feasible, within 72 hours of the controller becoming aware of the breach (its discovery).
 * A notification after that states the reasons for the delay. A breach unlikely to result in a
 * risk is not notified, so its clock never runs late.
 */
import type { BreachRisk } from './breaches.tables.ts';

export const NOTIFY_WITHIN_HOURS = 72;
const hour = 3_600_000;

export type ClockState =
  /** Unlikely to result in a risk: documented, not notified (Art. 33(1), 33(5)). */
  | { kind: 'not_required' }
  | { kind: 'open'; deadline: Date; hoursLeft: number }
  | { kind: 'overdue'; deadline: Date; hoursLate: number }
  | { kind: 'notified'; deadline: Date; at: Date; late: boolean; hoursLate: number };

export function deadlineOf(discoveredAt: Date): Date {
  return new Date(discoveredAt.getTime() + NOTIFY_WITHIN_HOURS * hour);
}

/** Whether telling the authority at `at` is after the 72 hours. */
export function isLate(discoveredAt: Date, at: Date): boolean {
  return at.getTime() > deadlineOf(discoveredAt).getTime();
}

export function clockOf(
  b: { discoveredAt: Date; risk: BreachRisk; authorityNotifiedAt: Date | null },
  now: Date,
): ClockState {
  const deadline = deadlineOf(b.discoveredAt);
  const hoursAfter = (t: Date) => Math.max(0, Math.ceil((t.getTime() - deadline.getTime()) / hour));
  if (b.authorityNotifiedAt) {
    const late = isLate(b.discoveredAt, b.authorityNotifiedAt);
    return {
      kind: 'notified',
      deadline,
      at: b.authorityNotifiedAt,
      late,
      hoursLate: hoursAfter(b.authorityNotifiedAt),
    };
  }
  if (b.risk === 'unlikely') return { kind: 'not_required' };
  if (isLate(b.discoveredAt, now)) return { kind: 'overdue', deadline, hoursLate: hoursAfter(now) };
  return {
    kind: 'open',
    deadline,
    hoursLeft: Math.floor((deadline.getTime() - now.getTime()) / hour),
  };
}
