import type { ColumnType, Generated } from 'kysely';
import type { Localized } from '../kit/web/i18n.ts';

export type OrderStatus = 'placed' | 'paid' | 'shipped' | 'delivered';

/** One order. Personal fields only in `*_sealed` columns (vault; see orders.service.ts). */
export interface OrdersTable {
  id: string;
  reference: string;
  /** The vault subject: the customer id, or a guest subject id of the order's own. */
  subject_id: string;
  customer_id: string | null;
  /** Blind index of the email, so a guest's access or erasure request finds the order. */
  email_index: string;
  lang: string;
  status: OrderStatus;
  carrier: string;
  payment_method: string;
  goods_cents: number;
  delivery_fee_cents: number;
  total_cents: number;
  vat_cents: number;
  whatsapp_notices: boolean;
  /** Profile scope: name, email, phone, address for delivery and notices. Null once erased. */
  contact_sealed: string | null;
  /**
   * Accounting scope: the invoice/receipt copy of the buyer's name, email and address. Null once
   * the voucher period has ended (src/orders/orders.retention.ts).
   */
  billing_sealed: string | null;
  /** Accounting scope; invoice and part payment only. */
  identity_code_sealed: string | null;
  payment_reference: string | null;
  tracking_id: string | null;
  invoice_due_on: ColumnType<string | null, string | null | undefined, string | null>;
  collection_case: string | null;
  accounting_until: ColumnType<string, string, string>;
  created_at: Generated<Date>;
  paid_at: Date | null;
  shipped_at: Date | null;
  delivered_at: Date | null;
  /** When the consumer-trade period ended and the order was unlinked from the buyer. */
  anonymised_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  /** When the voucher period ended and the billing copy and identity code were dropped. */
  vouchers_ended_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface OrderLinesTable {
  order_id: string;
  position: number;
  slug: string;
  name: ColumnType<Localized, string, string>;
  size: string;
  quantity: number;
  unit_price_cents: number;
  line_total_cents: number;
}

/** Avarda's automated credit decisions (Art. 22), partner-sourced (Art. 14). */
export interface CreditDecisionsTable {
  id: string;
  subject_id: string;
  customer_id: string | null;
  email_index: string;
  order_id: string | null;
  product: string;
  outcome: string;
  reasons: ColumnType<string[], string, string>;
  logic_summary: string;
  approved_cents: number;
  plan: ColumnType<{ months: number; monthlyCents: number } | null, string | null, string | null>;
  source: string;
  decided_at: Date;
  received_at: Generated<Date>;
}

export interface OrdersTables {
  orders: OrdersTable;
  order_lines: OrderLinesTable;
  credit_decisions: CreditDecisionsTable;
}

// Adds these tables to the database type the kit declares (src/kit/db/schema.ts).
declare module '../kit/db/schema.ts' {
  interface DB extends OrdersTables {}
}
