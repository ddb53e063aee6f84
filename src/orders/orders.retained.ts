/**
 * What an erasure keeps of the subject's orders, told to the person before they close their
 * account and in the confirmation afterwards: each order's voucher (billing copy, lines and
 * amounts, the identity code of an invoice or part payment), dated by the order, whose
 * Accounting Act period counts from that date (src/rights/engine/kept-records.ts).
 */
import type { Executor, RetainedRecord, SubjectRef } from '../core/personal-data-registry.ts';
import { ordersOfSubject } from './orders.repository.ts';

export async function retainedOrders(db: Executor, s: SubjectRef): Promise<RetainedRecord[]> {
  return (await ordersOfSubject(db, s)).map((o) => ({
    label: o.reference,
    date: o.created_at,
    categories: [
      'user.financial.billing',
      'user.purchase_history',
      ...(o.identity_code_sealed ? ['user.identity_code'] : []),
    ],
  }));
}
