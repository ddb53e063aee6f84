/**
 * Telling every registered customer of a significant policy version, by email in their
 * language (P35), as a resumable batch run.
 *
 * The run walks the accounts in id order in batches; each customer is one transaction that
 * records the notice (`policy_notices`, one row per customer and version) and keeps the message
 * in the sealed outbox together, so a process killed at any point leaves each customer either
 * told and recorded, or neither: the resumed run skips the recorded ones and sends nobody a second
 * notice. (With SMTP the message leaves before the commit: a crash in that instant sends that
 * one message again; the record still says once.) Erased accounts (the address no longer opens)
 * and bounced addresses (`mail_bounces`) are recorded as such and not written to.
 *
 * @example
 *   const notices = new PolicyNotices({ database, vault, mailer, publicUrl });
 *   await notices.run(4, { batchSize: 100, afterBatch: (p) => console.log(p.done, p.total) });
 */
import type { Database } from '../kit/db/database.ts';
import { DomainError, NotFoundError } from '../kit/errors.ts';
import type { Vault } from '../kit/vault/vault.ts';
import { openEmail } from '../customers/customer-profile.ts';
import { isLang, type Lang } from '../kit/web/i18n.ts';
import type { Mailer } from '../notify/mailer.ts';
import { isBounced } from '../notify/bounces.repository.ts';
import { noticeDate } from './policy-change.templates.ts';
import * as repo from './policy.repository.ts';
import * as notices from './policy-notices.repository.ts';
import type { NoticeRecipient, NoticeOutcome } from './policy-notices.repository.ts';

export interface NoticeProgress {
  policyVersion: number;
  /** Accounts to tell when the run started. */
  total: number;
  sent: number;
  suppressed: number;
  erased: number;
  /** Customers recorded so far, whatever the outcome. */
  done: number;
  finished: boolean;
}

export interface PolicyNoticesDeps {
  database: Database;
  vault: Vault;
  mailer: Mailer;
  publicUrl: string;
  now?: () => Date;
}

export class PolicyNotices {
  readonly #deps: PolicyNoticesDeps;

  constructor(deps: PolicyNoticesDeps) {
    this.#deps = deps;
  }

  /** Runs (or resumes) the notices of a significant version to the end; returns the progress. */
  async run(
    policyVersion: number,
    options: { batchSize?: number; afterBatch?: (progress: NoticeProgress) => void } = {},
  ): Promise<NoticeProgress> {
    const db = this.#deps.database.db;
    const version = await repo.findVersion(db, policyVersion);
    if (!version) throw new NotFoundError(`Policy version ${policyVersion}`);
    if (!version.significant)
      throw new DomainError(
        'conflict',
        `Policy version ${policyVersion} is not significant: customers are not notified of it.`,
      );
    await notices.startRun(db, policyVersion);
    const batchSize = options.batchSize ?? 100;
    for (;;) {
      const batch = await notices.nextRecipients(db, policyVersion, batchSize);
      if (batch.length === 0) break;
      for (const recipient of batch) await this.#notify(version, recipient);
      options.afterBatch?.((await this.progress(policyVersion))!);
    }
    await notices.finishRun(db, policyVersion, this.#now());
    return (await this.progress(policyVersion))!;
  }

  async progress(policyVersion: number): Promise<NoticeProgress | undefined> {
    const db = this.#deps.database.db;
    const run = await notices.findRun(db, policyVersion);
    if (!run) return undefined;
    const counts = await notices.countNotices(db, policyVersion);
    return {
      policyVersion,
      total: run.total,
      ...counts,
      done: counts.sent + counts.suppressed + counts.erased,
      finished: run.finishedAt !== null,
    };
  }

  /** Records the run of a version (its total), so it shows and resumes before a worker takes it. */
  async start(policyVersion: number): Promise<void> {
    await notices.startRun(this.#deps.database.db, policyVersion);
  }

  /** Versions whose run started and has not finished (a killed worker): resume them. */
  unfinished(): Promise<number[]> {
    return notices.unfinishedRuns(this.#deps.database.db);
  }

  async #notify(version: repo.PolicyVersionRow, candidate: NoticeRecipient): Promise<void> {
    const { vault, mailer } = this.#deps;
    await this.#deps.database.db.transaction().execute(async (tx) => {
      // Locked and read again: an erasure or a second worker may have come in between.
      const row = await notices.lockRecipient(tx, candidate.id);
      if (!row) return;
      const lang: Lang = isLang(row.lang) ? row.lang : 'en';
      const email = await openEmail(vault, tx, row);
      let outcome: NoticeOutcome = 'sent';
      if (email === undefined) outcome = 'erased';
      else if (await isBounced(tx, row.emailIndex)) outcome = 'suppressed';
      const recorded = await notices.recordNotice(tx, {
        policyVersion: version.version,
        customerId: row.id,
        outcome,
        lang,
      });
      if (!recorded || email === undefined || outcome !== 'sent') return;
      await mailer.send({
        customerId: row.id,
        to: email,
        template: 'policy_change',
        lang,
        vars: this.#vars(version, lang),
        db: tx,
      });
    });
  }

  #vars(version: repo.PolicyVersionRow, lang: Lang) {
    const base = this.#deps.publicUrl.replace(/\/$/, '');
    const from = Math.max(1, version.version - 1);
    return {
      note: version.notes?.[lang] ?? '',
      effective: noticeDate(version.effectiveDate, lang),
      link: `${base}/privacy?lang=${lang}`,
      changesLink: `${base}/privacy/changes?from=${from}&to=${version.version}&lang=${lang}`,
    };
  }

  #now(): Date {
    return this.#deps.now?.() ?? new Date();
  }
}
