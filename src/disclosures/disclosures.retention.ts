/**
 * The disclosure log is a system log (`system_logs`, 12 months from collection). An access
 * request lists the recipients it still shows; Art. 19 notices reach those of the last 12 months.
 */
import { censusFrom, dueFrom } from '../core/retention-source.ts';
import type { RetentionSweep } from '../core/retention-sweeps.ts';
import {
  deleteDisclosures,
  deleteDueDisclosures,
  disclosureSource,
} from './disclosures-retention.repository.ts';

export function disclosuresRetention(): RetentionSweep[] {
  return [
    {
      name: 'disclosures.log',
      rule: 'system_logs',
      anchor: 'collected',
      action: 'delete',
      tables: ['disclosures'],
      categories: ['user.technical.logs'],
      due: (db, w, limit) => dueFrom(db, disclosureSource(w.holds), w.before, limit),
      end: (db, ids) => deleteDisclosures(db, ids),
      endDueSql: (w, limit) => deleteDueDisclosures(w.before, w.holds, limit),
      census: (db, w) => censusFrom(db, disclosureSource(w.holds), w.before),
    },
  ];
}
