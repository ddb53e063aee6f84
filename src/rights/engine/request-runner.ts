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
import { withReadMemo } from '../../kit/db/read-memo.ts';
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
  PersonalDataModule,
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

/**
 * Art. 19: who received each subject's data, read from the disclosure log (one subject's, or a
 * batch of erasures' in a constant number of statements), in order.
 */
export type RecipientsOf = (db: Executor, subjects: readonly SubjectRef[]) => Promise<string[][]>;

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
   * The blind index of each customer's email when the account has verified it, in order: the
   * person's data kept under that address without the account (guest orders, newsletter
   * sign-ups) is theirs too. One statement for a batch.
   */
  verifiedEmailIndexesOf?: (
    db: Executor,
    customerIds: readonly string[],
  ) => Promise<(string | null)[]>;
  /**
   * The legal holds in force on each subject (Art. 17(3)(e)), in order; without it nothing is
   * held. A constant number of statements for a batch.
   */
  holdsOn?: (db: Executor, subjects: readonly SubjectRef[]) => Promise<(LegalHoldSet | null)[]>;
  log: Logger;
  /** Mails the answer to a request made by email (request-answer.ts); returns what to record. */
  answer?: RequestAnswerer;
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
  /** The `capture` step's work for each request (one, or a batch in one transaction), in order. */
  captureMany(
    db: Executor,
    erasures: readonly { req: RequestRow; subject: SubjectRef; held: LegalHoldSet | null }[],
  ): Promise<unknown[]>;
  /** Sends each request's confirmation, in order; called outside any transaction. */
  sendMany(requestIds: readonly string[]): Promise<unknown[]>;
  /** Sends the news that what a legal hold kept is erased now; outside any transaction. */
  sendHoldEnded(requestId: string): Promise<unknown>;
  /** Forgets what was captured, in the `confirm` step's transaction. */
  forget(db: Executor, requestId: string): Promise<void>;
  /** {@link forget} for several requests confirmed in one transaction. */
  forgetAll(db: Executor, requestIds: readonly string[]): Promise<void>;
}

interface PlanOutput {
  keep: KeptCategory[];
  recipients: string[];
}

/** What the `running` step records: the account's verified email index (cleared at `done`). */
type Started = { emailIndex: string | null } | null;

/** An erasure as its opening transaction left it: whom, what is kept and told, and any hold. */
interface OpenedErasure {
  subject: SubjectRef;
  plan: PlanOutput;
  held: LegalHoldSet | null;
}

/**
 * `deferRecords`: the steps recorded together after the body (see {@link #transactionOf});
 * `outputs: false`: the steps recorded before are read by name only, and a skipped step returns
 * undefined, for bodies that never use a recorded step's output (a batch's erasers and its end:
 * thousands of outputs a batch, read and parsed for nothing).
 */
interface TransactionOptions {
  deferRecords?: boolean;
  outputs?: boolean;
}

const SKIPPED = Symbol('skipped');
type Skipped = typeof SKIPPED;

/**
 * Steps done in one transaction: each is skipped when recorded (its recorded output returned),
 * otherwise done and recorded; all of them commit together.
 */
interface StepBatch {
  readonly trx: Executor;
  /** The request as locked at the start of the transaction. */
  readonly req: RequestRow;
  step<T>(name: string, work: () => Promise<T | Skipped>): Promise<T | Skipped>;
  /** Whether the step is recorded (committed before, or done in this transaction). */
  has(name: string): boolean;
}

export class RequestRunner {
  constructor(private readonly deps: RunnerDeps) {}

  /**
   * Runs (or resumes) a request to its end. A request that is not verified is left alone.
   *
   * Steps that only touch the database share a transaction, so a request costs a few commits
   * rather than one per step: an access request made by staff or the privacy center is one. What
   * must be committed before the next step starts gets a transaction of its own: the capture of
   * the address before any key is shredded, the erasers before a module that unlinks what they
   * find the subject's rows by ({@link PersonalDataModule.erasesLinks}), and every step with an
   * effect outside the database (an Art. 19 notice, a mail) around its call; an erasure's Art. 19
   * notices share the last erasers' transaction instead.
   */
  async run(requestId: string): Promise<void> {
    const opened = await this.#transaction(requestId, async (b) => {
      const [started] = await this.#start([b]);
      if (started === SKIPPED || started === undefined) return SKIPPED;
      // Recorded before, but finished (or cancelled) since: nothing left to do.
      if (b.req.status !== 'verified' && b.req.status !== 'running') return SKIPPED;
      const req: RequestRow = { ...b.req, status: 'running' };
      const subject = subjectOf(req, started?.emailIndex ?? null);
      let plan: PlanOutput | undefined;
      let held: LegalHoldSet | null = null;
      let finished = false;
      switch (req.type) {
        case 'access':
        case 'portability':
          // The export only reads: the rows several modules ask for are read once (read-memo.ts).
          await b.step('export', () =>
            withReadMemo(b.trx, () => this.#export(b.trx, req, subject)),
          );
          if (!this.#answers(req)) {
            await this.#finish([b]);
            finished = true;
          }
          break;
        case 'erasure':
          [{ plan, held }] = (await this.#openErasures([{ b, req, subject }])) as [
            { plan: PlanOutput; held: LegalHoldSet | null },
          ];
          break;
        case 'restriction':
        case 'rectification':
          [plan] = await this.#plan([b], [subject]);
          break;
        case 'objection':
          break;
      }
      return { req, subject, plan, held, finished };
    });
    if (opened === SKIPPED) return;
    const { req, subject, plan, held, finished } = opened;

    switch (req.type) {
      case 'erasure': {
        const opened: OpenedErasure = { subject, plan: plan!, held };
        const groups = erasureGroups(this.deps.registry.modules());
        for (const [i, group] of groups.entries()) {
          await this.#transaction(
            requestId,
            async (b) => {
              await this.#eraseGroup(b, opened, group, i === groups.length - 1);
              return null;
            },
            { deferRecords: true },
          );
        }
        if (groups.length === 0)
          await this.#notifyRecipients(requestId, 'erasure', plan!.recipients);
        const confirmation = this.deps.confirmation;
        if (held) {
          // Told now what is kept and until when; the address stays for the news of the end.
          if (confirmation) await this.#confirmKeepingAddress(requestId, confirmation);
          if (!(await this.#holdEnded(requestId, held))) return;
          await this.#eraseHeld(requestId, subject, plan!.keep);
          if (confirmation) await this.#confirmHoldEnded(requestId, confirmation);
        }
        break;
      }
      case 'restriction':
        await this.#hooks(
          requestId,
          this.deps.registry
            .modules()
            .flatMap((m) =>
              m.restrict ? [{ name: `restrict:${m.name}`, hook: m.restrict.bind(m) }] : [],
            ),
          subject,
        );
        await this.#notifyRecipients(requestId, 'restriction', plan!.recipients);
        break;
      case 'objection':
        await this.#hooks(
          requestId,
          this.deps.registry
            .modules()
            .flatMap((m) =>
              m.object ? [{ name: `object:${m.name}`, hook: m.object.bind(m) }] : [],
            ),
          subject,
        );
        break;
      case 'rectification':
        await this.#notifyRecipients(requestId, 'rectification', plan!.recipients);
        break;
      case 'access':
      case 'portability':
        break;
    }
    if (!finished) {
      const confirmation = req.type === 'erasure' ? this.deps.confirmation : undefined;
      // The mails go out before the transaction that records them (at least once, recorded once).
      const confirmed =
        confirmation && !(await repo.hasStep(this.deps.database.db, requestId, 'confirm'))
          ? (await confirmation.sendMany([requestId]))[0]
          : undefined;
      const answered = await this.#answer(req);
      await this.#transaction(requestId, async (b) => {
        if (confirmation)
          await b.step('confirm', async () => {
            // Shreds what was captured: a recorded `confirm` has nothing left to send.
            await confirmation.forget(b.trx, requestId);
            return confirmed;
          });
        if (answered !== undefined) await b.step('answer', async () => answered);
        await this.#finish([b]);
      });
    }
    this.deps.log.info({ requestId, type: req.type }, 'data-subject request done');
  }

  /**
   * Runs (or resumes) several erasure requests as one (a retention sweep's batch): each of
   * {@link run}'s erasure transactions is one for all of them, the requests locked in id order and
   * every step recorded with its work in the same commit, so a crash anywhere redoes no step and
   * skips none, for each request. Each step's work is done for every request at once, in one
   * statement or a constant number (the status writes, the plan's recipients, the holds, the
   * captured addresses, the erasers that take a batch, the Art. 19 notices' records, the
   * confirmation mails, their addresses shredded in one ledger write), and each request's step
   * still records its own part. Whatever {@link run} does one request at a time (a legal hold,
   * a request of another type) is left to it, from the steps committed here; so is every request
   * of a batch that failed (one request's fault does not stop the others: the first error is
   * thrown once each has been tried).
   */
  async runErasures(requestIds: readonly string[]): Promise<void> {
    const ids = [...new Set(requestIds)].sort();
    let alone = ids;
    if (ids.length > 1) {
      try {
        alone = await this.#eraseTogether(ids);
      } catch (err) {
        // The type only: a driver's message can quote the values of the rows it touched.
        const errType = err instanceof Error ? err.name : typeof err;
        this.deps.log.warn({ requests: ids.length, errType }, 'erasures run together failed');
      }
    }
    let failed: Error | undefined;
    for (const id of alone) {
      try {
        await this.run(id);
      } catch (err) {
        failed ??= err instanceof Error ? err : new Error('erasure failed');
      }
    }
    if (failed) throw failed;
  }

  /** {@link runErasures}' shared transactions; returns the requests {@link run} must see to. */
  async #eraseTogether(ids: string[]): Promise<string[]> {
    const alone: string[] = [];
    const confirmation = this.deps.confirmation;
    const opened = await this.#transactionOf(
      ids,
      (batches) =>
        withReadMemo(batches[0]?.trx ?? {}, async () => {
          const erasures = batches.filter((b) => b.req.type === 'erasure');
          alone.push(...batches.filter((b) => b.req.type !== 'erasure').map((b) => b.req.id));
          const started = await this.#start(erasures);
          const opening: { b: StepBatch; req: RequestRow; subject: SubjectRef }[] = [];
          for (const [i, b] of erasures.entries()) {
            const s = started[i]!;
            // Not verified, or finished (or held) since: run() would leave it too.
            if (s === SKIPPED) continue;
            if (b.req.status !== 'verified' && b.req.status !== 'running') continue;
            const req: RequestRow = { ...b.req, status: 'running' };
            opening.push({ b, req, subject: subjectOf(req, s?.emailIndex ?? null) });
          }
          const out = new Map<string, OpenedErasure>();
          if (opening.length === 0) return out;
          const opened = await this.#openErasures(opening);
          opening.forEach((o, i) => out.set(o.req.id, { subject: o.subject, ...opened[i]! }));
          return out;
        }),
      { deferRecords: true },
    );
    if (opened === SKIPPED || opened.size === 0) return alone;
    const groups = erasureGroups(this.deps.registry.modules());
    for (const [i, group] of groups.entries()) {
      await this.#transactionOf(
        [...opened.keys()],
        async (batches) => {
          await this.#eraseGroupTogether(batches, opened, group, i === groups.length - 1);
          return null;
        },
        // The erasers only skip what is recorded; they never read a recorded output.
        { deferRecords: true, outputs: false },
      );
    }
    // What follows the erasers under a hold (and without erasers at all) is run()'s.
    const finishing = [...opened.keys()].filter((id) => !opened.get(id)!.held && groups.length > 0);
    alone.push(...[...opened.keys()].filter((id) => !finishing.includes(id)));
    if (finishing.length === 0) return alone;
    // The mails go out before the transaction that records them (at least once, recorded once).
    const sent = new Map<string, unknown>();
    if (confirmation) {
      const recorded = await repo.recordedStepsOf(this.deps.database.db, finishing, {
        outputs: false,
      });
      const sending = finishing.filter((id) => !recorded.get(id)?.has('confirm'));
      if (sending.length > 0) {
        const outcomes = await confirmation.sendMany(sending);
        sending.forEach((id, i) => sent.set(id, outcomes[i]));
      }
    }
    await this.#transactionOf(
      finishing,
      async (batches) => {
        const forget: string[] = [];
        if (confirmation)
          for (const b of batches)
            await b.step('confirm', async () => {
              forget.push(b.req.id);
              return sent.get(b.req.id);
            });
        await this.#finish(batches);
        // Shreds what was captured, every confirmed request's at once: in the same commit as
        // their `confirm` steps, so a recorded `confirm` has nothing left to send.
        if (confirmation && forget.length > 0)
          await confirmation.forgetAll(batches[0]!.trx, forget);
        return null;
      },
      { deferRecords: true, outputs: false },
    );
    for (const id of finishing)
      this.deps.log.info({ requestId: id, type: 'erasure' }, 'data-subject request done');
    return alone;
  }

  /**
   * The `running` step of each request (one, or a batch's in their shared transaction): marked
   * running, or left alone (SKIPPED), in order; each gets its recorded output when recorded
   * before. The requests started are marked in one statement, their accounts' verified email
   * indexes read in one.
   */
  async #start(batches: StepBatch[]): Promise<(Started | Skipped)[]> {
    const starting = new Set<StepBatch>();
    for (const b of batches)
      if (!b.has('running') && (await this.#startable(b.trx, b.req))) starting.add(b);
    const indexes = new Map<string, string | null>();
    const trx = batches[0]?.trx;
    if (trx && starting.size > 0) {
      await repo.updateRequests(
        trx,
        [...starting].map((b) => b.req.id),
        { status: 'running' },
      );
      // Recorded with the step: once an erasure has deleted the account, a resumed run still
      // knows the address its guest data is kept under.
      const customers = [
        ...new Set([...starting].flatMap((b) => (b.req.customer_id ? [b.req.customer_id] : []))),
      ];
      if (customers.length > 0 && this.deps.verifiedEmailIndexesOf) {
        const found = await this.deps.verifiedEmailIndexesOf(trx, customers);
        customers.forEach((c, i) => indexes.set(c, found[i] ?? null));
      }
    }
    const out: (Started | Skipped)[] = [];
    for (const b of batches)
      out.push(
        await b.step<Started>('running', async () =>
          starting.has(b)
            ? { emailIndex: (b.req.customer_id && indexes.get(b.req.customer_id)) ?? null }
            : SKIPPED,
        ),
      );
    return out;
  }

  /** Whether the request is to start now (else the `running` step leaves it alone). */
  async #startable(trx: Executor, req: RequestRow): Promise<boolean> {
    if (req.status !== 'verified' && req.status !== 'running') return false;
    // A rectification runs once staff have made the correction (RightsService.fulfil).
    if (req.type === 'rectification' && !(await repo.hasStep(trx, req.id, 'corrected')))
      return false;
    // An objection on other grounds waits for the staff decision (objections.service.ts).
    if (req.type === 'objection' && (await awaitsDecision(trx, req.id))) return false;
    return true;
  }

  /**
   * The `done` step of each request (one, or a batch's in their shared transaction): the requests
   * finished now marked done in one statement, and what their runs held while they could be
   * resumed forgotten in one.
   */
  async #finish(batches: StepBatch[]): Promise<void> {
    const finishing: string[] = [];
    for (const b of batches)
      await b.step('done', async () => {
        finishing.push(b.req.id);
        return null;
      });
    const trx = batches[0]?.trx;
    if (!trx || finishing.length === 0) return;
    await repo.updateRequests(trx, finishing, { status: 'done', completed_at: new Date() });
    // The account's email index, and an erasure's held set's subjects, were needed only while
    // the run could be resumed.
    await repo.clearStepOutputs(trx, finishing, ['running', 'holds']);
  }

  /**
   * One transaction of recorded steps: the request locked (two runners never interleave), the
   * steps recorded so far read once, each step done and recorded unless recorded already. A
   * crash point follows each step's work (before the commit) and the commit (after it).
   * Returns the body's result, or SKIPPED when the request is gone.
   */
  async #transaction<T>(
    requestId: string,
    body: (batch: StepBatch) => Promise<T | Skipped>,
    options: TransactionOptions = {},
  ): Promise<T | Skipped> {
    return this.#transactionOf([requestId], async ([b]) => (b ? body(b) : SKIPPED), options);
  }

  /**
   * {@link #transaction} for several requests at once: all of them locked (in id order) and their
   * recorded steps read in one statement each, a {@link StepBatch} for each request still there
   * (in id order), and every step recorded with its work in the one commit: exactly once each,
   * whichever request a crash interrupts.
   */
  async #transactionOf<T>(
    requestIds: readonly string[],
    body: (batches: StepBatch[]) => Promise<T | Skipped>,
    options: TransactionOptions = {},
  ): Promise<T | Skipped> {
    const done: string[] = [];
    const result = await this.deps.database.db.transaction().execute(async (trx) => {
      const reqs = await repo.lockRequests(trx, requestIds);
      const recordedOf = await repo.recordedStepsOf(
        trx,
        reqs.map((r) => r.id),
        { outputs: options.outputs !== false },
      );
      // With `deferRecords` (the erasers: many steps, none reading another's record) the steps
      // are recorded together after the body, still in its transaction: one statement, not one
      // per step, with the same outcome at the commit.
      const deferred: { requestId: string; step: string; output: unknown; at: number }[] = [];
      const batches = reqs.map((req): StepBatch => {
        const recorded = recordedOf.get(req.id) ?? new Map<string, unknown>();
        return {
          trx,
          req,
          step: async <S>(name: string, work: () => Promise<S | Skipped>) => {
            if (recorded.has(name)) return recorded.get(name) as S;
            const output = await work();
            if (output === SKIPPED) return SKIPPED;
            if (options.deferRecords)
              deferred.push({ requestId: req.id, step: name, output, at: performance.now() });
            else await repo.insertStep(trx, req.id, name, output);
            recorded.set(name, output);
            done.push(`${req.id} ${name}`);
            crashPoint(`${req.id} ${name} before commit`);
            return output;
          },
          has: (name) => recorded.has(name),
        };
      });
      const out = await body(batches);
      const flushed = performance.now();
      await repo.insertStepsOf(
        trx,
        deferred.map((d, i) => ({
          requestId: d.requestId,
          step: d.step,
          output: d.output,
          // Strictly in the order done, even within a clock tick.
          agoMs: flushed - d.at + (deferred.length - i) * 0.001,
        })),
      );
      return out;
    });
    for (const label of done) crashPoint(`${label} after commit`);
    return result;
  }

  /**
   * The `answer` step. The mail goes out before the step's transaction, not inside it: without
   * SMTP it lands in the outbox, which writes on its own (on PGlite that would wait for the
   * step's transaction for ever). At least once: a crash after sending and before the record
   * sends a second mail with a new link, and both links work; recorded once.
   */
  async #answer(req: RequestRow): Promise<Record<string, unknown> | undefined> {
    const answer = this.deps.answer;
    if (!answer || !this.#answers(req)) return undefined;
    if (await repo.hasStep(this.deps.database.db, req.id, 'answer')) return undefined;
    return answer(req);
  }

  /** Whether the request ends with the emailed answer (Art. 12(3)). */
  #answers(req: RequestRow): boolean {
    return this.deps.answer !== undefined && answeredByEmail(req);
  }

  /**
   * The restrict or object hooks, one step each, in one transaction (they only touch the
   * database); their after-commit callbacks run once it committed.
   */
  async #hooks(
    requestId: string,
    hooks: {
      name: string;
      hook: (trx: Executor, s: SubjectRef, c: HookContext) => Promise<void>;
    }[],
    subject: SubjectRef,
  ): Promise<void> {
    if (hooks.length === 0) return;
    const committed: (() => void)[] = [];
    await this.#transaction(requestId, async (b) => {
      for (const { name, hook } of hooks) {
        await b.step(name, async () => {
          await hook(b.trx, subject, { requestId, afterCommit: (fn) => committed.push(fn) });
          return null;
        });
      }
    });
    for (const fn of committed) fn();
  }

  /**
   * Erasures' steps before their erasers, in the opening transaction (one request's, or a
   * batch's): `plan`, `holds` and `capture` (committed before the erasers: they shred the keys
   * the address is sealed under), each done for every request at once. They only read what they
   * share (the accounts, their orders, credit decisions and pseudonyms): each read once
   * (read-memo.ts). In order of `opening`.
   */
  #openErasures(
    opening: readonly { b: StepBatch; req: RequestRow; subject: SubjectRef }[],
  ): Promise<{ plan: PlanOutput; held: LegalHoldSet | null }[]> {
    const batches = opening.map((o) => o.b);
    const subjects = opening.map((o) => o.subject);
    return withReadMemo(batches[0]!.trx, async () => {
      const plans = await this.#plan(batches, subjects);
      const held = await this.#holds(batches, subjects);
      const confirmation = this.deps.confirmation;
      if (confirmation) {
        const capturing = opening.flatMap((o, i) => (o.b.has('capture') ? [] : [i]));
        const captured =
          capturing.length > 0
            ? await confirmation.captureMany(
                batches[0]!.trx,
                capturing.map((i) => ({ ...opening[i]!, held: held[i]! })),
              )
            : [];
        for (const [i, b] of batches.entries())
          await b.step('capture', async () => captured[capturing.indexOf(i)]);
      }
      return plans.map((plan, i) => ({ plan, held: held[i]! }));
    });
  }

  /**
   * One transaction's erasers of a request (`erase:<module>` each); with `last`, the Art. 19
   * notices too, in the last erasers' transaction rather than one each: a crash before its
   * commit tells every recipient again (at least once), and records each once.
   */
  async #eraseGroup(
    b: StepBatch,
    opened: OpenedErasure,
    group: PersonalDataModule[],
    last: boolean,
  ): Promise<void> {
    const { subject, plan, held } = opened;
    const erasurePlan: ErasurePlan = {
      requestId: b.req.id,
      keep: plan.keep,
      held: held ?? undefined,
    };
    for (const m of group)
      await b.step(`erase:${m.name}`, async () => {
        // Art. 17(3)(e): a hold on the customer leaves such a module whole until it ends.
        if (held?.customer && m.keptUnderCustomerHold) {
          await m.closeWhileHeld?.(b.trx, subject);
          return { erased: 0, kept: [], held: true } satisfies ErasureOutcome;
        }
        return m.erase(b.trx, subject, erasurePlan);
      });
    if (last)
      await this.#notify(
        'erasure',
        plan.recipients.map((recipient) => ({ b, recipient })),
      );
  }

  /**
   * {@link #eraseGroup} for a batch's requests in their shared transaction, module by module: a
   * module with `eraseMany` erases every request's subject not under a hold (and not erased yet)
   * at once, and each request's `erase:<module>` step records its own outcome; the rest go through
   * {@link #eraseGroup}'s step, one subject at a time. Each request's steps, their order and
   * outcomes are what {@link #eraseGroup} gives it. Only when no two subjects share a customer or
   * an email address (one erasure cannot then touch another's rows, so the order between
   * requests does not matter); otherwise request by request, as {@link #eraseGroup} does.
   */
  async #eraseGroupTogether(
    batches: StepBatch[],
    opened: Map<string, OpenedErasure>,
    group: PersonalDataModule[],
    last: boolean,
  ): Promise<void> {
    if (!apart(batches.map((b) => opened.get(b.req.id)!.subject))) {
      for (const b of batches) await this.#eraseGroup(b, opened.get(b.req.id)!, group, last);
      return;
    }
    for (const m of group) {
      const name = `erase:${m.name}`;
      const together = m.eraseMany
        ? batches.filter((b) => !b.has(name) && !opened.get(b.req.id)!.held)
        : [];
      const outcomes = new Map<string, ErasureOutcome>();
      if (m.eraseMany && together.length > 0) {
        const out = await m.eraseMany(
          batches[0]!.trx,
          together.map((b) => {
            const o = opened.get(b.req.id)!;
            return { subject: o.subject, plan: { requestId: b.req.id, keep: o.plan.keep } };
          }),
        );
        if (out.length !== together.length)
          throw new Error(`${m.name}.eraseMany gave ${out.length} outcomes for ${together.length}`);
        together.forEach((b, i) => outcomes.set(b.req.id, out[i]!));
      }
      for (const b of batches) {
        const outcome = outcomes.get(b.req.id);
        if (outcome) await b.step(name, async () => outcome);
        else await this.#eraseGroup(b, opened.get(b.req.id)!, [m], false);
      }
    }
    if (last)
      await this.#notify(
        'erasure',
        batches.flatMap((b) =>
          opened.get(b.req.id)!.plan.recipients.map((recipient) => ({ b, recipient })),
        ),
      );
  }

  /**
   * The `holds` step of each request: the legal holds in force on its subject, asked once (for
   * the requests not recorded yet, all at once), in order.
   */
  async #holds(batches: StepBatch[], subjects: SubjectRef[]): Promise<(LegalHoldSet | null)[]> {
    const holdsOn = this.deps.holdsOn;
    const asking = batches.flatMap((b, i) => (b.has('holds') ? [] : [i]));
    const found =
      holdsOn && asking.length > 0
        ? await holdsOn(
            batches[0]!.trx,
            asking.map((i) => subjects[i]!),
          )
        : [];
    const out: (LegalHoldSet | null)[] = [];
    for (const [i, b] of batches.entries()) {
      const held = await b.step<LegalHoldSet | null>(
        'holds',
        async () => found[asking.indexOf(i)] ?? null,
      );
      out.push(held === SKIPPED ? null : held);
    }
    return out;
  }

  /**
   * The `confirm` step of an erasure under a hold: sent before the step that records it (at least
   * once), and, unlike the final `confirm`, the captured address is kept (sealed under the
   * request) for the news that the hold has ended.
   */
  async #confirmKeepingAddress(requestId: string, confirmation: ErasureConfirmer): Promise<void> {
    if (await repo.hasStep(this.deps.database.db, requestId, 'confirm')) return;
    const [sent] = await confirmation.sendMany([requestId]);
    await this.#transaction(requestId, (b) => b.step('confirm', async () => sent));
  }

  /**
   * The `held` step makes the request `partial` (fulfilled in part: the person was told what is
   * kept and until when); it stays so until `hold-ended` is recorded (held-erasures.ts), after
   * which the resumed run finishes the erasure. True when the hold has ended.
   */
  async #holdEnded(requestId: string, held: LegalHoldSet): Promise<boolean> {
    await this.#transaction(requestId, (b) =>
      b.step('held', async () => {
        await repo.updateRequest(b.trx, requestId, { status: 'partial' });
        return { until: held.until, holds: held.holds.map((h) => h.id) };
      }),
    );
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
    const left = this.deps.registry.modules().filter((m) => first.get(`erase:${m.name}`)?.held);
    for (const group of erasureGroups(left)) {
      await this.#transaction(requestId, async (b) => {
        for (const m of group)
          await b.step(`erase-held:${m.name}`, () => m.erase(b.trx, subject, { requestId, keep }));
      });
    }
  }

  /** Like `confirm`: sent before the step that records it, which shreds the address. */
  async #confirmHoldEnded(requestId: string, confirmation: ErasureConfirmer): Promise<void> {
    if (await repo.hasStep(this.deps.database.db, requestId, 'confirm-held')) return;
    const sent = await confirmation.sendHoldEnded(requestId);
    await this.#transaction(requestId, (b) =>
      b.step('confirm-held', async () => {
        await confirmation.forget(b.trx, requestId);
        return sent;
      }),
    );
  }

  /**
   * The `plan` step of each request: what is kept, and the Art. 19 recipients (for the requests
   * not recorded yet, read all at once), in order.
   */
  async #plan(batches: StepBatch[], subjects: SubjectRef[]): Promise<PlanOutput[]> {
    const asking = batches.flatMap((b, i) => (b.has('plan') ? [] : [i]));
    const recipients =
      asking.length > 0
        ? await this.deps.recipientsOf(
            batches[0]!.trx,
            asking.map((i) => subjects[i]!),
          )
        : [];
    const out: PlanOutput[] = [];
    for (const [i, b] of batches.entries()) {
      const plan = await b.step<PlanOutput>('plan', async () => ({
        keep: this.deps.keptForAccounting(),
        recipients: recipients[asking.indexOf(i)]!,
      }));
      if (plan === SKIPPED) throw new Error('request vanished during its run');
      out.push(plan);
    }
    return out;
  }

  async #notifyRecipients(
    requestId: string,
    type: 'rectification' | 'erasure' | 'restriction',
    recipients: string[],
  ): Promise<void> {
    // One transaction each: the notifier calls out, so each call is recorded as soon as made.
    for (const recipient of recipients) {
      await this.#transaction(requestId, (b) => this.#notify(type, [{ b, recipient }]));
    }
  }

  /**
   * The `notify:<recipient>` steps, in their requests' transaction: each notice passed on and its
   * step recorded, the notices written in one statement.
   */
  async #notify(
    type: 'rectification' | 'erasure' | 'restriction',
    notices: readonly { b: StepBatch; recipient: string }[],
  ): Promise<void> {
    const rows: Parameters<typeof repo.insertNotifications>[1][number][] = [];
    for (const { b, recipient } of notices)
      await b.step(`notify:${recipient}`, async () => {
        // At least once towards the recipient (a crash before commit sends again), recorded once.
        const result = await this.deps.notifier({ recipient, requestId: b.req.id, type });
        rows.push({
          requestId: b.req.id,
          recipient,
          outcome: result.outcome,
          detail: result.detail ?? null,
        });
        return { outcome: result.outcome };
      });
    if (rows.length > 0) await repo.insertNotifications(notices[0]!.b.trx, rows);
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

/**
 * The erasers in the transactions they share, in the registry's order: a module that unlinks
 * what others find the subject's rows by starts a new one. Its unlinking is written to the shred
 * ledger before the commit and re-applied at start-up even if the transaction never committed,
 * so the erasers before it must have committed first; the ones after it never needed the link.
 * Keys shredded by an eraser are no such barrier: no eraser finds rows by decrypting them.
 */
export function erasureGroups(modules: PersonalDataModule[]): PersonalDataModule[][] {
  const groups: PersonalDataModule[][] = [];
  for (const m of modules) {
    const last = groups.at(-1);
    if (!last || m.erasesLinks) groups.push([m]);
    else last.push(m);
  }
  return groups;
}

/** No two subjects share a customer id or an email index. */
function apart(subjects: SubjectRef[]): boolean {
  const seen = new Set<string>();
  for (const s of subjects)
    for (const key of [s.customerId && `c ${s.customerId}`, s.emailIndex && `e ${s.emailIndex}`]) {
      if (!key) continue;
      if (seen.has(key)) return false;
      seen.add(key);
    }
  return true;
}

/** The request's subject; `accountEmailIndex` is the verified email index of its customer. */
export function subjectOf(req: RequestRow, accountEmailIndex: string | null = null): SubjectRef {
  return { customerId: req.customer_id, emailIndex: req.email_index ?? accountEmailIndex };
}

/** The vault subject an export is sealed under: the customer, else the request itself. */
export function sealingSubject(req: Pick<RequestRow, 'id' | 'customer_id'>): string {
  return req.customer_id ?? `request:${req.id}`;
}
