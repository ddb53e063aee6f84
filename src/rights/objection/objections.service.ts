/**
 * Staff decisions on objections on other grounds (Art. 21(1)): the controller stops the
 * processing unless it shows compelling legitimate grounds. Staff decide with reasons; the
 * reasons may name the person, so they are sealed in the vault under `request:<id>`. The decision
 * is recorded as the request's `decided` step, the request then runs (upheld: the purposes stop;
 * ProcessingStops reads the decision) and the person is sent the decision, with the complaint
 * route when it was overruled.
 *
 * @example
 *   await objections.decide(requestId, { upheld: false, reasons: 'Unpaid invoice of 3 March…' });
 */
import { openEmail } from '../../customers/customer-profile.ts';
import { findCustomerById } from '../../customers/customers.repository.ts';
import type { Database } from '../../kit/db/database.ts';
import { DomainError, NotFoundError } from '../../kit/errors.ts';
import type { Logger } from '../../kit/log.ts';
import type { Mailer } from '../../notify/mailer.ts';
import type { Manifest } from '../../core/manifest/manifest.ts';
import { isErased, type Vault } from '../../kit/vault/vault.ts';
import { isLang, type Lang } from '../../kit/web/i18n.ts';
import { REASONS_FIELD } from './objections.personal-data.ts';
import * as objectionsRepo from './objections.repository.ts';
import type { ProcessingStops } from '../restriction/processing-stops.ts';
import type { RecordInside, RequestView, RightsService } from '../engine/rights.service.ts';
import * as repo from '../engine/rights.repository.ts';
import type { RequestRow } from '../engine/rights.repository.ts';
import type { ObjectionDecision, ObjectionScope } from '../restriction/restrictions.tables.ts';

export interface ObjectionView {
  scope: ObjectionScope;
  purposes: string[];
  decision: ObjectionDecision | null;
  decidedAt: string | null;
  answeredAt: string | null;
}

export interface ObjectionDeps {
  database: Database;
  vault: Vault;
  mailer: Mailer;
  requests: Pick<RightsService, 'get' | 'fulfil'>;
  stops: Pick<ProcessingStops, 'invalidate'>;
  manifest: () => Manifest;
  log: Logger;
  now?: () => Date;
}

export class ObjectionService {
  constructor(private readonly deps: ObjectionDeps) {}

  get #db() {
    return this.deps.database.db;
  }

  /** What the objection request objects to, and the decision; 404 for any other request. */
  async view(requestId: string): Promise<ObjectionView> {
    const row = await objectionsRepo.findObjection(this.#db, requestId);
    if (!row) throw new NotFoundError('The objection');
    return toView(row);
  }

  /** Objections on other grounds waiting for a decision, due first first (the console). */
  async awaiting(
    limit = 200,
  ): Promise<
    { requestId: string; purposes: string[]; status: string; receivedAt: string; dueAt: string }[]
  > {
    const rows = await objectionsRepo.listAwaitingDecision(this.#db, limit);
    return rows.map((r) => ({
      requestId: r.request_id,
      purposes: r.purposes,
      status: r.status,
      receivedAt: r.received_at.toISOString(),
      dueAt: r.due_at.toISOString(),
    }));
  }

  /**
   * Records the decision and runs the request, then answers the person. Deciding again the same
   * way only re-sends an answer that could not be sent; anything else after a decision is 409.
   */
  async decide(
    requestId: string,
    input: { upheld: boolean; reasons: string },
    /** The staff action's audit entry, written in the decision's transaction (console). */
    record?: RecordInside,
  ): Promise<{ request: RequestView; objection: ObjectionView }> {
    const decision: ObjectionDecision = input.upheld ? 'upheld' : 'overruled';
    const reasons = input.reasons.trim();
    const now = this.deps.now?.() ?? new Date();
    const decided = await this.#db.transaction().execute(async (trx) => {
      const req = await repo.lockRequest(trx, requestId);
      if (!req) throw new NotFoundError('The request');
      const objection = await objectionsRepo.findObjection(trx, requestId);
      if (req.type !== 'objection' || objection?.scope !== 'other')
        throw new DomainError(
          'conflict',
          'Only an objection on other grounds waits for a decision; one to direct marketing takes effect at once.',
        );
      if (objection.decision !== null) {
        if (objection.decision === decision && objection.answered_at === null)
          return { req, purposes: objection.purposes, resend: true };
        throw new DomainError('conflict', `The objection was already ${objection.decision}.`);
      }
      if (req.status === 'received')
        throw new DomainError('conflict', 'Verify the requester first.');
      if (req.status !== 'verified')
        throw new DomainError('conflict', `The request is already ${req.status}.`);
      const reasonsSealed = await this.deps.vault.seal(
        trx,
        `request:${requestId}`,
        'profile',
        reasons,
        REASONS_FIELD,
      );
      await objectionsRepo.recordDecision(trx, requestId, {
        decision,
        decidedAt: now,
        reasonsSealed,
      });
      await repo.insertStep(trx, requestId, 'decided', { decision });
      await record?.(trx);
      return { req, purposes: objection.purposes, resend: false };
    });
    if (decided.req.customer_id) this.deps.stops.invalidate(decided.req.customer_id);
    if (!decided.resend) await this.deps.requests.fulfil(requestId);
    await this.#answer(decided.req, decision, decided.purposes);
    this.deps.log.info({ requestId, decision }, 'objection decided');
    return {
      request: await this.deps.requests.get(requestId),
      objection: await this.view(requestId),
    };
  }

  /** Sends the decision with its reasons (opened from the vault) and records that it did. */
  async #answer(req: RequestRow, decision: ObjectionDecision, purposes: string[]): Promise<void> {
    const db = this.#db;
    const row = await objectionsRepo.findObjection(db, req.id);
    const reasons = row?.reasons_sealed
      ? await this.deps.vault.open(
          db,
          `request:${req.id}`,
          'profile',
          row.reasons_sealed,
          REASONS_FIELD,
        )
      : undefined;
    const to = await this.#recipient(req);
    if (!to || reasons === undefined || isErased(reasons)) {
      this.deps.log.warn({ requestId: req.id }, 'objection decision: nobody left to answer');
      return;
    }
    const labels = this.deps.manifest().purposes;
    try {
      await this.deps.mailer.send({
        customerId: req.customer_id ?? `request:${req.id}`,
        to: to.email,
        template: decision === 'upheld' ? 'objection_upheld' : 'objection_overruled',
        lang: to.lang,
        vars: {
          reasons,
          purposes: purposes.map((p) => labels[p]?.label[to.lang] ?? p).join(', '),
        },
      });
    } catch (err) {
      this.deps.log.error(
        { requestId: req.id, err: err instanceof Error ? err.name : 'unknown' },
        'objection decision not sent',
      );
      throw new DomainError(
        'unavailable',
        'The decision is recorded, but the answer could not be sent: send the same decision again to retry.',
      );
    }
    await objectionsRepo.markAnswered(db, req.id, this.deps.now?.() ?? new Date());
  }

  async #recipient(req: RequestRow): Promise<{ email: string; lang: Lang } | undefined> {
    const db = this.#db;
    if (req.customer_id) {
      const customer = await findCustomerById(db, req.customer_id);
      const email = customer ? await openEmail(this.deps.vault, db, customer) : undefined;
      return customer && email
        ? { email, lang: isLang(customer.lang) ? customer.lang : 'en' }
        : undefined;
    }
    if (!req.email_sealed) return undefined;
    const email = await this.deps.vault.open(
      db,
      `request:${req.id}`,
      'profile',
      req.email_sealed,
      'email',
    );
    return isErased(email) ? undefined : { email, lang: 'en' };
  }
}

function toView(row: objectionsRepo.ObjectionRow): ObjectionView {
  return {
    scope: row.scope,
    purposes: row.purposes,
    decision: row.decision,
    decidedAt: row.decided_at?.toISOString() ?? null,
    answeredAt: row.answered_at?.toISOString() ?? null,
  };
}
