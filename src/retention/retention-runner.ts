/**
 * Runs every registered sweep once, as of the clock's now. One runner at a time across processes
 * (a lease row taken in one statement with the run's record and the holds in force, renewed in
 * every batch); each batch finds its due records and ends them in one transaction with the run's
 * count (one commit: the lease renewed and the count added in one statement, and a sweep with
 * `endDue` finds and ends its records in one statement too; with `endDueSql`, that statement and
 * the bookkeeping are one), so a crash loses at most the batch in flight, which the next run
 * finds due again and ends once. A sweep whose records commit on their own (`ownTransactions`:
 * archive files, erasures) pays one commit per batch: before it, the lease renewed and the
 * previous batch's count added in one statement; its last batch is counted with its outcome.
 * A crash between its batches may so leave the last batch done uncounted in the interrupted
 * run's record (never ended twice: what is gone is not due again). A sweep that fails is
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

/**
 * The runner's lease as this process knows it. A renewal sets the lease to the database's now plus
 * `seconds`, and that now is later than when the statement was sent: so until half the lease
 * has passed on the local clock since then, no other runner can have taken it over.
 */
class Lease {
  renewedAt = performance.now();
  constructor(
    readonly holder: string,
    readonly seconds: number,
  ) {}

  fresh(): boolean {
    return performance.now() - this.renewedAt < (this.seconds * 1000) / 2;
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
  window(
    sweep: RetentionSweep,
    now: Date,
    holds: SweepWindow['holds'],
    run?: string,
  ): SweepWindow | undefined {
    const manifest = this.deps.manifest();
    const rule = manifest.retention[sweep.rule];
    if (!rule) throw new Error(`retention sweep ${sweep.name} names unknown rule ${sweep.rule}`);
    const fy = financialYearOf(manifest);
    const before = expiryBoundary(rule, now, fy);
    return (
      before && {
        before,
        holds,
        now,
        run,
        expiresAt: (anchor) => expiresAt(rule, anchor, fy) ?? anchor,
      }
    );
  }

  async run(
    options: { trigger: string; onProgress?: (p: SweepProgress) => void } = { trigger: 'api' },
  ): Promise<RunReport> {
    const db = this.#db;
    const now = this.#now();
    const holder = randomUUID();
    const leaseSeconds = this.deps.leaseSeconds ?? 300;
    const runId = randomUUID();
    const run = { id: runId, trigger: options.trigger, as_of: now };
    const lease = new Lease(holder, leaseSeconds);
    // The holds in force are read with the lease: a hold names a customer or an order, so a
    // sweep of no table (backup archives) is given none.
    const holds = await repo.acquireAndStart(db, holder, leaseSeconds, run);
    if (!holds) throw new RetentionBusyError();
    const reports: SweepReport[] = [];
    let failed = false;
    let released = false;
    try {
      const holdsFor = (sweep: RetentionSweep): SweepWindow['holds'] =>
        sweep.tables.length === 0 ? { customerIds: [], orderIds: [] } : holds;
      const sweeps = this.deps.sweeps.all();
      // The last sweep's outcome is written with the run's end: one commit fewer.
      let last: Parameters<typeof repo.finishRunAndRelease>[2];
      for (const [k, sweep] of sweeps.entries()) {
        const held = holdsFor(sweep);
        const done = await this.#sweep(sweep, runId, lease, now, held, options.onProgress);
        if (k < sweeps.length - 1) await repo.finishRunSweep(db, done.record, done.result);
        else last = { row: done.record, result: done.result };
        if (done.report.errors > 0) failed = true;
        reports.push(done.report);
      }
      const status = failed ? 'failed' : 'done';
      await repo.finishRunAndRelease(db, { id: runId, status, holder }, last);
      released = true;
    } finally {
      if (!released) await repo.releaseLease(db, holder);
    }
    return { runId, asOf: now, status: failed ? 'failed' : 'done', sweeps: reports };
  }

  async #sweep(
    sweep: RetentionSweep,
    runId: string,
    lease: Lease,
    now: Date,
    holds: SweepWindow['holds'],
    onProgress?: (p: SweepProgress) => void,
  ): Promise<{ record: repo.RunSweepRow; result: repo.SweepResult; report: SweepReport }> {
    const db = this.#db;
    const started = performance.now();
    const batch = this.deps.batchSize ?? 500;
    const { holder, seconds: leaseSeconds } = lease;
    const window = this.window(sweep, now, holds, runId);
    const census = !window
      ? { due: 0, held: 0 }
      : sweep.prepare
        ? await sweep.prepare(db, window)
        : await sweep.census(db, window);
    // Made by the sweep's first batch (or its end): no commit of its own.
    const record = { run_id: runId, sweep: sweep.name, rule: sweep.rule, held: census.held };
    let processed = 0;
    let errors = 0;
    let error: string | null = null;
    // An own-transactions sweep's last batch: counted with the next batch, or the sweep's outcome.
    let uncounted = 0;
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
      const lost = () => new Error('the retention lease was taken over');
      while (window) {
        let n: number;
        // The records the batch found due (a full batch may leave more).
        let found = batch;
        if (sweep.ownTransactions) {
          const keys = (await sweep.due(db, window, batch)).filter((k) => !seen.has(k));
          if (keys.length === 0) break;
          for (const k of keys) seen.add(k);
          // One commit per batch: the lease renewed before it starts, with the count of the
          // batch before (ended and committed already: counted even if the lease is lost).
          // Skipped while there is nothing to count and the lease surely runs a while yet.
          if (uncounted > 0 || !lease.fresh()) {
            const sent = performance.now();
            if (!(await repo.renewAndAdd(db, holder, leaseSeconds, record, uncounted))) {
              uncounted = 0;
              throw lost();
            }
            uncounted = 0;
            lease.renewedAt = sent;
          }
          n = await sweep.end(db, keys, window);
          uncounted = n;
        } else {
          // One transaction (one commit) per batch: the records ended, then one statement that
          // renews the lease and counts them. A batch whose lease was taken over never commits.
          n = await db.transaction().execute(async (trx) => {
            let ended: number;
            if (sweep.endDueSql) {
              // The records ended, the lease renewed and the count added: one statement.
              const sent = performance.now();
              const r = await repo.endAndCount(
                trx,
                sweep.endDueSql(window, batch),
                holder,
                leaseSeconds,
                record,
              );
              if (r.ended === 0) return -1;
              if (!r.held) throw lost();
              lease.renewedAt = sent;
              found = r.ended;
              return r.ended;
            }
            if (sweep.endDue) {
              ended = await sweep.endDue(trx, window, batch);
              if (ended === 0) return -1;
              found = ended;
            } else {
              const keys = await sweep.due(trx, window, batch);
              if (keys.length === 0) return -1;
              found = keys.length;
              ended = await sweep.end(trx, keys, window);
            }
            const sent = performance.now();
            if (!(await repo.renewAndCount(trx, holder, leaseSeconds, record, ended))) throw lost();
            lease.renewedAt = sent;
            return ended;
          });
          if (n < 0) break;
        }
        processed += n;
        this.deps.afterBatch?.(sweep.name, processed);
        progress();
        // A short batch was the last one due: no batch more only to find none.
        if (n === 0 || found < batch) break;
      }
    } catch (err) {
      errors += 1;
      // The type only: a driver's message can quote the values of the rows it touched.
      error = err instanceof Error ? err.name : typeof err;
      this.deps.log.error({ sweep: sweep.name, errType: error }, 'retention sweep failed');
    }
    const durationMs = Math.round(performance.now() - started);
    return {
      record,
      result: { errors, error, durationMs, uncounted },
      report: {
        sweep: sweep.name,
        rule: sweep.rule,
        processed,
        held: census.held,
        errors,
        durationMs,
      },
    };
  }
}
