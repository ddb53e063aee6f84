/** Errors of the order feature; messages carry no personal data. */
import { DomainError } from '../kit/errors.ts';
import { refusalReason } from './order-status-flow.ts';
import type { OrderStatus } from './orders.tables.ts';

/** The payment or credit was declined: nothing was ordered and no stock was taken. */
export class PaymentDeclinedError extends DomainError {
  constructor(
    readonly reason: string,
    message = 'The payment was declined. Nothing was ordered; choose another payment method or card.',
  ) {
    super('validation_failed', message, { paymentMethod: message });
  }
}

/** A move the status table (order-status-flow.ts) does not allow; the message says why. */
export class InvalidTransitionError extends DomainError {
  constructor(
    readonly from: OrderStatus,
    readonly to: OrderStatus,
  ) {
    super(
      'conflict',
      refusalReason(from, to) ?? {
        en: 'The order changed meanwhile: reload it and try again.',
        fi: 'Tilaus muuttui sillä välin: lataa se uudelleen ja yritä uudestaan.',
        sv: 'Beställningen ändrades under tiden: ladda om den och försök igen.',
      },
    );
  }
}

/**
 * What may be logged about a failure: its class name only. Messages from SMTP servers or partners
 * can quote the address or phone number they refused.
 */
export function errorName(err: unknown): string {
  return err instanceof Error ? err.name : typeof err;
}
