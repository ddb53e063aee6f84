/**
 * Restriction of processing (Art. 18) for staff and the customer: the state, the notice before
 * lifting, and lifting. A restriction begins when a restriction request runs (the `restrictions`
 * module's hook); Art. 18(3) says the person is told **before** it is lifted, so lifting is
 * refused until the notice was sent (and the database checks it too).
 *
 * @example
 *   await restrictions.sendLiftNotice(customerId); // emails the customer, records when
 *   await restrictions.lift(customerId);           // 409 without the notice
 */
import { openEmail } from '../../customers/customer-profile.ts';
import { findCustomerById } from '../../customers/customers.repository.ts';
import type { Database } from '../../kit/db/database.ts';
import { DomainError, NotFoundError } from '../../kit/errors.ts';
import type { Logger } from '../../kit/log.ts';
import type { Mailer } from '../../notify/mailer.ts';
import type { Vault } from '../../kit/vault/vault.ts';
import { isLang } from '../../kit/web/i18n.ts';
import type { ProcessingStops } from './processing-stops.ts';
import * as repo from './restrictions.repository.ts';
import type { RecordInside } from '../engine/rights.service.ts';

export interface RestrictionState {
  customerId: string;
  restricted: boolean;
  since: string | null;
  requestId: string | null;
  liftNoticeSentAt: string | null;
}

export interface RestrictionDeps {
  database: Database;
  vault: Vault;
  mailer: Mailer;
  stops: Pick<ProcessingStops, 'invalidate'>;
  publicUrl: string;
  log: Logger;
  now?: () => Date;
}

export class RestrictionService {
  constructor(private readonly deps: RestrictionDeps) {}

  get #db() {
    return this.deps.database.db;
  }

  #now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  /** The restriction holding for the customer now (restricted: false when none). */
  async state(customerId: string): Promise<RestrictionState> {
    const row = await repo.findActiveRestriction(this.#db, customerId);
    return {
      customerId,
      restricted: row !== undefined,
      since: row?.since.toISOString() ?? null,
      requestId: row?.request_id ?? null,
      liftNoticeSentAt: row?.lift_notice_sent_at?.toISOString() ?? null,
    };
  }

  /** Art. 18(3): tells the customer the restriction will be lifted, then records that it did. */
  async sendLiftNotice(customerId: string, record?: RecordInside): Promise<RestrictionState> {
    const row = await repo.findActiveRestriction(this.#db, customerId);
    const customer = row ? await findCustomerById(this.#db, customerId) : undefined;
    const email = customer ? await openEmail(this.deps.vault, this.#db, customer) : undefined;
    if (!row || !customer || !email) throw new NotFoundError('A restriction of this customer');
    // Sent before it is recorded: a failure leaves no record, so lifting stays refused.
    try {
      await this.deps.mailer.send({
        customerId,
        to: email,
        template: 'restriction_lift_notice',
        lang: isLang(customer.lang) ? customer.lang : 'en',
        vars: {
          since: row.since.toISOString().slice(0, 10),
          link: new URL('/privacy-center', this.deps.publicUrl).toString(),
        },
      });
    } catch (err) {
      this.deps.log.error(
        { customerId, err: err instanceof Error ? err.name : 'unknown' },
        'restriction lift notice not sent',
      );
      throw new DomainError('unavailable', 'The notice could not be sent; try again later.');
    }
    // The staff action's audit entry (console) commits with the record that the notice went.
    await this.#db.transaction().execute(async (trx) => {
      await repo.markLiftNoticeSent(trx, row.id, this.#now());
      await record?.(trx);
    });
    this.deps.log.info({ customerId }, 'restriction lift notice sent');
    return this.state(customerId);
  }

  /** Lifts the restriction; refused (409) until the customer was told (Art. 18(3)). */
  async lift(customerId: string, record?: RecordInside): Promise<RestrictionState> {
    const row = await repo.findActiveRestriction(this.#db, customerId);
    if (!row) throw new NotFoundError('A restriction of this customer');
    if (!row.lift_notice_sent_at)
      throw new DomainError(
        'conflict',
        'Tell the customer first: send the lift notice (Art. 18(3)), then lift the restriction.',
      );
    await this.#db.transaction().execute(async (trx) => {
      if (!(await repo.liftRestriction(trx, row.id, this.#now())))
        throw new DomainError('conflict', 'The restriction changed meanwhile; look at it again.');
      await record?.(trx);
    });
    this.deps.stops.invalidate(customerId);
    this.deps.log.info({ customerId }, 'restriction lifted');
    return this.state(customerId);
  }

  /** The restrictions in force, the oldest first (the staff console's list; at most `limit`). */
  async listActive(limit = 200): Promise<RestrictionState[]> {
    const rows = await repo.listActiveRestrictions(this.#db, limit);
    return rows.map((row) => ({
      customerId: row.customer_id,
      restricted: true,
      since: row.since.toISOString(),
      requestId: row.request_id,
      liftNoticeSentAt: row.lift_notice_sent_at?.toISOString() ?? null,
    }));
  }

  /** Which of these customers are restricted now (the staff queue's flag). */
  restrictedAmong(customerIds: string[]): Promise<Set<string>> {
    return repo.restrictedAmong(this.#db, customerIds);
  }
}
