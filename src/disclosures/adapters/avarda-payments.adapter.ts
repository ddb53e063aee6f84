/**
 * Avarda as payment intermediary (recipient `avarda_payments`, purpose `payment`): authorise a
 * card or bank payment, then capture it when the order ships. The disclosed fields are the
 * manifest's `order_reference`, `amount` (cents) and `email`.
 *
 * The instrument (test card number or bank) is not part of the disclosure: with the real service
 * the shopper types it into Avarda's hosted payment page, so the store never receives, stores or
 * logs it. The simulator takes it as a separate argument to stand in for that page.
 */
import type { DisclosureGate } from '../disclosure-gate.ts';

export interface PaymentPayload {
  order_reference: string;
  amount: number;
  email?: string | undefined;
}

export type PaymentInstrument =
  { method: 'card'; cardNumber: string } | { method: 'bank'; bank: string };

export type AuthorisationResult =
  | { authorisationId: string; status: 'authorised' }
  | { authorisationId: string; status: 'declined'; declineReason: string };

export interface CaptureResult {
  authorisationId: string;
  status: 'captured';
  capturedCents: number;
}

export interface PaymentsTransport {
  authorise(
    payload: Partial<PaymentPayload>,
    instrument: PaymentInstrument,
  ): Promise<AuthorisationResult>;
  capture(authorisationId: string, payload: Partial<PaymentPayload>): Promise<CaptureResult>;
}

export interface AvardaPaymentsAdapter {
  authorise(
    subject: string,
    payload: PaymentPayload,
    instrument: PaymentInstrument,
  ): Promise<AuthorisationResult & { disclosureId: string }>;
  capture(
    subject: string,
    authorisationId: string,
    payload: PaymentPayload,
  ): Promise<CaptureResult & { disclosureId: string }>;
}

export function createAvardaPaymentsAdapter(
  gate: DisclosureGate,
  transport: PaymentsTransport,
): AvardaPaymentsAdapter {
  const request = (subject: string, payload: PaymentPayload) => ({
    recipient: 'avarda_payments',
    purpose: 'payment',
    subject,
    payload,
  });
  return {
    authorise: (subject, payload, instrument) =>
      gate.disclose(request(subject, payload), async ({ fields, disclosureId }) => ({
        ...(await transport.authorise(fields, instrument)),
        disclosureId,
      })),
    capture: (subject, authorisationId, payload) =>
      gate.disclose(request(subject, payload), async ({ fields, disclosureId }) => ({
        ...(await transport.capture(authorisationId, fields)),
        disclosureId,
      })),
  };
}
