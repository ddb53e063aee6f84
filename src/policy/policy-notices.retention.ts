/**
 * Who was told of a policy version, and how it went, is a system log (`system_logs`, 12 months
 * from the notice): long enough to answer "was I told?", and a run that is resumed is resumed
 * within days, not a year.
 */
import { censusFrom, dueFrom } from '../core/retention-source.ts';
import type { RetentionSweep } from '../core/retention-sweeps.ts';
import {
  deleteDuePolicyNotices,
  deletePolicyNotices,
  policyNoticeSource,
} from './policy-notices-retention.repository.ts';

export function policyNoticesRetention(): RetentionSweep[] {
  return [
    {
      name: 'policy.notices',
      rule: 'system_logs',
      anchor: 'collected',
      action: 'delete',
      tables: ['policy_notices'],
      categories: ['user.technical.logs'],
      due: (db, w, limit) => dueFrom(db, policyNoticeSource(w.holds), w.before, limit),
      end: (db, ids) => deletePolicyNotices(db, ids),
      endDueSql: (w, limit) => deleteDuePolicyNotices(w.before, w.holds, limit),
      census: (db, w) => censusFrom(db, policyNoticeSource(w.holds), w.before),
    },
  ];
}
