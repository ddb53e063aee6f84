/** The consent ledger: proof kept 3 years after a consent is withdrawn or replaced (`consent_proof`). */
import type { RetentionSweep } from '../core/retention-sweeps.ts';
import { randomUUID } from 'node:crypto';
import {
  deleteRecords,
  dueRecords,
  queueRun,
  recordCensus,
} from './consent-retention.repository.ts';

export function consentRetention(): RetentionSweep[] {
  return [
    {
      name: 'consent.proof',
      rule: 'consent_proof',
      anchor: 'consent_withdrawn',
      action: 'delete',
      tables: ['consent_records', 'consent_customer_links'],
      categories: ['user.consent'],
      due: (db, w, limit) => dueRecords(db, w.before, w.holds, limit, w.run),
      end: (db, ids) => deleteRecords(db, ids),
      census: (db, w) => recordCensus(db, w.before, w.holds),
      // A run queues its due records once (the window over the expired part), and its batches
      // read on through the queue instead of each working the window out again.
      prepare: (db, w) => queueRun(db, w.run ?? randomUUID(), w.before, w.holds),
    },
  ];
}
