/**
 * The collection agency (recipient `collection_agency`, purpose `debt_collection`): an unpaid
 * invoice past its due date is handed over with the debtor's contact details. The agency
 * receives only `name`, `address`, `email`, `phone` and `invoice`.
 */
import { createHash } from 'node:crypto';
import { ValidationError } from '../../kit/errors.ts';
import type { DisclosureGate } from '../disclosure-gate.ts';
import type { ShipmentAddress } from './carrier.adapter.ts';

export interface OverdueInvoice {
  invoiceNumber: string;
  orderReference: string;
  amountCents: number;
  /** YYYY-MM-DD */
  dueDate: string;
}

export interface CollectionPayload {
  name: string;
  address: ShipmentAddress;
  email?: string | undefined;
  phone?: string | undefined;
  invoice: OverdueInvoice;
}

export interface CollectionTransport {
  submit(claim: Partial<CollectionPayload>): Promise<{ caseId: string }>;
}

/** Accepts a claim with a debtor name, an address and an invoice with a positive amount. */
export class CollectionSimulator implements CollectionTransport {
  readonly cases: { claim: Partial<CollectionPayload>; caseId: string }[] = [];

  async submit(claim: Partial<CollectionPayload>) {
    if (!claim.name || !claim.address || !claim.invoice) {
      throw new ValidationError('A collection claim needs the debtor, an address and the invoice.');
    }
    if (!Number.isSafeInteger(claim.invoice.amountCents) || claim.invoice.amountCents <= 0) {
      throw new ValidationError('The invoice amount must be a positive number of cents.');
    }
    const caseId = `COL-${createHash('sha256')
      .update(claim.invoice.invoiceNumber)
      .digest('hex')
      .slice(0, 10)
      .toUpperCase()}`;
    this.cases.push({ claim, caseId });
    return { caseId };
  }
}

export interface CollectionAdapter {
  submit(
    subject: string,
    claim: CollectionPayload,
  ): Promise<{ caseId: string; disclosureId: string }>;
}

export function createCollectionAdapter(
  gate: DisclosureGate,
  transport: CollectionTransport,
): CollectionAdapter {
  return {
    submit: (subject, claim) =>
      gate.disclose(
        { recipient: 'collection_agency', purpose: 'debt_collection', subject, payload: claim },
        async ({ fields, disclosureId }) => ({ ...(await transport.submit(fields)), disclosureId }),
      ),
  };
}
