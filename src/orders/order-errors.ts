/** Errors of the order feature; messages carry no personal data. */
import { DomainError } from '../kit/errors.ts';

/** The payment or credit was declined: nothing was ordered and no stock was taken. */
export class PaymentDeclinedError extends DomainError {
  constructor(
    readonly reason: string,
    message = 'The payment was declined. Nothing was ordered; choose another payment method or card.',
  ) {
    super('validation_failed', message, { paymentMethod: message });
  }
}

export class InvalidTransitionError extends DomainError {
  constructor(from: string, to: string) {
    super('conflict', `An order that is ${from} cannot become ${to}.`);
  }
}

/**
 * What may be logged about a failure: its class name only. Messages from SMTP servers or partners
 * can quote the address or phone number they refused.
 */
export function errorName(err: unknown): string {
  return err instanceof Error ? err.name : typeof err;
}
