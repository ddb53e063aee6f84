/**
 * The data-subject request service: receive, verify, extend, refuse and fulfil requests, and hand
 * verified ones to the job queue, where {@link RequestRunner} carries them out step by step.
 *
 * Every method that takes a customer starts with the one access check: a request that is not
 * theirs is answered exactly like a missing one.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Database } from '../../kit/db/database.ts';
import { DomainError, NotFoundError } from '../../kit/errors.ts';
import { defineJob } from '../../kit/jobs/jobs.ts';
import type { Logger } from '../../kit/log.ts';
import { openEnvelope, packageFilename, zipPackage } from './access-package.ts';
import { daysLeft, dueDate, extend } from './deadlines.ts';
import type { Executor } from '../../core/personal-data-registry.ts';
import { sealingSubject } from './request-runner.ts';
import { awaitsDecision, insertObjection } from '../objection/objections.repository.ts';
import { restrictedAmong } from '../restriction/restrictions.repository.ts';
import type { ObjectionScope } from '../restriction/restrictions.tables.ts';
import * as repo from './rights.repository.ts';
import type { RequestRow } from './rights.repository.ts';
import * as details from './request-details.repository.ts';
import { toView, type OpenRequestSummary, type RequestView } from './request-view.ts';
import type { RequestChannel, RequestType } from './rights.ts';

export type { OpenRequestSummary, RequestView } from './request-view.ts';

/** The job that runs one request; retried with back-off, and taken as crashed after 5 min. */
export const runRequestJob = defineJob('rights.run-request', z.object({ requestId: z.uuid() }), {
  policy: 'short',
  retryLimit: 20,
  retryDelaySeconds: 5,
  retryBackoff: true,
  expireInSeconds: 300,
});

/** What the service needs from the vault: blind indexes and sealing of the requester's email. */
export interface RightsVault {
  blindIndex(kind: 'email', value: string): string;
  /** The plaintext, or a symbol when the key was shredded (the vault's ERASED). */
  open(
    db: Executor,
    subjectId: string,
    scope: 'profile',
    sealed: string,
    field?: string,
  ): Promise<string | symbol>;
  seal(
    db: Executor,
    subjectId: string,
    scope: 'profile',
    plaintext: string,
    field?: string,
  ): Promise<string>;
  /** Destroys every key of the subject (an expired request's `request:<id>`). */
  shredSubject(db: Executor, subjectId: string): Promise<void>;
}

/**
 * How long a request waits for the person to confirm it (the emailed link, or staff who checked
 * identity another way) before it expires. Its Art. 12(3) month has not started meanwhile.
 */
export const UNCONFIRMED_DAYS = 7;

/**
 * Writes the audit entry of a staff action inside the action's own transaction, after the change:
 * the entry commits with the change or not at all, so the log never claims a change that rolled
 * back, nor misses one that committed.
 */
export type RecordInside = (trx: Executor) => Promise<void>;
const day = 86_400_000;

export interface RightsServiceDeps {
  database: Database;
  vault: RightsVault;
  /** Queues a run of the request (pg-boss); tests may run it in-process instead. */
  enqueue: (requestId: string) => Promise<void>;
  /** The account an email address belongs to, if any (src/customers). */
  customerIdByEmailIndex: (db: Executor, emailIndex: string) => Promise<string | undefined>;
  log: Logger;
  now?: () => Date;
}

export interface NewRequest {
  type: RequestType;
  channel: RequestChannel;
  /** A signed-in customer (a session is enough to verify identity, EDPB 01/2022). */
  customerId?: string;
  /** An unregistered or not signed-in requester; verified later by an emailed link or by staff. */
  email?: string;
  /** True when the channel itself proves identity (a session, a signed Shopify webhook). */
  verified: boolean;
  /** An objection's scope (default `marketing`) and, for `other`, the purposes (objections.ts). */
  objection?: { scope: ObjectionScope; purposes: string[] };
  /**
   * A rectification's free text (what is wrong and what is right, Art. 16): sealed under
   * `request:<id>`, never stored in clear; staff read it through {@link RightsService.detailsForStaff}.
   */
  details?: string;
}

export class RequestStateError extends DomainError {
  constructor(message: string) {
    super('conflict', message);
  }
}

/** A finished access or portability package, ready to download. */
export interface ExportPackage {
  filename: string;
  contentType: 'application/zip';
  bytes: Uint8Array;
}

export class RightsService {
  readonly #now: () => Date;

  constructor(private readonly deps: RightsServiceDeps) {
    this.#now = deps.now ?? (() => new Date());
  }

  get #db() {
    return this.deps.database.db;
  }

  /**
   * `within` runs in the request's own transaction (e.g. recording the webhook delivery that
   * carried it, so a redelivery finds either both or neither); throwing there creates nothing.
   */
  async create(
    input: NewRequest,
    within?: (trx: Executor, requestId: string) => Promise<void>,
  ): Promise<RequestView> {
    if (!input.customerId === !input.email)
      throw new DomainError(
        'bad_request',
        'A request names either a customer or an email address.',
      );
    if (input.details !== undefined && input.type !== 'rectification')
      throw new DomainError('bad_request', 'Only a rectification request carries details.');
    const id = randomUUID();
    const receivedAt = this.#now();
    const row = await this.#db.transaction().execute(async (trx) => {
      let customerId = input.customerId ?? null;
      let emailIndex: string | null = null;
      let emailSealed: string | null = null;
      if (input.email) {
        emailIndex = this.deps.vault.blindIndex('email', input.email);
        // Sealed under the request itself, to answer electronically (Art. 12(3)).
        emailSealed = await this.deps.vault.seal(
          trx,
          `request:${id}`,
          'profile',
          input.email,
          'email',
        );
        if (input.verified) {
          customerId = (await this.deps.customerIdByEmailIndex(trx, emailIndex)) ?? null;
          if (customerId) emailIndex = null;
        }
      }
      const inserted = await repo.insertRequest(trx, {
        id,
        type: input.type,
        status: input.verified ? 'verified' : 'received',
        channel: input.channel,
        customer_id: customerId,
        email_index: emailIndex,
        email_sealed: emailSealed,
        received_at: receivedAt,
        // Unconfirmed, the date is provisional: confirming it starts the month (`verify`).
        due_at: dueDate(receivedAt),
        confirm_by: input.verified ? null : new Date(receivedAt.getTime() + UNCONFIRMED_DAYS * day),
      });
      if (input.type === 'objection')
        await insertObjection(trx, {
          requestId: id,
          scope: input.objection?.scope ?? 'marketing',
          purposes: input.objection?.purposes ?? [],
        });
      if (input.details)
        await details.insertDetail(
          trx,
          id,
          'rectification',
          await this.deps.vault.seal(trx, `request:${id}`, 'profile', input.details, 'details'),
        );
      await repo.insertStep(trx, id, 'received', { channel: input.channel });
      if (input.verified) await repo.insertStep(trx, id, 'verified', { by: input.channel });
      if (within) await within(trx, id);
      return inserted;
    });
    this.deps.log.info(
      { requestId: id, type: input.type, channel: input.channel },
      'data-subject request received',
    );
    if (input.verified) await this.#startIfAutomatic(row);
    return this.#view(row);
  }

  /**
   * Verified erasures of several accounts (a retention sweep's batch), created in one transaction
   * of two statements and not queued: the caller runs them at once
   * (`RequestRunner.runErasures`). One that a crash leaves unfinished stays verified, and the
   * start-up resume queues it like any other.
   */
  async createErasures(customerIds: readonly string[], channel: RequestChannel): Promise<string[]> {
    const receivedAt = this.#now();
    const rows = customerIds.map((customerId) => ({
      id: randomUUID(),
      type: 'erasure' as const,
      status: 'verified' as const,
      channel,
      customer_id: customerId,
      email_index: null,
      email_sealed: null,
      received_at: receivedAt,
      due_at: dueDate(receivedAt),
      confirm_by: null,
    }));
    if (rows.length === 0) return [];
    await this.#db.transaction().execute(async (trx) => {
      await repo.insertRequests(trx, rows);
      await repo.insertStepsOf(
        trx,
        rows.flatMap((r) => [
          // `received` strictly before `verified`, as create() records them.
          { requestId: r.id, step: 'received', output: { channel }, agoMs: 0.001 },
          { requestId: r.id, step: 'verified', output: { by: channel }, agoMs: 0 },
        ]),
      );
    });
    for (const r of rows)
      this.deps.log.info(
        { requestId: r.id, type: r.type, channel },
        'data-subject request received',
      );
    return rows.map((r) => r.id);
  }

  /** The customer's own request; anyone else's is answered exactly like a missing one. */
  async getForCustomer(customerId: string, id: string): Promise<RequestView> {
    const row = await this.#find(id);
    if (!row || row.customer_id !== customerId) throw new NotFoundError('The request');
    return this.#view(row);
  }

  /**
   * The package of a finished access or portability request: the ZIP (data.json, CSV, and for
   * access summary.html), opened from the vault. No access check here: callers check (the
   * customer's own request, {@link packageForCustomer}, or an emailed link). A request that is
   * missing, not finished, not an access or portability request, or whose package became
   * unreadable (erased) is not found.
   */
  async packageFor(requestId: string): Promise<ExportPackage> {
    return this.#package(await this.#find(requestId));
  }

  /** The package of the customer's own request; anyone else's is answered like a missing one. */
  async packageForCustomer(customerId: string, requestId: string): Promise<ExportPackage> {
    const row = await this.#find(requestId);
    return this.#package(row?.customer_id === customerId ? row : undefined);
  }

  async #package(row: RequestRow | undefined): Promise<ExportPackage> {
    if (!row || row.status !== 'done' || (row.type !== 'access' && row.type !== 'portability'))
      throw new NotFoundError('The export');
    const sealed = await repo.findExport(this.#db, row.id);
    if (!sealed) throw new NotFoundError('The export');
    const text = await this.deps.vault.open(
      this.#db,
      sealingSubject(row),
      'profile',
      sealed,
      'dsr_export',
    );
    if (typeof text !== 'string') throw new NotFoundError('The export');
    const { generatedAt, files } = openEnvelope(text);
    return {
      filename: packageFilename(row.type, generatedAt ?? row.completed_at),
      contentType: 'application/zip',
      bytes: zipPackage(files, generatedAt ?? row.completed_at),
    };
  }

  async listForCustomer(customerId: string): Promise<RequestView[]> {
    const rows = await repo.listRequestsOfCustomer(this.#db, customerId);
    return Promise.all(rows.map((r) => this.#view(r)));
  }

  /** Staff: any request. */
  async get(id: string): Promise<RequestView> {
    const row = await this.#find(id);
    if (!row) throw new NotFoundError('The request');
    return this.#view(row);
  }

  /** Staff: what the requester wrote (a rectification's details), opened from the vault. */
  async detailsForStaff(
    id: string,
  ): Promise<{ requestId: string; kind: 'rectification'; text: string }> {
    const row = await this.#find(id);
    const sealed = row ? await details.findDetail(this.#db, id, 'rectification') : undefined;
    if (!row || !sealed) throw new NotFoundError('The request details');
    const text = await this.deps.vault.open(
      this.#db,
      `request:${id}`,
      'profile',
      sealed,
      'details',
    );
    if (typeof text !== 'string') throw new NotFoundError('The request details');
    return { requestId: id, kind: 'rectification', text };
  }

  /**
   * Staff queue: open requests, the most urgent first, and erasures fulfilled in part that wait
   * on a legal hold (answered: no deadline counts down; `heldUntil` says until when).
   */
  async listOpen(): Promise<OpenRequestSummary[]> {
    const now = this.#now();
    const rows = await repo.listOpenRequests(this.#db);
    const held = new Map(
      (await repo.listPartialErasures(this.#db)).map((r) => [
        r.id,
        (r.output as { until?: string } | null)?.until ?? null,
      ]),
    );
    const restricted = await restrictedAmong(
      this.#db,
      rows.flatMap((r) => (r.customer_id ? [r.customer_id] : [])),
    );
    return rows.map((r) => ({
      id: r.id,
      type: r.type,
      status: r.status,
      channel: r.channel,
      receivedAt: r.received_at.toISOString(),
      dueAt: r.due_at.toISOString(),
      // Unconfirmed, no month counts down yet: it expires at `confirmBy` instead.
      daysLeft: r.status === 'received' || r.status === 'partial' ? null : daysLeft(r.due_at, now),
      confirmBy: r.status === 'received' ? (r.confirm_by?.toISOString() ?? null) : null,
      extended: r.extended_at !== null,
      restricted: r.customer_id !== null && restricted.has(r.customer_id),
      heldUntil: held.get(r.id) ?? null,
    }));
  }

  /**
   * Identity verified (emailed link, staff): the request may run. `within` runs first in the same
   * transaction, on the locked request (the emailed link is used there): both happen or neither.
   */
  async verify(
    id: string,
    within?: (trx: Executor, req: RequestRow) => Promise<void>,
    record?: RecordInside,
  ): Promise<RequestView> {
    const row = await this.#transition(id, record, async (trx, req) => {
      await within?.(trx, req);
      if (req.status !== 'received')
        throw new RequestStateError(`The request is already ${req.status}.`);
      const now = this.#now();
      if (req.confirm_by && req.confirm_by <= now)
        throw new RequestStateError('The request has expired unconfirmed: make a new one.');
      const customerId = req.email_index
        ? ((await this.deps.customerIdByEmailIndex(trx, req.email_index)) ?? null)
        : req.customer_id;
      await repo.updateRequest(trx, id, {
        status: 'verified',
        customer_id: customerId,
        email_index: customerId ? null : req.email_index,
        // The month runs from the confirmation: before it, no one could act on the request
        // (Art. 12(6); EDPB Guidelines 01/2022 on the right of access).
        deadline_from: now,
        due_at: dueDate(now),
        confirm_by: null,
      });
      await repo.insertStep(trx, id, 'verified', { by: 'verification' });
    });
    await this.#startIfAutomatic(row);
    return this.#view(row);
  }

  /**
   * Ends every request left unconfirmed past its `confirm_by` (retention housekeeping, daily):
   * status `expired`, out of the queue, the address it was made from shredded with its key. The
   * row stays as the record that it was asked (deleted with finished requests, after 12 months).
   */
  async expireUnconfirmed(): Promise<number> {
    const now = this.#now();
    let expired = 0;
    for (const id of await repo.listUnconfirmedBefore(this.#db, now)) {
      await this.#db.transaction().execute(async (trx) => {
        const req = await repo.lockRequest(trx, id);
        if (!req || req.status !== 'received' || !req.confirm_by || req.confirm_by > now) return;
        await repo.updateRequest(trx, id, {
          status: 'expired',
          completed_at: now,
          email_sealed: null,
        });
        await this.deps.vault.shredSubject(trx, `request:${id}`);
        await repo.insertStep(trx, id, 'expired', { unconfirmedDays: UNCONFIRMED_DAYS });
        expired++;
      });
    }
    if (expired > 0) this.deps.log.info({ expired }, 'unconfirmed requests expired');
    return expired;
  }

  /** Art. 12(3): two further months, with reasons, only while the first month runs. */
  async extend(id: string, reasons: string, record?: RecordInside): Promise<RequestView> {
    const now = this.#now();
    const row = await this.#transition(id, record, async (trx, req) => {
      if (req.status === 'done' || req.status === 'refused' || req.status === 'partial')
        throw new RequestStateError(`The request is already ${req.status}.`);
      const due = extend(
        { receivedAt: req.deadline_from ?? req.received_at, extendedAt: req.extended_at },
        now,
        reasons,
      );
      await repo.updateRequest(trx, id, {
        due_at: due,
        extended_at: now,
        extension_reasons_sealed: await this.#sealReasons(trx, id, 'extension_reasons', reasons),
      });
      await repo.insertStep(trx, id, 'extended', { dueAt: due.toISOString() });
    });
    return this.#view(row);
  }

  /** Art. 12(4)–(5): refused with reasons; the answer names the complaint route. */
  async refuse(id: string, reasons: string, record?: RecordInside): Promise<RequestView> {
    if (reasons.trim().length === 0)
      throw new DomainError('validation_failed', 'A refusal needs reasons (Art. 12(4)).', {
        reasons: 'Required.',
      });
    const row = await this.#transition(id, record, async (trx, req) => {
      if (req.status !== 'received' && req.status !== 'verified')
        throw new RequestStateError(`A request that is ${req.status} can no longer be refused.`);
      await repo.updateRequest(trx, id, {
        status: 'refused',
        refused_at: this.#now(),
        refusal_reasons_sealed: await this.#sealReasons(trx, id, 'refusal_reasons', reasons),
      });
      await repo.insertStep(trx, id, 'refused', null);
    });
    return this.#view(row);
  }

  /**
   * Staff: carry the request out. A rectification is fulfilled once the correction is made (the
   * run then passes it on to recipients, Art. 19); other types simply start if not yet running.
   */
  async fulfil(id: string, record?: RecordInside): Promise<RequestView> {
    const row = await this.#transition(id, record, async (trx, req) => {
      if (req.status === 'received') throw new RequestStateError('Verify the requester first.');
      if (req.status === 'refused' || req.status === 'done')
        throw new RequestStateError(`The request is already ${req.status}.`);
      // Art. 17(3)(e): the rest runs when the hold ends (held-erasures.ts), not on demand.
      if (req.status === 'partial')
        throw new RequestStateError('The rest of this erasure waits for a legal hold to end.');
      if (req.type === 'rectification' && !(await repo.hasStep(trx, id, 'corrected')))
        await repo.insertStep(trx, id, 'corrected', null);
      if (req.type === 'objection' && (await awaitsDecision(trx, id)))
        throw new RequestStateError('Decide the objection first (…/decide with reasons).');
    });
    await this.deps.enqueue(row.id);
    return this.#view(row);
  }

  /** Queues every request that should be running (after a crash, or a lost enqueue). */
  async resume(): Promise<number> {
    const ids = await repo.listRunnableIds(this.#db);
    for (const id of ids) await this.deps.enqueue(id);
    return ids.length;
  }

  async #startIfAutomatic(row: RequestRow): Promise<void> {
    // A rectification waits for staff to make the correction (fulfil).
    if (row.type !== 'rectification') await this.deps.enqueue(row.id);
  }

  async #find(id: string): Promise<RequestRow | undefined> {
    // A malformed id is answered like a missing one (the repository checks its shape).
    return repo.findRequest(this.#db, id);
  }

  async #transition(
    id: string,
    record: RecordInside | undefined,
    change: (trx: Executor, req: RequestRow) => Promise<void>,
  ): Promise<RequestRow> {
    return this.#db.transaction().execute(async (trx) => {
      const req = await repo.lockRequest(trx, id);
      if (!req) throw new NotFoundError('The request');
      await change(trx, req);
      // Last, so the audit chain's head is locked only briefly; a refused change never gets here.
      await record?.(trx);
      const updated = await repo.findRequest(trx, id);
      if (!updated) throw new NotFoundError('The request');
      return updated;
    });
  }

  async #view(row: RequestRow): Promise<RequestView> {
    const [steps, notices] = await Promise.all([
      repo.listSteps(this.#db, row.id),
      repo.listNotifications(this.#db, row.id),
    ]);
    return toView(row, steps, notices, {
      extension: await this.#openReasons(row, row.extension_reasons_sealed, 'extension_reasons'),
      refusal: await this.#openReasons(row, row.refusal_reasons_sealed, 'refusal_reasons'),
    });
  }

  /** Staff reasons may name the person: sealed under the request (`request:<id>`, profile). */
  #sealReasons(trx: Executor, id: string, field: string, reasons: string): Promise<string> {
    return this.deps.vault.seal(trx, `request:${id}`, 'profile', reasons.trim(), field);
  }

  async #openReasons(row: RequestRow, sealed: string | null, field: string) {
    if (sealed === null) return null;
    const text = await this.deps.vault.open(
      this.#db,
      `request:${row.id}`,
      'profile',
      sealed,
      field,
    );
    return typeof text === 'string' ? text : '(erased)';
  }
}
