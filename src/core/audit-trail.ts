/**
 * The audit trail every feature writes to: each staff read of personal data (masked or revealed),
 * each staff action, each staff sign-in and failed sign-in, each automated disclosure. Implemented
 * by src/audit (append-only, hash-chained, checkpointed outside the database). An entry holds no
 * personal data in clear: a person is named by pseudonym, a staff member by account id.
 *
 * @example
 *   await audit.record(
 *     { actor: { kind: 'staff', id: staff.id }, action: 'customer.view', subject: pseudonym,
 *       categories: ['user.contact.email'], access: 'masked' },
 *     trx,
 *   );
 */
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../kit/db/schema.ts';

export type AuditActor =
  /** A staff account, by its id (uuid). */
  | { kind: 'staff'; id: string }
  /** A personal API token (its id), acting for the staff member who holds it. */
  | { kind: 'api-token'; id: string; staffId: string }
  /** A job or module acting on its own, e.g. 'retention', 'disclosure-gate'. */
  | { kind: 'system'; id: string }
  /** A customer acting on their own data, by pseudonym. */
  | { kind: 'customer'; id: string };

export interface AuditEvent {
  actor: AuditActor;
  /**
   * A dotted verb: 'customer.view', 'customer.reveal', 'request.verify', 'request.fulfil',
   * 'objection.decide', 'order.status', 'staff.sign_in', 'staff.sign_in_failed', 'staff.add',
   * 'disclosure.sent', 'retention.hold', …
   */
  action: string;
  /** The data subject, by pseudonym: never an email, a name or a customer id in clear. */
  subject?: string | undefined;
  /** The manifest's data categories the action touched. */
  categories?: readonly string[] | undefined;
  /** For a read: whether the fields were shown masked or revealed. */
  access?: 'masked' | 'revealed' | undefined;
  /** A reason staff typed (a reveal, a refusal): sealed by the implementation, never in clear. */
  reason?: string | undefined;
  outcome?: 'ok' | 'denied' | 'failed' | undefined;
  /** Non-personal details only: request, order or staff ids (uuids), roles, counts. */
  detail?: Readonly<Record<string, string | number | boolean | null>> | undefined;
}

export interface AuditTrail {
  /**
   * Appends one entry. Given a transaction, the entry commits (or rolls back) with the action it
   * records.
   */
  record(event: AuditEvent, db?: Kysely<DB> | Transaction<DB>): Promise<void>;
}
