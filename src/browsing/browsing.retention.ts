/** Browsing events: 13 months from collection, then anonymised (manifest rule `browsing`). */
import type { RetentionSweep } from '../core/retention-sweeps.ts';
import { anonymiseEvents, dueEvents, eventCensus } from './browsing-retention.repository.ts';

export function browsingRetention(): RetentionSweep[] {
  return [
    {
      name: 'browsing.events',
      rule: 'browsing',
      anchor: 'collected',
      action: 'anonymise',
      tables: ['browsing_events'],
      categories: ['user.browsing', 'user.device', 'user.recommendation'],
      due: (db, w, limit) => dueEvents(db, w.before, w.holds, limit),
      end: (db, ids) => anonymiseEvents(db, ids),
      census: (db, w) => eventCensus(db, w.before, w.holds),
    },
  ];
}
