import type { ColumnType, Generated } from 'kysely';
import type { NoticeOutcome, RequestChannel, RequestStatus, RequestType } from './rights.ts';

/**
 * A data-subject request. It names its subject by customer id only; an unregistered requester
 * is known by the blind index of their email, with the address itself sealed in the vault
 * (subject `request:<id>`), so the row holds no personal data in clear.
 */
export interface DsrRequestsTable {
  id: Generated<string>;
  type: RequestType;
  status: RequestStatus;
  channel: RequestChannel;
  customer_id: string | null;
  email_index: string | null;
  email_sealed: string | null;
  received_at: ColumnType<Date, Date | undefined, never>;
  due_at: Date;
  extended_at: Date | null;
  /** The staff's reasons, sealed under `request:<id>` (profile scope): they may name the person. */
  extension_reasons_sealed: string | null;
  refused_at: Date | null;
  refusal_reasons_sealed: string | null;
  completed_at: Date | null;
  /** When the Art. 12(3) month started: its confirmation (null: at receipt, `received_at`). */
  deadline_from: ColumnType<Date | null, Date | null | undefined, Date | null>;
  /** An unconfirmed request expires then (status `expired`); null once confirmed. */
  confirm_by: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

/** One recorded step of a request; (request_id, step) is unique, so a step happens once. */
export interface DsrRequestStepsTable {
  request_id: string;
  step: string;
  output: ColumnType<unknown, string | null, never>;
  recorded_at: Generated<Date>;
}

/** The result of an access or portability request: sealed in the vault under the subject. */
export interface DsrExportsTable {
  request_id: string;
  sealed: string;
  created_at: Generated<Date>;
}

/** Art. 19: the notice of a rectification, erasure or restriction to one recipient. */
export interface DsrNotificationsTable {
  request_id: string;
  recipient: string;
  outcome: NoticeOutcome;
  detail: string | null;
  notified_at: Generated<Date>;
}

/** Each Shopify webhook delivery seen, by the SHA-256 of its `X-Shopify-Webhook-Id`. */
export interface ShopifyWebhooksTable {
  webhook_id_hash: string;
  topic: string;
  request_id: string | null;
  staff_task_id: string | null;
  received_at: Generated<Date>;
}

/** Work recorded for people (no subject, no personal data), listed in the staff queue. */
export interface StaffTasksTable {
  id: Generated<string>;
  kind: 'shop_redact';
  source: string;
  detail: ColumnType<Record<string, unknown>, string, string>;
  created_at: Generated<Date>;
  done_at: Date | null;
}

export interface RightsTables {
  shopify_webhooks: ShopifyWebhooksTable;
  staff_tasks: StaffTasksTable;
  dsr_requests: DsrRequestsTable;
  dsr_request_steps: DsrRequestStepsTable;
  dsr_exports: DsrExportsTable;
  dsr_notifications: DsrNotificationsTable;
}

// Adds these tables to the database type the kit declares (src/kit/db/schema.ts).
declare module '../../kit/db/schema.ts' {
  interface DB extends RightsTables {}
}
