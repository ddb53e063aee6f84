/**
 * Orders: placing (place-order.ts), the customer's history, the status flow
 * placed → paid → shipped → delivered with one validated method per transition, delivery notices
 * (email; WhatsApp through the disclosure gate when the customer chose it) and sending unpaid
 * invoices past their due date to the collection agency.
 *
 * Which status may follow which is one table (order-status-flow.ts): every order, an invoice
 * too, is paid before it ships; anything else is an InvalidTransitionError (409) that says why.
 *
 * @example
 *   const placed = await orders.place({ customerId, lang, cart, contact, carrier, paymentMethod, whatsappNotices: false });
 *   await orders.ship(placed.id);
 */
import { DomainError, NotFoundError } from '../kit/errors.ts';
import { DisclosureRefusedError } from '../disclosures/disclosure-gate.ts';
import type { Localized } from '../kit/web/i18n.ts';
import type { Executor } from '../core/personal-data-registry.ts';
import type { OrderDeps } from './order-deps.ts';
import { openBilling, openContact } from './order-contact.ts';
import { errorName, InvalidTransitionError } from './order-errors.ts';
import { mayMove } from './order-status-flow.ts';
import * as repo from './orders.repository.ts';
import type { OrderStatus } from './orders.tables.ts';
import { placeOrder, type PlaceOrderInput, type PlacedOrder } from './place-order.ts';

/** Writes an audit entry inside the status change's transaction (the staff console). */
export type RecordInside = (trx: Executor) => Promise<void>;

export interface OrderView {
  id: string;
  reference: string;
  status: OrderStatus;
  carrier: string;
  paymentMethod: string;
  goodsCents: number;
  deliveryFeeCents: number;
  totalCents: number;
  vatCents: number;
  trackingId: string | null;
  createdAt: Date;
  paidAt: Date | null;
  shippedAt: Date | null;
  deliveredAt: Date | null;
  invoiceDueOn: string | null;
  lines: {
    slug: string;
    name: Localized;
    size: string;
    quantity: number;
    unitPriceCents: number;
    lineTotalCents: number;
  }[];
}

export interface OrderServices {
  place(input: PlaceOrderInput): Promise<PlacedOrder>;
  ofCustomer(customerId: string): Promise<OrderView[]>;
  /** One of the customer's orders; NotFoundError for any other (never reveals existence). */
  forCustomer(customerId: string, orderId: string): Promise<OrderView>;
  get(orderId: string): Promise<OrderView>;
  /** `record`: the staff action's audit entry, written in the status change's transaction. */
  markPaid(orderId: string, record?: RecordInside): Promise<OrderView>;
  ship(orderId: string, record?: RecordInside): Promise<OrderView>;
  deliver(orderId: string, record?: RecordInside): Promise<OrderView>;
  /** Staff: orders to work on, undelivered ones first; at most `limit` (no lines). */
  forStaff(filter: { status?: OrderStatus | undefined; limit?: number }): Promise<OrderView[]>;
  /** Sends unpaid invoices due before `today` (YYYY-MM-DD) to collection; returns how many. */
  collectOverdue(today?: string): Promise<{ submitted: number; failed: number }>;
  hasBought(customerId: string, slug: string): Promise<boolean>;
}

function toView(row: repo.OrderRow, lines: repo.OrderLineRow[]): OrderView {
  return {
    id: row.id,
    reference: row.reference,
    status: row.status,
    carrier: row.carrier,
    paymentMethod: row.payment_method,
    goodsCents: row.goods_cents,
    deliveryFeeCents: row.delivery_fee_cents,
    totalCents: row.total_cents,
    vatCents: row.vat_cents,
    trackingId: row.tracking_id,
    createdAt: row.created_at,
    paidAt: row.paid_at,
    shippedAt: row.shipped_at,
    deliveredAt: row.delivered_at,
    invoiceDueOn: row.invoice_due_on,
    lines: lines.map((l) => ({
      slug: l.slug,
      name: l.name,
      size: l.size,
      quantity: l.quantity,
      unitPriceCents: l.unit_price_cents,
      lineTotalCents: l.line_total_cents,
    })),
  };
}

export function createOrderServices(deps: OrderDeps): OrderServices {
  const { db, vault, disclosures, log } = deps;

  async function load(orderId: string): Promise<repo.OrderRow> {
    const row = await repo.findOrder(db, orderId);
    if (!row) throw new NotFoundError('The order');
    return row;
  }
  const view = async (row: repo.OrderRow) => toView(row, await repo.findLines(db, row.id));

  async function transition(
    orderId: string,
    to: OrderStatus,
    changes: Partial<repo.OrderRow>,
    record?: RecordInside,
  ): Promise<repo.OrderRow> {
    const row = await load(orderId);
    if (!mayMove(row.status, to)) throw new InvalidTransitionError(row.status, to);
    // Conditional on the status read: of two staff moving one order at once, one wins.
    const moved = await db.transaction().execute(async (trx) => {
      if (!(await repo.updateOrder(trx, orderId, [row.status], { ...changes, status: to })))
        return false;
      await record?.(trx);
      return true;
    });
    if (!moved) throw new InvalidTransitionError((await load(orderId)).status, to);
    return load(orderId);
  }

  async function notify(row: repo.OrderRow, template: 'order_shipped' | 'order_delivered') {
    const contact = await openContact(vault, db, row.subject_id, row.contact_sealed);
    if (!contact) return; // erased: nobody to tell
    const lang = row.lang as 'en' | 'fi' | 'sv';
    try {
      await deps.mailer.send({
        customerId: row.subject_id,
        to: contact.email,
        template,
        lang,
        vars: { reference: row.reference, tracking: row.tracking_id ?? '–' },
      });
    } catch (err) {
      log.error({ error: errorName(err), orderId: row.id }, 'delivery notice mail failed');
    }
    if (!row.whatsapp_notices) return;
    const message =
      template === 'order_shipped'
        ? `HerSecret: ${row.reference} is on its way (${row.tracking_id ?? ''}).`
        : `HerSecret: ${row.reference} has been delivered.`;
    try {
      await disclosures.messaging.send('whatsapp', await vault.pseudonym(db, row.subject_id), {
        phone: contact.phone,
        message,
      });
    } catch (err) {
      // Refused by the gate (manifest, restriction) or by the partner: the email went anyway.
      const reason = err instanceof DisclosureRefusedError ? err.reason : 'send_failed';
      log.warn({ orderId: row.id, reason }, 'WhatsApp delivery notice not sent');
    }
  }

  return {
    place: (input) => placeOrder(deps, input),
    async ofCustomer(customerId) {
      const rows = await repo.ordersOfCustomer(db, customerId);
      return Promise.all(rows.map(view));
    },
    async forCustomer(customerId, orderId) {
      const row = await repo.findOrder(db, orderId);
      if (!row || row.customer_id !== customerId) throw new NotFoundError('The order');
      return view(row);
    },
    get: async (orderId) => view(await load(orderId)),
    async forStaff(filter) {
      const limit = Math.min(Math.max(filter.limit ?? 100, 1), 500);
      const rows = await repo.ordersForStaff(db, { status: filter.status, limit });
      return rows.map((row) => toView(row, []));
    },
    async markPaid(orderId, record) {
      return view(await transition(orderId, 'paid', { paid_at: new Date() }, record));
    },
    async ship(orderId, record) {
      const shipped = await transition(orderId, 'shipped', { shipped_at: new Date() }, record);
      await notify(shipped, 'order_shipped');
      return view(shipped);
    },
    async deliver(orderId, record) {
      const delivered = await transition(
        orderId,
        'delivered',
        { delivered_at: new Date() },
        record,
      );
      await notify(delivered, 'order_delivered');
      return view(delivered);
    },
    async collectOverdue(today = new Date().toISOString().slice(0, 10)) {
      let submitted = 0;
      let failed = 0;
      for (const row of await repo.overdueInvoices(db, today)) {
        try {
          const billing = await openBilling(vault, db, row.subject_id, row.billing_sealed);
          if (!billing)
            throw new DomainError('conflict', 'The billing copy is no longer readable.');
          const claim = await disclosures.collection.submit(
            await vault.pseudonym(db, row.subject_id),
            {
              name: billing.name,
              email: billing.email,
              address: {
                street: billing.street,
                postalCode: billing.postalCode,
                city: billing.city,
                country: 'FI',
              },
              invoice: {
                invoiceNumber: row.reference,
                orderReference: row.reference,
                amountCents: row.total_cents,
                dueDate: row.invoice_due_on!,
              },
            },
          );
          await repo.updateOrder(db, row.id, [row.status], { collection_case: claim.caseId });
          submitted++;
        } catch (err) {
          failed++;
          log.error({ error: errorName(err), orderId: row.id }, 'collection submission failed');
        }
      }
      return { submitted, failed };
    },
    hasBought: (customerId, slug) => repo.hasBought(db, customerId, slug),
  };
}
