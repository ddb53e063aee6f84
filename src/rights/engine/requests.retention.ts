/**
 * Finished data-subject requests are records of their handling: kept as system logs (12 months
 * from the answer), unless still in force (an active restriction, an upheld objection).
 */
import { censusFrom, dueFrom } from '../../core/retention-source.ts';
import type { RetentionSweep } from '../../core/retention-sweeps.ts';
import {
  deleteDueRequests,
  deleteRequests,
  finishedRequests,
} from './requests-retention.repository.ts';

export function requestsRetention(): RetentionSweep[] {
  return [
    {
      name: 'rights.requests',
      rule: 'system_logs',
      anchor: 'collected',
      action: 'delete',
      tables: [
        'dsr_requests',
        'dsr_request_steps',
        'dsr_exports',
        'dsr_links',
        'dsr_request_details',
        'dsr_objections',
        'dsr_notifications',
        'processing_restrictions',
      ],
      categories: ['user.technical.logs', 'user.consent'],
      due: (db, w, limit) => dueFrom(db, finishedRequests(w.holds), w.before, limit),
      end: (db, ids) => deleteRequests(db, ids),
      endDue: (db, w, limit) => deleteDueRequests(db, w.before, w.holds, limit),
      census: (db, w) => censusFrom(db, finishedRequests(w.holds), w.before),
    },
  ];
}
