/**
 * Who was told of a breach is a system log (`system_logs`, 12 months from the notice): the
 * breach itself stays in the register for good (Art. 33(5)), with how many people were told.
 */
import { censusFrom, dueFrom } from '../core/retention-source.ts';
import type { RetentionSweep } from '../core/retention-sweeps.ts';
import { deleteNotices, noticeSource } from './breaches-retention.repository.ts';

export function breachesRetention(): RetentionSweep[] {
  return [
    {
      name: 'breaches.notices',
      rule: 'system_logs',
      anchor: 'collected',
      action: 'delete',
      tables: ['breach_notices'],
      categories: ['user.technical.logs'],
      due: (db, w, limit) => dueFrom(db, noticeSource(w.holds), w.before, limit),
      end: (db, ids) => deleteNotices(db, ids),
      census: (db, w) => censusFrom(db, noticeSource(w.holds), w.before),
    },
  ];
}
