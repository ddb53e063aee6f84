/**
 * The consent ledger: proof kept 3 years after a consent is withdrawn, replaced or lapsed
 * (`consent_proof`).
 */
import { randomUUID } from 'node:crypto';
import { parseDuration } from '../core/manifest/duration.ts';
import type { Manifest } from '../core/manifest/manifest.ts';
import type { RetentionSweep } from '../core/retention-sweeps.ts';
import { choosableCategories } from './consent.ts';
import {
  deleteRecords,
  dueRecords,
  queueRun,
  recordCensus,
  type Lapse,
} from './consent-retention.repository.ts';

/**
 * When a cookie choice lapses, as the consent gate's `renewAt` says (`session`: at once). A
 * significant policy version can lapse it earlier; the sweep counts from `renewAfter` only, so a
 * record is never ended before its period, at most `renewAfter` after it.
 */
const units = {
  s: 'seconds',
  m: 'minutes',
  h: 'hours',
  d: 'days',
  w: 'weeks',
  mo: 'months',
  y: 'years',
} as const;

export function lapseOf(manifest: Manifest): Lapse {
  const d = parseDuration(manifest.consent.renewAfter);
  const interval =
    d === undefined ? null : d === 'session' ? '0 seconds' : `${d.amount} ${units[d.unit]}`;
  return { interval, cookieKeys: choosableCategories };
}

export function consentRetention(manifest: () => Manifest): RetentionSweep[] {
  return [
    {
      name: 'consent.proof',
      rule: 'consent_proof',
      anchor: 'consent_withdrawn',
      action: 'delete',
      tables: ['consent_records', 'consent_customer_links'],
      categories: ['user.consent'],
      due: (db, w, limit) => dueRecords(db, w.before, w.holds, lapseOf(manifest()), limit, w.run),
      end: (db, ids) => deleteRecords(db, ids),
      census: (db, w) => recordCensus(db, w.before, w.holds, lapseOf(manifest())),
      // A run queues its due records once (the window over the expired part), and its batches
      // read on through the queue instead of each working the window out again.
      prepare: (db, w) =>
        queueRun(db, w.run ?? randomUUID(), w.before, w.holds, lapseOf(manifest())),
    },
  ];
}
