/**
 * The buyer's details on an order, and how they are sealed: the contact copy (delivery, notices)
 * under the subject's **profile** key, erased on request; the billing copy (the invoice/receipt
 * voucher) and the identity code under the **accounting** key, kept until the Accounting Act
 * period ends (`accountingUntil`).
 */
import type { Executor } from '../core/personal-data-registry.ts';
import { isErased, type Vault } from '../kit/vault/vault.ts';

export interface OrderContact {
  name: string;
  email: string;
  phone: string;
  street: string;
  postalCode: string;
  city: string;
}

export type BillingCopy = Omit<OrderContact, 'phone'>;

export async function sealContact(vault: Vault, db: Executor, subjectId: string, c: OrderContact) {
  const billing: BillingCopy = {
    name: c.name,
    email: c.email,
    street: c.street,
    postalCode: c.postalCode,
    city: c.city,
  };
  return {
    contact_sealed: await vault.seal(db, subjectId, 'profile', JSON.stringify(c), 'order_contact'),
    billing_sealed: await vault.seal(
      db,
      subjectId,
      'accounting',
      JSON.stringify(billing),
      'order_billing',
    ),
  };
}

export async function openContact(
  vault: Vault,
  db: Executor,
  subjectId: string,
  sealed: string | null,
): Promise<OrderContact | null> {
  if (!sealed) return null;
  const v = await vault.open(db, subjectId, 'profile', sealed, 'order_contact');
  return isErased(v) ? null : (JSON.parse(v) as OrderContact);
}

export async function openBilling(
  vault: Vault,
  db: Executor,
  subjectId: string,
  sealed: string | null,
): Promise<BillingCopy | null> {
  // Null once the voucher period has ended: the copy is gone like a shredded one.
  if (sealed === null) return null;
  const v = await vault.open(db, subjectId, 'accounting', sealed, 'order_billing');
  return isErased(v) ? null : (JSON.parse(v) as BillingCopy);
}

/**
 * Accounting Act 2:10: vouchers for 6 years from the end of the calendar year in which the
 * financial year ended; the store's financial year is the calendar year.
 */
export function accountingUntil(placedAt: Date): string {
  return `${placedAt.getUTCFullYear() + 6}-12-31`;
}
