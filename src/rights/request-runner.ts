/**
 * Runs a verified request as a pipeline of named, recorded steps. Each step is one transaction
 * that locks the request, skips the step when it is already recorded, does its work and records
 * it; so a run killed at any point and started again (by pg-boss's retry of the expired job, or by
 * the start-up resume) does each step exactly once, and two runners never interleave.
 *
 * Steps by type:
 * - every type: `running` … `done`
 * - access, portability: `export` (every exporter, sealed into one document)
 * - erasure: `plan` (what is kept, and the recipients, read before the pseudonym link goes),
 *   then `erase:<module>` per module, then `notify:<recipient>` (Art. 19)
 * - restriction: `plan`, `restrict:<module>`, `notify:<recipient>`
 * - objection: `object:<module>`
 * - rectification (run once staff have made the correction): `plan`, `notify:<recipient>`
 */
import type { Database } from '../db/database.ts';
import type { Logger } from '../log.ts';
import { crashPoint } from './crash-point.ts';
import type {
  ErasurePlan,
  Executor,
  KeptCategory,
  PersonalDataRegistry,
  SubjectRef,
} from './personal-data-registry.ts';
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
  /**
   * The blind index of a customer's email when the account has verified it: the person's data
   * kept under that address without the account (guest orders, newsletter sign-ups) is theirs too.
   */
  verifiedEmailIndexOf?: (db: Executor, customerId: string) => Promise<string | null>;
  log: Logger;
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
        for (const m of this.deps.registry.modules()) {
          await this.#step(requestId, `erase:${m.name}`, async (trx) => {
            const erasurePlan: ErasurePlan = { requestId, keep: plan.keep };
            return m.erase(trx, subject, erasurePlan);
          });
        }
        await this.#notifyRecipients(requestId, 'erasure', plan.recipients);
        break;
      }
      case 'restriction': {
        const plan = await this.#plan(requestId, subject);
        for (const m of this.deps.registry.modules()) {
          if (!m.restrict) continue;
          const restrict = m.restrict.bind(m);
          await this.#step(requestId, `restrict:${m.name}`, async (trx) => {
            await restrict(trx, subject);
            return null;
          });
        }
        await this.#notifyRecipients(requestId, 'restriction', plan.recipients);
        break;
      }
      case 'objection':
        for (const m of this.deps.registry.modules()) {
          if (!m.object) continue;
          const object = m.object.bind(m);
          await this.#step(requestId, `object:${m.name}`, async (trx) => {
            await object(trx, subject);
            return null;
          });
        }
        break;
      case 'rectification': {
        const plan = await this.#plan(requestId, subject);
        await this.#notifyRecipients(requestId, 'rectification', plan.recipients);
        break;
      }
    }
    await this.#step(requestId, 'done', async (trx) => {
      await repo.updateRequest(trx, requestId, { status: 'done', completed_at: new Date() });
      // The account's email index was needed only while the run could be resumed.
      await repo.clearStepOutput(trx, requestId, 'running');
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

  async #plan(requestId: string, subject: SubjectRef): Promise<PlanOutput> {
    const out = await this.#step<PlanOutput>(requestId, 'plan', async (trx) => ({
      keep: this.deps.keptForAccounting(),
      recipients: await this.deps.recipientsOf(trx, subject),
    }));
    if (out === SKIPPED) throw new Error('request vanished during its run');
    return out;
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

  async #export(trx: Executor, req: RequestRow, subject: SubjectRef): Promise<unknown> {
    const portable = req.type === 'portability';
    const sections: Record<string, Record<string, Record<string, unknown>[]>> = {};
    for (const m of this.deps.registry.modules()) {
      const section = await m.export(trx, subject);
      const kept = Object.entries(section).filter(([c]) => !portable || PROVIDED_CATEGORIES.has(c));
      if (kept.length > 0) sections[m.name] = Object.fromEntries(kept);
    }
    const document = JSON.stringify({
      requestId: req.id,
      type: req.type,
      generatedAt: new Date().toISOString(),
      modules: sections,
    });
    const sealed = await this.deps.sealer.seal(trx, sealingSubject(req), document);
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
