/**
 * Erasures a legal hold stopped in part (GDPR Art. 17(3)(e)): what the hold kept must not linger
 * once it ends. `complete` (called when a hold is released, and by the daily retention run, which
 * catches holds that simply expired) finds every `partial` erasure none of whose subject's data
 * is held any more, records `hold-ended` and makes it `running` in one transaction on the locked
 * request, then runs it: the runner skips every step already recorded and does the rest
 * (`erase-held:<module>`, `confirm-held`, `done`). A crash after that commit leaves the request
 * `running`, which start-up resumes; a second `complete` finds it no longer `partial`.
 *
 * @example
 *   await heldErasures.complete(); // after holds.release(id)
 */
import type { Database } from '../../kit/db/database.ts';
import type { Logger } from '../../kit/log.ts';
import type { Executor, LegalHoldSet, SubjectRef } from '../../core/personal-data-registry.ts';
import * as repo from './rights.repository.ts';
import { subjectOf } from './request-runner.ts';

export interface HeldErasureDeps {
  database: Database;
  /** The legal holds in force on the subject now (the runner's `holdsOn`). */
  holdsOn: (db: Executor, subject: SubjectRef) => Promise<LegalHoldSet | null>;
  /** Runs (resumes) a request: the rights engine's runner. */
  run: (requestId: string) => Promise<void>;
  log: Logger;
}

/** What the `held` step recorded. */
interface HeldOutput {
  until: string;
  holds: string[];
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
        // The running step keeps the account's email index while the request is unfinished.
        const started = (await repo.stepOutput(trx, id, 'running')) as {
          emailIndex?: string | null;
        } | null;
        const still = await this.deps.holdsOn(trx, subjectOf(req, started?.emailIndex ?? null));
        if (still) return false;
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

  /** The erasures waiting on each hold (hold id → request ids), for the hold list. */
  async waitingOn(): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    for (const { id, output } of await repo.listPartialErasures(this.deps.database.db)) {
      for (const hold of (output as HeldOutput | null)?.holds ?? [])
        out.set(hold, [...(out.get(hold) ?? []), id]);
    }
    return out;
  }
}
