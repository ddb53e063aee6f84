/**
 * The audit log under `system_logs` (12 months from collection, then deleted), cut so the chain
 * still proves what it keeps: see {@link AuditService.cut} and docs/audit.md.
 *
 * Only a prefix goes: entries before the first one recorded at or after the boundary (the
 * frontier), so an entry younger than the period is never touched even where two appends'
 * clocks crossed. Before the run's first cut the chain is verified from the latest cut to the
 * first checkpoint at or past the frontier's last entry (or, with none yet, to the head, which is
 * then checkpointed): no entry whose chain fails is pruned, and every cut follows a checkpoint
 * that covered what it removes. Only what no earlier cut proved is read, about a day's entries in
 * a daily run, not the whole year kept. Each batch is one cut, in the batch's transaction, so a
 * crash between batches resumes from the last cut committed.
 *
 * Legal holds apply: a hold on a customer keeps the entries about them (or made by them), since
 * who handled a disputed customer's data, and when, is what a dispute may need. They stay as
 * kept entries below the cut, counted as held and covered by the cut's digest, and go in the
 * first run after the hold ends. A hold on an order keeps no entry (entries name people).
 */
import type { RetentionSweep, SweepWindow } from '../core/retention-sweeps.ts';
import type { Executor } from '../core/personal-data-registry.ts';
import { pseudonymsOfSubject } from '../disclosures/disclosures.personal-data.ts';
import type { Vault } from '../kit/vault/vault.ts';
import type { AuditService } from './audit.service.ts';
import * as repo from './audit.repository.ts';
import type { ChainHead } from './audit.repository.ts';

interface RunState {
  frontier: number;
  /** The census's count of entries due, when the census ran. */
  due?: number;
  /** The pseudonyms of held customers. */
  held: string[];
  verified?: ChainHead;
}

export function auditRetention(deps: {
  audit: AuditService;
  vault: Pick<Vault, 'existingPseudonym'>;
}): RetentionSweep {
  // One window per sweep per run: what the run learns once (the frontier cannot move back while
  // it runs: every new entry is younger than the boundary).
  const runs = new WeakMap<SweepWindow, RunState>();
  const heldPseudonyms = async (db: Executor, w: SweepWindow): Promise<string[]> => {
    const held: string[] = [];
    for (const customerId of w.holds.customerIds)
      held.push(...(await pseudonymsOfSubject(deps.vault, db, { customerId, emailIndex: null })));
    return held;
  };
  const state = async (db: Executor, w: SweepWindow): Promise<RunState> => {
    let s = runs.get(w);
    if (!s) {
      const held = await heldPseudonyms(db, w);
      s = { frontier: await repo.pruneFrontier(db, w.before), held };
      runs.set(w, s);
    }
    return s;
  };
  const census = async (db: Executor, w: SweepWindow, next: boolean) => {
    const held = runs.get(w)?.held ?? (await heldPseudonyms(db, w));
    const { frontier, ...counted } = await repo.pruneCensus(db, w.before, held, { next });
    if (!runs.has(w)) runs.set(w, { frontier, held, due: counted.due });
    return counted;
  };
  return {
    name: 'audit.entries',
    rule: 'system_logs',
    anchor: 'collected',
    action: 'delete',
    tables: ['audit_log'],
    categories: ['user.technical.logs'],
    async due(db, w, limit) {
      const s = await state(db, w);
      return (await repo.prunable(db, s.frontier, s.held, limit)).map(String);
    },
    async end(db, keys, w) {
      const s = await state(db, w);
      s.verified ??= await deps.audit.verifyForCut(db, s.frontier - 1);
      return deps.audit.cut(db, keys.map(Number), {
        rule: 'system_logs',
        boundary: w.before,
        at: w.now,
        verified: s.verified,
      });
    },
    // The runner's batch: what is due and what its cut stands on in one statement, then the cut.
    async endDue(db, w, limit) {
      const s = await state(db, w);
      if (s.due === 0) return 0;
      // Verified before the run's first cut reads what it cuts (as `end`).
      s.verified ??= await deps.audit.verifyForCut(db, s.frontier - 1);
      const basis = await repo.dueCutBasis(db, s.frontier, s.held, limit);
      return deps.audit.cutOn(db, basis.due, basis, {
        rule: 'system_logs',
        boundary: w.before,
        at: w.now,
        verified: s.verified,
      });
    },
    census: (db, w) => census(db, w, true),
    // A run's census (which comes first: it finds the run's frontier in its own statement) has no
    // use for the next anchor, which reads every entry kept.
    prepare: (db, w) => census(db, w, false),
  };
}
