/**
 * A local stand-in for Avarda's payment intermediary (card and bank payments). Deterministic, so
 * tests and demos can reach every outcome (docs/shop.md lists them):
 *
 * | instrument | outcome |
 * | --- | --- |
 * | card `4000 0000 0000 0002` | declined, `card_declined` |
 * | card `4000 0000 0000 9995` | declined, `insufficient_funds` |
 * | card `4000 0000 0000 0069` | declined, `expired_card` |
 * | card failing the Luhn check or not 13–19 digits | declined, `invalid_card` |
 * | any other card, e.g. `4111 1111 1111 1111` | authorised |
 * | bank `test_decline` | declined, `cancelled_by_payer` |
 * | bank not in the list of Finnish banks | declined, `unknown_bank` |
 * | any amount over 5 000.00 € | declined, `amount_over_limit` |
 *
 * Capture needs an authorised, uncaptured payment and at most the authorised amount.
 */
import { createHash } from 'node:crypto';
import { DomainError, NotFoundError, ValidationError } from '../../kit/errors.ts';
import type {
  AuthorisationResult,
  CaptureResult,
  PaymentInstrument,
  PaymentPayload,
  PaymentsTransport,
} from './avarda-payments.adapter.ts';

export const PAYMENT_LIMIT_CENTS = 500_000;
export const finnishBanks = [
  'nordea',
  'op',
  'danske',
  's_pankki',
  'aktia',
  'handelsbanken',
  'alandsbanken',
  'pop',
  'saastopankki',
  'omasp',
] as const;

const declinedCards: Record<string, string> = {
  '4000000000000002': 'card_declined',
  '4000000000009995': 'insufficient_funds',
  '4000000000000069': 'expired_card',
};

export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

export class PaymentStateError extends DomainError {
  constructor(message: string) {
    super('conflict', message);
  }
}

interface Authorisation {
  id: string;
  orderReference: string;
  amountCents: number;
  status: 'authorised' | 'declined' | 'captured';
  capturedCents: number;
}

export class AvardaPaymentsSimulator implements PaymentsTransport {
  readonly authorisations = new Map<string, Authorisation>();
  /** What Avarda received, for tests: the disclosed fields only. */
  readonly received: Partial<PaymentPayload>[] = [];

  private decide(instrument: PaymentInstrument, amountCents: number): string | undefined {
    if (amountCents > PAYMENT_LIMIT_CENTS) return 'amount_over_limit';
    if (instrument.method === 'bank') {
      if (instrument.bank === 'test_decline') return 'cancelled_by_payer';
      return (finnishBanks as readonly string[]).includes(instrument.bank)
        ? undefined
        : 'unknown_bank';
    }
    const digits = instrument.cardNumber.replace(/[\s-]/g, '');
    if (!/^\d{13,19}$/.test(digits) || !luhnValid(digits)) return 'invalid_card';
    return declinedCards[digits];
  }

  async authorise(
    payload: Partial<PaymentPayload>,
    instrument: PaymentInstrument,
  ): Promise<AuthorisationResult> {
    this.received.push(payload);
    const { order_reference: orderReference, amount } = payload;
    if (!orderReference || amount === undefined) {
      throw new ValidationError('Avarda needs an order reference and an amount.');
    }
    if (!Number.isSafeInteger(amount) || amount <= 0) {
      throw new ValidationError('The amount must be a positive number of cents.');
    }
    const id = `avp_${createHash('sha256')
      .update(`${orderReference}:${this.authorisations.size}`)
      .digest('hex')
      .slice(0, 20)}`;
    const declineReason = this.decide(instrument, amount);
    this.authorisations.set(id, {
      id,
      orderReference,
      amountCents: amount,
      status: declineReason ? 'declined' : 'authorised',
      capturedCents: 0,
    });
    return declineReason
      ? { authorisationId: id, status: 'declined', declineReason }
      : { authorisationId: id, status: 'authorised' };
  }

  async capture(authorisationId: string, payload: Partial<PaymentPayload>): Promise<CaptureResult> {
    this.received.push(payload);
    const auth = this.authorisations.get(authorisationId);
    if (!auth || auth.orderReference !== payload.order_reference) {
      throw new NotFoundError('The payment authorisation');
    }
    if (auth.status !== 'authorised') {
      throw new PaymentStateError(`A ${auth.status} payment cannot be captured.`);
    }
    const amount = payload.amount ?? auth.amountCents;
    if (!Number.isSafeInteger(amount) || amount <= 0 || amount > auth.amountCents) {
      throw new ValidationError(
        'The capture amount must be positive and at most the authorised amount.',
      );
    }
    auth.status = 'captured';
    auth.capturedCents = amount;
    return { authorisationId, status: 'captured', capturedCents: amount };
  }
}
