/**
 * Runs a verified request as a pipeline of named, recorded steps. Each step is one transaction
 * that locks the request, skips the step when it is already recorded, does its work and records
 * it; so a run killed at any point and started again (by pg-boss's retry of the expired job, or by
 * the start-up resume) does each step exactly once, and two runners never interleave.
 *
 * Steps by type:
 * - every type: `running` … `done`
 * - access, portability: `export` (every exporter, built into the package's files by
 *   access-package.ts and sealed as one document)
 * - erasure: `plan` (what is kept, and the recipients, read before the pseudonym link goes),
 *   `capture` (the address to confirm to, sealed under `request:<id>`, and what will be kept),
 *   then `erase:<module>` per module, then `notify:<recipient>` (Art. 19), then `confirm` (the
 *   confirmation mailed, the captured address shredded: erasure-confirmation.ts). Between `plan`
 *   and `capture`, `holds`: the legal holds in force (Art. 17(3)(e)), asked once and passed to
 *   every eraser. With a hold, `confirm` keeps the address, `held` makes the request `partial`,
 *   and the run stops; once the hold has ended `hold-ended` is recorded (held-erasures.ts) and
 *   the run goes on: `erase-held:<module>` for each module that left something for the hold,
 *   then `confirm-held` (the completion mailed, the address shredded)
 * - restriction: `plan`, `restrict:<module>`, `notify:<recipient>`
 * - objection: `object:<module>` (on other grounds, once staff have decided)
 * - rectification (run once staff have made the correction): `plan`, `notify:<recipient>`
 * - access, portability made by email (or entered by staff with an address): `answer`, the
 *   emailed download link (Art. 12(3)), before `done`
 */
import type { Database } from '../../kit/db/database.ts';
import type { Logger } from '../../kit/log.ts';
import { envelope, type PackageBuilder } from './access-package.ts';
import { crashPoint } from './crash-point.ts';
import type {
  ErasureOutcome,
  ErasurePlan,
  Executor,
  HookContext,
  KeptCategory,
  LegalHoldSet,
  PersonalDataRegistry,
  SubjectRef,
} from '../../core/personal-data-registry.ts';
import { awaitsDecision } from '../objection/objections.repository.ts';
import * as repo from './rights.repository.ts';
import { PROVIDED_CATEGORIES, type NoticeOutcome } from './rights.ts';
import type { RequestRow } from './rights.repository.ts';

/** Seals and opens export documents; the vault, or a stand-in in tests. */
export interface ExportSealer {
  seal(db: Executor, subjectId: string, plaintext: string): Promise<string>;
}

/** Art. 19: who received the subject's data, read from the disclosure log. */
export type RecipientsOf = (db: Executor, subject: SubjectRef) => Promise<string[]>;

/** Passes a rectification, erasure or restriction on to one recipient. */
export type RecipientNotifier = (notice: {
  recipient: string;
  requestId: string;
  type: 'rectification' | 'erasure' | 'restriction';
}) => Promise<{ outcome: NoticeOutcome; detail?: string }>;

export interface RunnerDeps {
  database: Database;
  registry: PersonalDataRegistry;
  sealer: ExportSealer;
  recipientsOf: RecipientsOf;
  notifier: RecipientNotifier;
  /** Categories an erasure keeps for accounting, from the manifest. */
  keptForAccounting: () => KeptCategory[];
  /** Builds the access or portability package's files (data.json, CSV, summary.html). */
  packager: PackageBuilder;
  /** Captures before and confirms after an erasure (Art. 12(3), 17). */
  confirmation?: ErasureConfirmer;
  /**
   * The blind index of a customer's email when the account has verified it: the person's data
   * kept under that address without the account (guest orders, newsletter sign-ups) is theirs too.
   */
  verifiedEmailIndexOf?: (db: Executor, customerId: string) => Promise<string | null>;
  log: Logger;
  /** Mails the answer to a request made by email (request-answer.ts); returns what to record. */
  answer?: RequestAnswerer;
  /** The legal holds in force on the subject (Art. 17(3)(e)); without it nothing is held. */
  holdsOn?: (db: Executor, subject: SubjectRef) => Promise<LegalHoldSet | null>;
}

/** Art. 12(3): sends a finished request's answer to the requester's address. */
export type RequestAnswerer = (req: RequestRow) => Promise<Record<string, unknown>>;

/** Requests answered by email: access or portability, from someone known by an address. */
export function answeredByEmail(req: RequestRow): boolean {
  return (
    (req.channel === 'email' || req.channel === 'staff') &&
    req.email_sealed !== null &&
    (req.type === 'access' || req.type === 'portability')
  );
}

/** What the runner needs of {@link ErasureConfirmation}. */
export interface ErasureConfirmer {
  capture(
    db: Executor,
    req: RequestRow,
    subject: SubjectRef,
    held: LegalHoldSet | null,
  ): Promise<unknown>;
  /** Sends the confirmation; called outside any transaction. */
  send(requestId: string): Promise<unknown>;
  /** Sends the news that what a legal hold kept is erased now; outside any transaction. */
  sendHoldEnded(requestId: string): Promise<unknown>;
  /** Forgets what was captured, in the `confirm` step's transaction. */
  forget(db: Executor, requestId: string): Promise<void>;
}

interface PlanOutput {
  keep: KeptCategory[];
  recipients: string[];
}

const SKIPPED = Symbol('skipped');

export class RequestRunner {
  constructor(private readonly deps: RunnerDeps) {}

  /** Runs (or resumes) a request to its end. A request that is not verified is left alone. */
  async run(requestId: string): Promise<void> {
    const started = await this.#step(requestId, 'running', async (trx, req) => {
      if (req.status !== 'verified' && req.status !== 'running') return SKIPPED;
      // A rectification runs once staff have made the correction (RightsService.fulfil).
      if (req.type === 'rectification' && !(await repo.hasStep(trx, requestId, 'corrected')))
        return SKIPPED;
      // An objection on other grounds waits for the staff decision (objections.service.ts).
      if (req.type === 'objection' && (await awaitsDecision(trx, requestId))) return SKIPPED;
      await repo.updateRequest(trx, requestId, { status: 'running' });
      // Recorded with the step: once an erasure has deleted the account, a resumed run still
      // knows the address its guest data is kept under.
      const emailIndex =
        req.customer_id && this.deps.verifiedEmailIndexOf
          ? await this.deps.verifiedEmailIndexOf(trx, req.customer_id)
          : null;
      return { emailIndex };
    });
    if (started === SKIPPED) return;
    const req = await repo.findRequest(this.deps.database.db, requestId);
    if (!req || req.status !== 'running') return;
    const subject = subjectOf(req, started?.emailIndex ?? null);

    switch (req.type) {
      case 'access':
      case 'portability':
        await this.#step(requestId, 'export', (trx) => this.#export(trx, req, subject));
        break;
      case 'erasure': {
        const plan = await this.#plan(requestId, subject);
        const held = await this.#holds(requestId, subject);
        const confirmation = this.deps.confirmation;
        if (confirmation)
          await this.#step(requestId, 'capture', (trx) =>
            confirmation.capture(trx, req, subject, held),
          );
        for (const m of this.deps.registry.modules()) {
          await this.#step(requestId, `erase:${m.name}`, async (trx) => {
            // Art. 17(3)(e): a hold on the customer leaves such a module whole until it ends.
            if (held?.customer && m.keptUnderCustomerHold)
              return { erased: 0, kept: [], held: true } satisfies ErasureOutcome;
            const erasurePlan: ErasurePlan = {
              requestId,
              keep: plan.keep,
              held: held ?? undefined,
            };
            return m.erase(trx, subject, erasurePlan);
          });
        }
        await this.#notifyRecipients(requestId, 'erasure', plan.recipients);
        if (confirmation) await this.#confirm(requestId, confirmation, held !== null);
        if (held) {
          if (!(await this.#holdEnded(requestId, held))) return;
          await this.#eraseHeld(requestId, subject, plan.keep);
          if (confirmation) await this.#confirmHoldEnded(requestId, confirmation);
        }
        break;
      }
      case 'restriction': {
        const plan = await this.#plan(requestId, subject);
        for (const m of this.deps.registry.modules()) {
          if (!m.restrict) continue;
          const restrict = m.restrict.bind(m);
          await this.#hookStep(requestId, `restrict:${m.name}`, (trx, context) =>
            restrict(trx, subject, context),
          );
        }
        await this.#notifyRecipients(requestId, 'restriction', plan.recipients);
        break;
      }
      case 'objection':
        for (const m of this.deps.registry.modules()) {
          if (!m.object) continue;
          const object = m.object.bind(m);
          await this.#hookStep(requestId, `object:${m.name}`, (trx, context) =>
            object(trx, subject, context),
          );
        }
        break;
      case 'rectification': {
        const plan = await this.#plan(requestId, subject);
        await this.#notifyRecipients(requestId, 'rectification', plan.recipients);
        break;
      }
    }
    await this.#answer(req);
    await this.#step(requestId, 'done', async (trx) => {
      await repo.updateRequest(trx, requestId, { status: 'done', completed_at: new Date() });
      // The account's email index, and the held set's subjects, were needed only while the run
      // could be resumed.
      await repo.clearStepOutput(trx, requestId, 'running');
      if (req.type === 'erasure') await repo.clearStepOutput(trx, requestId, 'holds');
      return null;
    });
    this.deps.log.info({ requestId, type: req.type }, 'data-subject request done');
  }

  /**
   * One recorded step: locked, skipped when recorded, otherwise done and recorded in the same
   * transaction. Returns the step's output, from this run or the recorded one.
   */
  async #step<T>(
    requestId: string,
    name: string,
    work: (trx: Executor, req: RequestRow) => Promise<T | typeof SKIPPED>,
  ): Promise<T | typeof SKIPPED> {
    const result = await this.deps.database.db.transaction().execute(async (trx) => {
      const req = await repo.lockRequest(trx, requestId);
      if (!req) return SKIPPED;
      if (await repo.hasStep(trx, requestId, name)) {
        return (await repo.stepOutput(trx, requestId, name)) as T;
      }
      const output = await work(trx, req);
      if (output === SKIPPED) return SKIPPED;
      await repo.insertStep(trx, requestId, name, output);
      crashPoint(`${requestId} ${name} before commit`);
      return output;
    });
    crashPoint(`${requestId} ${name} after commit`);
    return result;
  }

  /**
   * The `answer` step. The mail goes out before the step's transaction, not inside it: without
   * SMTP it lands in the outbox, which writes on its own (on PGlite that would wait for the
   * step's transaction for ever). At least once: a crash after sending and before the record
   * sends a second mail with a new link, and both links work; recorded once.
   */
  async #answer(req: RequestRow): Promise<void> {
    const answer = this.deps.answer;
    if (!answer || !answeredByEmail(req)) return;
    if (await repo.hasStep(this.deps.database.db, req.id, 'answer')) return;
    const sent = await answer(req);
    await this.#step(req.id, 'answer', async () => sent);
  }

  /** A restrict or object hook as one step; its after-commit callbacks run once it committed. */
  async #hookStep(
    requestId: string,
    name: string,
    hook: (trx: Executor, context: HookContext) => Promise<void>,
  ): Promise<void> {
    const committed: (() => void)[] = [];
    await this.#step(requestId, name, async (trx) => {
      await hook(trx, { requestId, afterCommit: (fn) => committed.push(fn) });
      return null;
    });
    for (const fn of committed) fn();
  }

  async #plan(requestId: string, subject: SubjectRef): Promise<PlanOutput> {
    const out = await this.#step<PlanOutput>(requestId, 'plan', async (trx) => ({
      keep: this.deps.keptForAccounting(),
      recipients: await this.deps.recipientsOf(trx, subject),
    }));
    if (out === SKIPPED) throw new Error('request vanished during its run');
    return out;
  }

  /** The `holds` step: the legal holds in force on the subject, asked once. */
  async #holds(requestId: string, subject: SubjectRef): Promise<LegalHoldSet | null> {
    const holdsOn = this.deps.holdsOn;
    const out = await this.#step<LegalHoldSet | null>(requestId, 'holds', async (trx) =>
      holdsOn ? holdsOn(trx, subject) : null,
    );
    return out === SKIPPED ? null : out;
  }

  /**
   * The `held` step makes the request `partial` (fulfilled in part: the person was told what is
   * kept and until when); it stays so until `hold-ended` is recorded (held-erasures.ts), after
   * which the resumed run finishes the erasure. True when the hold has ended.
   */
  async #holdEnded(requestId: string, held: LegalHoldSet): Promise<boolean> {
    await this.#step(requestId, 'held', async (trx) => {
      await repo.updateRequest(trx, requestId, { status: 'partial' });
      return { until: held.until, holds: held.holds.map((h) => h.id) };
    });
    if (await repo.hasStep(this.deps.database.db, requestId, 'hold-ended')) return true;
    this.deps.log.info({ requestId }, 'erasure fulfilled in part: the rest waits for a legal hold');
    return false;
  }

  /**
   * After the hold: every module that left something for it erases again, now without a hold.
   * What the first pass erased is gone, so nothing is erased twice; each module once, recorded.
   */
  async #eraseHeld(requestId: string, subject: SubjectRef, keep: KeptCategory[]): Promise<void> {
    const steps = await repo.listSteps(this.deps.database.db, requestId);
    const first = new Map(steps.map((s) => [s.step, s.output as ErasureOutcome | null]));
    for (const m of this.deps.registry.modules()) {
      if (!first.get(`erase:${m.name}`)?.held) continue;
      await this.#step(requestId, `erase-held:${m.name}`, (trx) =>
        m.erase(trx, subject, { requestId, keep }),
      );
    }
  }

  /** Like `confirm`: sent before the step that records it and shreds the address. */
  async #confirmHoldEnded(requestId: string, confirmation: ErasureConfirmer): Promise<void> {
    if (await repo.hasStep(this.deps.database.db, requestId, 'confirm-held')) return;
    const sent = await confirmation.sendHoldEnded(requestId);
    await this.#step(requestId, 'confirm-held', async (trx) => {
      await confirmation.forget(trx, requestId);
      return sent;
    });
  }

  async #notifyRecipients(
    requestId: string,
    type: 'rectification' | 'erasure' | 'restriction',
    recipients: string[],
  ): Promise<void> {
    for (const recipient of recipients) {
      await this.#step(requestId, `notify:${recipient}`, async (trx) => {
        // At least once towards the recipient (a crash before commit sends again), recorded once.
        const result = await this.deps.notifier({ recipient, requestId, type });
        await repo.insertNotification(trx, {
          requestId,
          recipient,
          outcome: result.outcome,
          detail: result.detail ?? null,
        });
        return { outcome: result.outcome };
      });
    }
  }

  /**
   * Sends before the step that records it (at least once; a crash in between sends again), and
   * the step shreds what was captured, so a recorded `confirm` has nothing left to send.
   */
  async #confirm(requestId: string, confirmation: ErasureConfirmer, held: boolean): Promise<void> {
    if (await repo.hasStep(this.deps.database.db, requestId, 'confirm')) return;
    const sent = await confirmation.send(requestId);
    await this.#step(requestId, 'confirm', async (trx) => {
      // Under a hold the address stays (sealed under the request) for the news of its end.
      if (!held) await confirmation.forget(trx, requestId);
      return sent;
    });
  }

  async #export(trx: Executor, req: RequestRow, subject: SubjectRef): Promise<unknown> {
    const portable = req.type === 'portability';
    const sections: Record<string, Record<string, Record<string, unknown>[]>> = {};
    for (const m of this.deps.registry.modules()) {
      const section = await m.export(trx, subject);
      const kept = Object.entries(section).filter(([c]) => !portable || PROVIDED_CATEGORIES.has(c));
      if (kept.length > 0) sections[m.name] = Object.fromEntries(kept);
    }
    const request = {
      id: req.id,
      type: portable ? ('portability' as const) : ('access' as const),
      receivedAt: req.received_at,
      generatedAt: new Date(),
    };
    const files = await this.deps.packager(trx, request, subject, sections);
    const sealed = await this.deps.sealer.seal(trx, sealingSubject(req), envelope(request, files));
    await repo.insertExport(trx, req.id, sealed);
    return { modules: Object.keys(sections) };
  }
}

/** The request's subject; `accountEmailIndex` is the verified email index of its customer. */
export function subjectOf(req: RequestRow, accountEmailIndex: string | null = null): SubjectRef {
  return { customerId: req.customer_id, emailIndex: req.email_index ?? accountEmailIndex };
}

/** The vault subject an export is sealed under: the customer, else the request itself. */
export function sealingSubject(req: Pick<RequestRow, 'id' | 'customer_id'>): string {
  return req.customer_id ?? `request:${req.id}`;
}
