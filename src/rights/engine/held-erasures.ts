/**
 * Erasures a legal hold stopped in part (GDPR Art. 17(3)(e)): what the hold kept must not linger
 * once it ends. `complete` (called when a hold is released, and by the daily retention run, which
 * catches holds that simply expired) finds every `partial` erasure none of whose subject's data
 * is held any more, records `hold-ended` and makes it `running` in one transaction on the locked
 * request, then runs it: the runner skips every step already recorded and does the rest
 * (`erase-held:<module>`, `confirm-held`, `done`). A crash after that commit leaves the request
 * `running`, which start-up resumes; a second `complete` finds it no longer `partial`.
 *
 * `announce` (called when a hold is placed or extended, and by the daily retention run) tells
 * each waiting person whose holds now last past the date she was last told the new date
 * (`erasure_hold_extended`, in her language; never the hold's reason) and records it as the step
 * `held-update:<n>` (held-record.ts), so she is told once per change. The mail goes first and the
 * record after it, each on the locked request: a crash between them mails again at the next
 * announce (at least once, recorded once). A new hold that ends no later than the told date is
 * recorded without a mail (the hold list then names the erasure waiting on it too).
 *
 * @example
 *   await heldErasures.complete(); // after holds.release(id)
 *   await heldErasures.announce(); // after holds.place(…) or holds.extend(…)
 */
import type { Database } from '../../kit/db/database.ts';
import type { Logger } from '../../kit/log.ts';
import type { Executor, LegalHoldSet, SubjectRef } from '../../core/personal-data-registry.ts';
import type { ConfirmOutput } from './erasure-confirmation.ts';
import { HELD_UPDATE, latestHeld, type HeldRecord } from './held-record.ts';
import * as repo from './rights.repository.ts';
import type { RequestRow } from './rights.repository.ts';
import { subjectOf } from './request-runner.ts';

export interface HeldErasureDeps {
  database: Database;
  /** The legal holds in force on the subject now (the runner's `holdsOn`). */
  holdsOn: (db: Executor, subject: SubjectRef) => Promise<LegalHoldSet | null>;
  /** Runs (resumes) a request: the rights engine's runner. */
  run: (requestId: string) => Promise<void>;
  /**
   * Mails the person that what the holds keep is kept until `until` at the latest (the rights
   * engine's `ErasureConfirmation.sendHoldExtended`); none: recorded as not sent.
   */
  tellLater?: (requestId: string, until: string) => Promise<ConfirmOutput>;
  log: Logger;
}

export class HeldErasures {
  constructor(private readonly deps: HeldErasureDeps) {}

  /** Completes every erasure whose holds have all ended; returns how many were completed. */
  async complete(): Promise<number> {
    const db = this.deps.database.db;
    let completed = 0;
    for (const { id } of await repo.listPartialErasures(db)) {
      const released = await db.transaction().execute(async (trx) => {
        const req = await repo.lockRequest(trx, id);
        if (!req || req.status !== 'partial') return false;
        if (await this.#holdsNow(trx, req)) return false;
        await repo.insertStep(trx, id, 'hold-ended', null);
        await repo.updateRequest(trx, id, { status: 'running' });
        return true;
      });
      if (!released) continue;
      this.deps.log.info({ requestId: id }, 'legal hold ended: completing the erasure');
      try {
        await this.deps.run(id);
        completed++;
      } catch (err) {
        // Left `running`: the job queue's resume finishes it; the other requests go on.
        this.deps.log.error(
          { requestId: id, err: (err as Error).name },
          'completing a held erasure failed',
        );
      }
    }
    return completed;
  }

  /**
   * Tells every waiting person whose holds now last past the date she was last told the new
   * date, once per change; returns how many were told (or recorded as not reachable).
   */
  async announce(): Promise<number> {
    const db = this.deps.database.db;
    let told = 0;
    for (const { id } of await repo.listPartialErasures(db)) {
      try {
        if (await this.#announce(id)) told++;
      } catch (err) {
        // Nothing recorded: the next announce (the daily retention run at the latest) retries.
        this.deps.log.error(
          { requestId: id, err: (err as Error).name },
          'telling a later hold date failed',
        );
      }
    }
    return told;
  }

  async #announce(id: string): Promise<boolean> {
    const db = this.deps.database.db;
    const later = await db.transaction().execute(async (trx) => {
      const req = await repo.lockRequest(trx, id);
      if (!req || req.status !== 'partial') return undefined;
      const now = await this.#holdsNow(trx, req);
      // Every hold ended: `complete` finishes it (and says so); no new date to tell.
      if (!now) return undefined;
      const last = await this.#lastTold(trx, id);
      const holds = now.holds.map((h) => h.id).sort();
      if (now.until > last.until) return { until: now.until, holds };
      if (holds.join() !== [...last.holds].sort().join())
        await this.#record(trx, id, { until: last.until, holds });
      return undefined;
    });
    if (!later) return false;
    const told: ConfirmOutput = this.deps.tellLater
      ? await this.deps.tellLater(id, later.until)
      : { sent: false, reason: 'no_mailer' };
    return db.transaction().execute(async (trx) => {
      const req = await repo.lockRequest(trx, id);
      if (!req || req.status !== 'partial') return false;
      // Another announce recorded this date (or a later one) meanwhile: recorded once.
      if ((await this.#lastTold(trx, id)).until >= later.until) return false;
      await this.#record(trx, id, { ...later, told });
      this.deps.log.info({ requestId: id, sent: told.sent }, 'legal hold lasts longer: recorded');
      return true;
    });
  }

  async #lastTold(db: Executor, id: string): Promise<HeldRecord> {
    return latestHeld(await repo.listSteps(db, id)) ?? { until: '', holds: [] };
  }

  async #record(db: Executor, id: string, record: HeldRecord): Promise<void> {
    const n = (await repo.countHeldUpdates(db, id)) + 1;
    await repo.insertStep(db, id, `${HELD_UPDATE}${n}`, record);
  }

  /** The holds in force now on the request's subject; null when none is left. */
  async #holdsNow(db: Executor, req: RequestRow): Promise<LegalHoldSet | null> {
    // The running step keeps the account's email index while the request is unfinished.
    const started = (await repo.stepOutput(db, req.id, 'running')) as {
      emailIndex?: string | null;
    } | null;
    return this.deps.holdsOn(db, subjectOf(req, started?.emailIndex ?? null));
  }

  /**
   * For each waiting erasure (request id), the latest end date its person was told and the day
   * she was told it (the record that first carried that date), for the staff's hold list.
   */
  async lastTold(): Promise<Map<string, { until: string; at: Date }>> {
    const out = new Map<string, { until: string; at: Date }>();
    for (const r of await repo.listPartialHeldRecords(this.deps.database.db)) {
      const until = (r.output as HeldRecord | null)?.until;
      if (typeof until !== 'string') continue;
      const last = out.get(r.id);
      // A record that only renames the holds keeps the date, and the day it was told.
      if (!last || until > last.until) out.set(r.id, { until, at: new Date(r.recorded_at) });
    }
    return out;
  }

  /** The erasures waiting on each hold (hold id → request ids), for the hold list. */
  async waitingOn(): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    for (const { id, output } of await repo.listPartialErasures(this.deps.database.db)) {
      for (const hold of (output as HeldRecord | null)?.holds ?? [])
        out.set(hold, [...(out.get(hold) ?? []), id]);
    }
    return out;
  }
}
