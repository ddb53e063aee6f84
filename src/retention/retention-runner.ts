/**
 * Runs every registered sweep once, as of the clock's now. One runner at a time across processes
 * (a lease row taken in one statement, renewed in every batch); each batch finds its due
 * records and ends them in one transaction with the run's count, so a crash loses at most the
 * batch in flight, which the next run finds due again and ends once. A sweep that fails is
 * recorded and the run goes on to the next.
 *
 * @example
 *   const report = await runner.run({ trigger: 'cli', onProgress: (p) => bar.update(p.done) });
 */
import { randomUUID } from 'node:crypto';
import { expiresAt, expiryBoundary, financialYearOf } from '../core/manifest/retention-period.ts';
import type { Manifest } from '../core/manifest/manifest.ts';
import type { RetentionSweep, RetentionSweeps, SweepWindow } from '../core/retention-sweeps.ts';
import type { Database } from '../kit/db/database.ts';
import { DomainError } from '../kit/errors.ts';
import type { Logger } from '../kit/log.ts';
import * as repo from './retention.repository.ts';

export interface RunnerDeps {
  database: Database;
  sweeps: RetentionSweeps;
  manifest: () => Manifest;
  log: Logger;
  now?: () => Date;
  /** Records per batch transaction (default 500). */
  batchSize?: number;
  /** Seconds a runner's lease lasts without renewal: how soon a crashed runner is taken over. */
  leaseSeconds?: number;
  /** Test hook: called after each committed batch (the crash test kills the process here). */
  afterBatch?: (sweep: string, processed: number) => void;
}

export interface SweepProgress {
  sweep: string;
  rule: string;
  /** Records ended so far in this sweep. */
  processed: number;
  /** Records due when the sweep began. */
  due: number;
}

export interface SweepReport {
  sweep: string;
  rule: string;
  processed: number;
  held: number;
  errors: number;
  durationMs: number;
}

export interface RunReport {
  runId: string;
  asOf: Date;
  status: 'done' | 'failed';
  sweeps: SweepReport[];
}

export class RetentionBusyError extends DomainError {
  constructor() {
    super('conflict', 'Another retention run is in progress.');
  }
}

export class RetentionRunner {
  readonly #now: () => Date;

  constructor(private readonly deps: RunnerDeps) {
    this.#now = deps.now ?? (() => new Date());
  }

  get #db() {
    return this.deps.database.db;
  }

  /** The window a sweep may end records in at `now`; undefined for a rule that never ends. */
  window(sweep: RetentionSweep, now: Date, holds: SweepWindow['holds']): SweepWindow | undefined {
    const manifest = this.deps.manifest();
    const rule = manifest.retention[sweep.rule];
    if (!rule) throw new Error(`retention sweep ${sweep.name} names unknown rule ${sweep.rule}`);
    const fy = financialYearOf(manifest);
    const before = expiryBoundary(rule, now, fy);
    return (
      before && { before, holds, now, expiresAt: (anchor) => expiresAt(rule, anchor, fy) ?? anchor }
    );
  }

  async run(
    options: { trigger: string; onProgress?: (p: SweepProgress) => void } = { trigger: 'api' },
  ): Promise<RunReport> {
    const db = this.#db;
    const now = this.#now();
    const holder = randomUUID();
    const leaseSeconds = this.deps.leaseSeconds ?? 300;
    if (!(await repo.acquireLease(db, holder, leaseSeconds))) throw new RetentionBusyError();
    const runId = randomUUID();
    const reports: SweepReport[] = [];
    let failed = false;
    try {
      await repo.markInterrupted(db);
      await repo.insertRun(db, { id: runId, trigger: options.trigger, as_of: now });
      const holds = await repo.activeHolds(db, now);
      for (const sweep of this.deps.sweeps.all()) {
        const report = await this.#sweep(sweep, runId, holder, now, holds, options.onProgress);
        if (report.errors > 0) failed = true;
        reports.push(report);
      }
      await repo.finishRun(db, runId, failed ? 'failed' : 'done');
    } finally {
      await repo.releaseLease(db, holder);
    }
    return { runId, asOf: now, status: failed ? 'failed' : 'done', sweeps: reports };
  }

  async #sweep(
    sweep: RetentionSweep,
    runId: string,
    holder: string,
    now: Date,
    holds: SweepWindow['holds'],
    onProgress?: (p: SweepProgress) => void,
  ): Promise<SweepReport> {
    const db = this.#db;
    const started = performance.now();
    const batch = this.deps.batchSize ?? 500;
    const leaseSeconds = this.deps.leaseSeconds ?? 300;
    const window = this.window(sweep, now, holds);
    const census = window ? await sweep.census(db, window) : { due: 0, held: 0, nextAnchor: null };
    await repo.insertRunSweep(db, {
      run_id: runId,
      sweep: sweep.name,
      rule: sweep.rule,
      held: census.held,
    });
    let processed = 0;
    let errors = 0;
    let error: string | null = null;
    const progress = () =>
      onProgress?.({ sweep: sweep.name, rule: sweep.rule, processed, due: census.due });
    progress();
    // Keys already handed to a sweep that ends them on its own (an erasure queued): never twice.
    const seen = new Set<string>();
    try {
      if (window && sweep.forewarn) {
        const told = await sweep.forewarn(db, window);
        if (told > 0) this.deps.log.info({ sweep: sweep.name, told }, 'retention notices sent');
      }
      const renew = async (executor: typeof db) => {
        if (!(await repo.renewLease(executor, holder, leaseSeconds))) {
          throw new Error('the retention lease was taken over');
        }
      };
      while (window) {
        let n: number;
        if (sweep.ownTransactions) {
          await renew(db);
          const keys = (await sweep.due(db, window, batch)).filter((k) => !seen.has(k));
          if (keys.length === 0) break;
          for (const k of keys) seen.add(k);
          n = await sweep.end(db, keys, window);
          await repo.addProcessed(db, runId, sweep.name, n);
        } else {
          // Renewed in the batch's own transaction: one commit (one WAL flush) per batch, not
          // two, and a batch whose lease was taken over never commits.
          n = await db.transaction().execute(async (trx) => {
            await renew(trx);
            const keys = await sweep.due(trx, window, batch);
            if (keys.length === 0) return -1;
            const ended = await sweep.end(trx, keys, window);
            await repo.addProcessed(trx, runId, sweep.name, ended);
            return ended;
          });
          if (n < 0) break;
        }
        processed += n;
        this.deps.afterBatch?.(sweep.name, processed);
        progress();
        if (n === 0) break;
      }
    } catch (err) {
      errors += 1;
      // The type only: a driver's message can quote the values of the rows it touched.
      error = err instanceof Error ? err.name : typeof err;
      this.deps.log.error({ sweep: sweep.name, errType: error }, 'retention sweep failed');
    }
    const durationMs = Math.round(performance.now() - started);
    await repo.finishRunSweep(db, runId, sweep.name, { errors, error, durationMs });
    return {
      sweep: sweep.name,
      rule: sweep.rule,
      processed,
      held: census.held,
      errors,
      durationMs,
    };
  }
}
