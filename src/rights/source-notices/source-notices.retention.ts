/**
 * That a person was told of data from a third party (Art. 14) is kept as a system log
 * (`system_logs`, 12 months from the sending): the record that answers "were you told?", and,
 * until sent, the duty itself, which no period ends.
 */
import { censusFrom, dueFrom } from '../../core/retention-source.ts';
import type { RetentionSweep } from '../../core/retention-sweeps.ts';
import { deleteSourceNotices, sourceNoticeSource } from './source-notices-retention.repository.ts';

export function sourceNoticesRetention(): RetentionSweep[] {
  return [
    {
      name: 'rights.source_notices',
      rule: 'system_logs',
      anchor: 'collected',
      action: 'delete',
      tables: ['source_notices'],
      categories: ['user.technical.logs'],
      due: (db, w, limit) => dueFrom(db, sourceNoticeSource(w.holds), w.before, limit),
      end: (db, ids) => deleteSourceNotices(db, ids),
      census: (db, w) => censusFrom(db, sourceNoticeSource(w.holds), w.before),
    },
  ];
}
