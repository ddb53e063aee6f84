/**
 * The plan: per manifest retention rule (all of them, by id), how many records are due now, how
 * many an expired period leaves held, and when the next record comes due. Reads only.
 */
import { expiresAt, financialYearOf } from '../core/manifest/retention-period.ts';
import type { Manifest } from '../core/manifest/manifest.ts';
import type { RetentionSweeps } from '../core/retention-sweeps.ts';
import type { Executor } from '../core/personal-data-registry.ts';
import type { RetentionRunner } from './retention-runner.ts';
import { activeHolds } from './retention.repository.ts';

export interface RulePlan {
  rule: string;
  period: string;
  anchor: string;
  action: string;
  sweeps: { sweep: string; due: number; held: number; nextDue: string | null }[];
  due: number;
  held: number;
  /** The day (YYYY-MM-DD, UTC) the next record not yet due expires, if any. */
  nextDue: string | null;
}

export async function planRetention(deps: {
  db: Executor;
  sweeps: RetentionSweeps;
  runner: RetentionRunner;
  manifest: Manifest;
  now: Date;
}): Promise<RulePlan[]> {
  const { db, manifest, now } = deps;
  const fy = financialYearOf(manifest);
  const holds = await activeHolds(db, now);
  const plans: RulePlan[] = [];
  for (const [id, rule] of Object.entries(manifest.retention)) {
    const plan: RulePlan = {
      rule: id,
      period: rule.period,
      anchor: rule.anchor,
      action: rule.action,
      sweeps: [],
      due: 0,
      held: 0,
      nextDue: null,
    };
    for (const sweep of deps.sweeps.all().filter((s) => s.rule === id)) {
      const window = deps.runner.window(sweep, now, holds);
      if (!window) continue;
      const census = await sweep.census(db, window);
      const next = census.nextAnchor && expiresAt(rule, census.nextAnchor, fy);
      const nextDue = next ? next.toISOString().slice(0, 10) : null;
      plan.sweeps.push({ sweep: sweep.name, due: census.due, held: census.held, nextDue });
      plan.due += census.due;
      plan.held += census.held;
      if (nextDue && (!plan.nextDue || nextDue < plan.nextDue)) plan.nextDue = nextDue;
    }
    plans.push(plan);
  }
  return plans;
}
