/**
 * Avarda as credit issuer (recipient `avarda_credit`, purpose `credit_decision`): invoice and
 * part payment. Avarda decides automatically whether to grant credit, so the decision is an
 * automated decision (GDPR Art. 22): the adapter returns its outcome, reasons and a summary of
 * the logic, which the order feature records for the customer's access export, marked as data
 * from a partner (Art. 14).
 */
import type { DisclosureGate } from '../disclosure-gate.ts';
import type { ShipmentAddress } from './carrier.adapter.ts';

export const creditProducts = ['invoice', 'part_payment'] as const;
export type CreditProduct = (typeof creditProducts)[number];

export interface CreditPayload {
  name: string;
  identity_code: string;
  address: ShipmentAddress;
  email?: string | undefined;
  phone?: string | undefined;
  /** Cents, VAT included. */
  amount: number;
}

export type CreditReason =
  | 'invalid_identity_code'
  | 'incomplete_application'
  | 'under_18'
  | 'amount_under_minimum'
  | 'amount_over_limit'
  | 'payment_default';

export interface CreditDecision {
  decisionId: string;
  product: CreditProduct;
  outcome: 'approved' | 'rejected';
  reasons: CreditReason[];
  /** Meaningful information about the logic involved (Art. 15(1)(h)), in English. */
  logicSummary: string;
  /** The credit granted for this purchase, in cents; 0 when rejected. */
  approvedCents: number;
  /** Part payment only: number of monthly instalments and each instalment in cents. */
  plan?: { months: number; monthlyCents: number } | undefined;
  decidedAt: Date;
  source: 'avarda_credit';
}

export interface CreditTransport {
  decide(product: CreditProduct, application: Partial<CreditPayload>): Promise<CreditDecision>;
}

export interface AvardaCreditAdapter {
  apply(
    subject: string,
    product: CreditProduct,
    application: CreditPayload,
  ): Promise<CreditDecision & { disclosureId: string }>;
}

export function createAvardaCreditAdapter(
  gate: DisclosureGate,
  transport: CreditTransport,
): AvardaCreditAdapter {
  return {
    apply: (subject, product, application) =>
      gate.disclose(
        { recipient: 'avarda_credit', purpose: 'credit_decision', subject, payload: application },
        async ({ fields, disclosureId }) => ({
          ...(await transport.decide(product, fields)),
          disclosureId,
        }),
      ),
  };
}
