/**
 * Orders' part of data-subject requests: `orders`, `order_lines` and `credit_decisions`.
 *
 * Export: each order (lines, amounts, statuses), the contact copy (profile scope), the billing
 * copy (accounting scope), the identity code in full (it is her own data, in her own copy: staff
 * pages mask it, her copy does not), and each Avarda credit decision with its
 * outcome, reasons, logic summary and source (Art. 14, 15(1)(h), 22).
 *
 * Erasure: the contact copy is dropped and a guest's profile key shredded (a customer's profile
 * key goes with the account, src/customers); the credit decisions are deleted. The billing copy,
 * the identity code and the order lines are vouchers under the Accounting Act: they stay sealed
 * under the accounting key until `accounting_until`, and the outcome says so.
 *
 * A legal hold (Art. 17(3)(e), the plan's `held`): an order a hold names is left whole, with its
 * contact copy, its credit decision and its buyer's profile key (what identifies the buyer); the
 * outcome says `held`, and the engine erases it once the hold ends. Mail about it in the 7-day
 * outbox is erased at once, as the sweeps purge it: a transient copy, not what a claim needs. A hold on the customer keeps
 * the whole module (`keptUnderCustomerHold`).
 */
import {
  eraseWhereFound,
  type ExportSection,
  type PersonalDataModule,
} from '../core/personal-data-registry.ts';
import { isErased, type Vault } from '../kit/vault/vault.ts';
import { deleteOutboxOf } from '../notify/outbox.repository.ts';
import { openBilling, openContact } from './order-contact.ts';
import * as repo from './orders.repository.ts';
import { retainedOrders } from './orders.retained.ts';

export function ordersPersonalData(vault: Vault): PersonalDataModule {
  return {
    name: 'orders',
    tables: ['orders', 'order_lines', 'credit_decisions'],
    categories: [
      'user.purchase_history',
      'user.delivery',
      'user.financial.billing',
      'user.identity_code',
      'user.financial.credit',
    ],
    async export(db, s) {
      const section: ExportSection = {};
      const add = (k: string, row: Record<string, unknown>) => (section[k] ??= []).push(row);
      const orders = await repo.ordersOfSubject(db, s);
      // Every order's lines in one statement, not one per order.
      const linesOf = await repo.linesOfOrders(
        db,
        orders.map((o) => o.id),
      );
      for (const o of orders) {
        const lines = linesOf.get(o.id) ?? [];
        add('user.purchase_history', {
          reference: o.reference,
          placedAt: o.created_at,
          status: o.status,
          paymentMethod: o.payment_method,
          totalCents: o.total_cents,
          lines: lines.map((l) => ({
            product: l.slug,
            size: l.size,
            quantity: l.quantity,
            lineTotalCents: l.line_total_cents,
          })),
        });
        const contact = await openContact(vault, db, o.subject_id, o.contact_sealed);
        if (contact) {
          add('user.delivery', {
            reference: o.reference,
            carrier: o.carrier,
            trackingId: o.tracking_id,
            whatsappNotices: o.whatsapp_notices,
            ...contact,
          });
        }
        const billing = await openBilling(vault, db, o.subject_id, o.billing_sealed);
        add('user.financial.billing', {
          reference: o.reference,
          keptUntil: o.accounting_until,
          ...(billing ?? { erased: true }),
        });
        if (o.identity_code_sealed) {
          const code = await vault.open(
            db,
            o.subject_id,
            'accounting',
            o.identity_code_sealed,
            'identity_code',
          );
          add('user.identity_code', {
            reference: o.reference,
            identityCode: isErased(code) ? '(erased)' : code,
            keptUntil: o.accounting_until,
          });
        }
      }
      for (const d of await repo.creditDecisionsOf(db, s)) {
        add('user.financial.credit', {
          automatedDecision: true,
          product: d.product,
          outcome: d.outcome,
          reasons: d.reasons,
          logicSummary: d.logic_summary,
          approvedCents: d.approved_cents,
          plan: d.plan,
          decidedAt: d.decided_at,
          source: { partner: 'avarda_credit', via: d.source, receivedAt: d.received_at },
        });
      }
      return section;
    },
    keptUnderCustomerHold: true,
    async erase(db, s, plan) {
      const heldOrders = new Set(plan.held?.orderIds ?? []);
      const heldSubjects = new Set(plan.held?.subjectIds ?? []);
      const all = await repo.ordersOfSubject(db, s);
      const orders = all.filter((o) => !heldOrders.has(o.id));
      let erased = await repo.clearContact(
        db,
        orders.map((o) => o.id),
      );
      const allDecisions = await repo.creditDecisionsOf(db, s);
      const decisions = allDecisions.filter((d) => !d.order_id || !heldOrders.has(d.order_id));
      erased += await repo.deleteCreditDecisions(
        db,
        decisions.map((d) => d.id),
      );
      for (const subjectId of new Set(orders.map((o) => o.subject_id))) {
        if (subjectId !== s.customerId && !heldSubjects.has(subjectId))
          await vault.shred(db, subjectId, 'profile');
      }
      // Mail kept in the outbox for a guest's subject (confirmation, Art. 14 notice): the rows
      // name the subject; a customer's go with the account (src/customers). A held order's mail
      // goes too: the 7-day outbox is a transient copy of what was sent, purged whatever the
      // holds, and a legal claim needs the order and its buyer's key, not the copy of a mail.
      const guests = new Set([...all, ...allDecisions].map((r) => r.subject_id));
      for (const subjectId of guests) {
        if (subjectId !== s.customerId) erased += await deleteOutboxOf(db, subjectId);
      }
      const kept =
        orders.length === 0
          ? []
          : [
              'user.financial.billing',
              'user.purchase_history',
              ...(orders.some((o) => o.identity_code_sealed) ? ['user.identity_code'] : []),
            ];
      const held = all.length > orders.length;
      return { erased, kept, ...(held ? { held } : {}) };
    },
    // A batch: those with no order and no credit decision (found in two statements for all) have
    // nothing here; the rest are erased one by one.
    eraseMany(db, erasures) {
      return eraseWhereFound(this.erase.bind(this), db, erasures, async (found) =>
        (
          await repo.recordSubjectsOf(
            db,
            found.map((e) => e.subject),
          )
        ).map((s) => s.size > 0),
      );
    },
    retained: retainedOrders,
  };
}
