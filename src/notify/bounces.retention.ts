/**
 * A bounced address is skipped for 12 months from its last bounce (`system_logs`): after that a
 * mailbox may well work again, and keeping its index longer would keep it for nothing.
 */
import { censusFrom, dueFrom } from '../core/retention-source.ts';
import type { RetentionSweep } from '../core/retention-sweeps.ts';
import { bounceSource, deleteBounces, deleteDueBounces } from './bounces-retention.repository.ts';

export function bouncesRetention(): RetentionSweep[] {
  return [
    {
      name: 'notify.bounces',
      rule: 'system_logs',
      anchor: 'collected',
      action: 'delete',
      tables: ['mail_bounces'],
      categories: ['user.technical.logs'],
      due: (db, w, limit) => dueFrom(db, bounceSource(), w.before, limit),
      end: (db, ids) => deleteBounces(db, ids),
      endDueSql: (w, limit) => deleteDueBounces(w.before, limit),
      census: (db, w) => censusFrom(db, bounceSource(), w.before),
    },
  ];
}
