/**
 * Deadlines of a data-subject request (GDPR Art. 12(3)–(4), RULES.md): an answer within one
 * month of receipt — the same date next month, or that month's last day when the date does not
 * exist (31 January → 28/29 February); an extension by two further months, with reasons, only
 * when the extension notice is sent within the first month.
 *
 * @example
 *   dueDate(new Date('2027-01-31T10:00:00Z')); // 2027-02-28T10:00:00Z
 */
import { DomainError } from '../../kit/errors.ts';
import { addMonths } from '../../core/manifest/duration.ts';

/** One month from receipt (Art. 12(3)). */
export function dueDate(receivedAt: Date): Date {
  return addMonths(receivedAt, 1);
}

/** The latest date an extended request may be answered: three months from receipt. */
export function extendedDueDate(receivedAt: Date): Date {
  return addMonths(receivedAt, 3);
}

export class ExtensionRefusedError extends DomainError {
  constructor(message: string) {
    super('conflict', message);
  }
}

/**
 * Checks that an extension may be sent at `sentAt` and returns the new due date. Refused after
 * the first month has ended, without reasons, or when the request is already extended.
 */
export function extend(
  request: { receivedAt: Date; extendedAt: Date | null },
  sentAt: Date,
  reasons: string,
): Date {
  if (request.extendedAt)
    throw new ExtensionRefusedError('The deadline of this request has already been extended.');
  if (reasons.trim().length === 0)
    throw new ExtensionRefusedError('An extension needs reasons (Art. 12(3)).');
  if (sentAt.getTime() > dueDate(request.receivedAt).getTime())
    throw new ExtensionRefusedError(
      'The first month has passed: the deadline can no longer be extended (Art. 12(3)).',
    );
  return extendedDueDate(request.receivedAt);
}

/** Whole days left until `due` (negative when overdue), for the staff queue. */
export function daysLeft(due: Date, now: Date): number {
  return Math.ceil((due.getTime() - now.getTime()) / 86_400_000);
}
