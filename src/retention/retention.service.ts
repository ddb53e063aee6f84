/**
 * Retention, wired: the sweeps every module registers, the runner, the plan, legal holds, the
 * record of runs, and the daily job (pg-boss, one active at a time) that runs the sweeps and the
 * housekeeping of short-lived rows (expired sessions and tokens, the 7-day mail outbox).
 *
 * @example
 *   const retention = createRetentionServices({ database, vault, manifest, log, jobs, schedule });
 *   retention.sweeps.register(...ordersRetention(vault)); // before jobs.start()
 */
import { z } from 'zod';
import type { AuditTrail } from '../core/audit-trail.ts';
import type { Manifest } from '../core/manifest/manifest.ts';
import { RetentionSweeps } from '../core/retention-sweeps.ts';
import type { Database } from '../kit/db/database.ts';
import { defineJob, type Jobs } from '../kit/jobs/jobs.ts';
import type { Logger } from '../kit/log.ts';
import type { Vault } from '../kit/vault/vault.ts';
import { HoldService, type WaitingErasures } from './holds.service.ts';
import { planRetention, type RulePlan } from './retention-plan.ts';
import { RetentionRunner, type RunReport, type SweepProgress } from './retention-runner.ts';
import { lastRuns, type RunRecord } from './retention.repository.ts';

export const retentionRunJob = defineJob(
  'retention.run',
  z.object({ trigger: z.enum(['schedule', 'api']) }),
  // One run at a time across processes; a run killed with its worker is retried after an hour.
  { policy: 'singleton', retryLimit: 2, retryDelaySeconds: 600, expireInSeconds: 3600 },
);

export interface RetentionDeps {
  database: Database;
  vault: Vault;
  manifest: () => Manifest;
  log: Logger;
  jobs: Jobs;
  /** Cron (UTC) of the daily run; undefined: not scheduled (a schedule left over is removed). */
  schedule: string | undefined;
  batchSize?: number;
  /**
   * Work after every run's sweeps, each returning a count: short-lived rows purged (sessions,
   * tokens, the outbox), and the audit chain's full check (entries verified).
   */
  housekeeping?: Record<string, () => Promise<number>>;
  /** Records every hold placed or released (src/audit, once merged). */
  audit?: AuditTrail | undefined;
  /**
   * Erasures waiting on legal holds (the rights engine's): completed when a hold is released,
   * and after every run's sweeps for holds that expired.
   */
  heldErasures?: WaitingErasures | undefined;
  now?: () => Date;
  leaseSeconds?: number;
}

export interface RetentionServices {
  sweeps: RetentionSweeps;
  runner: RetentionRunner;
  holds: HoldService;
  /** Runs every sweep now, then the housekeeping. */
  run(trigger: string, onProgress?: (p: SweepProgress) => void): Promise<RunReport>;
  /** Read-only; `at` rehearses a later day (default now). */
  plan(at?: Date): Promise<RulePlan[]>;
  lastRuns(limit?: number): Promise<RunRecord[]>;
}

export function createRetentionServices(deps: RetentionDeps): RetentionServices {
  const now = deps.now ?? (() => new Date());
  const sweeps = new RetentionSweeps();
  const runner = new RetentionRunner({
    database: deps.database,
    sweeps,
    manifest: deps.manifest,
    log: deps.log,
    now,
    ...(deps.batchSize ? { batchSize: deps.batchSize } : {}),
    ...(deps.leaseSeconds ? { leaseSeconds: deps.leaseSeconds } : {}),
  });
  const holds = new HoldService({
    database: deps.database,
    vault: deps.vault,
    audit: deps.audit,
    erasures: deps.heldErasures,
    manifest: deps.manifest,
    now,
  });
  const run = async (trigger: string, onProgress?: (p: SweepProgress) => void) => {
    const report = await runner.run({ trigger, ...(onProgress ? { onProgress } : {}) });
    if (deps.heldErasures) {
      // A hold that expired (or a release cut short) leaves its erasure waiting: finish it.
      const completed = await deps.heldErasures.complete();
      deps.log.info({ housekeeping: 'heldErasures', purged: completed }, 'retention housekeeping');
      // A later date whose mail a crash cut short (or a hold extended mid-erasure) is told now.
      const told = await deps.heldErasures.announce();
      deps.log.info({ housekeeping: 'heldErasureDates', purged: told }, 'retention housekeeping');
    }
    for (const [name, purge] of Object.entries(deps.housekeeping ?? {})) {
      const purged = await purge();
      deps.log.info({ housekeeping: name, purged }, 'retention housekeeping');
    }
    deps.log.info(
      {
        runId: report.runId,
        status: report.status,
        processed: report.sweeps.reduce((n, s) => n + s.processed, 0),
      },
      'retention run finished',
    );
    return report;
  };
  deps.jobs.register(retentionRunJob, async ({ trigger }) => {
    await run(trigger);
  });
  deps.jobs.schedule(retentionRunJob, deps.schedule, { trigger: 'schedule' });
  return {
    sweeps,
    runner,
    holds,
    run,
    plan: (at?: Date) =>
      planRetention({
        db: deps.database.db,
        sweeps,
        runner,
        manifest: deps.manifest(),
        now: at ?? now(),
      }),
    lastRuns: (limit = 10) => lastRuns(deps.database.db, limit),
  };
}
