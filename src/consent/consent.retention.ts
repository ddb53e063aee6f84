/** The consent ledger: proof kept 3 years after a consent is withdrawn or replaced (`consent_proof`). */
import type { RetentionSweep } from '../core/retention-sweeps.ts';
import { deleteRecords, dueRecords, recordCensus } from './consent-retention.repository.ts';

export function consentRetention(): RetentionSweep[] {
  return [
    {
      name: 'consent.proof',
      rule: 'consent_proof',
      anchor: 'consent_withdrawn',
      action: 'delete',
      tables: ['consent_records', 'consent_customer_links'],
      categories: ['user.consent'],
      due: (db, w, limit) => dueRecords(db, w.before, w.holds, limit),
      end: (db, ids) => deleteRecords(db, ids),
      census: (db, w) => recordCensus(db, w.before, w.holds),
    },
  ];
}
