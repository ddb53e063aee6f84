/**
 * Legal holds themselves: a hold that has ended (released or past its date) is a record of staff
 * action kept as a system log, 12 months from its end; then it and its sealed reason go.
 */
import { sql } from 'kysely';
import type { RetentionSweep } from '../core/retention-sweeps.ts';
import { censusFrom, dueFrom } from '../core/retention-source.ts';
import type { Vault } from '../kit/vault/vault.ts';
import { deleteHolds } from './retention.repository.ts';

export function holdsRetention(vault: Vault): RetentionSweep {
  // A hold in force is never due: its anchor (its end) is in the future.
  const source = sql`(
    select id as key, coalesce(released_at, until) as anchor, false as held from retention_holds
  )`;
  return {
    name: 'retention.holds',
    rule: 'system_logs',
    anchor: 'collected',
    action: 'delete',
    tables: ['retention_holds'],
    categories: ['user.technical.logs'],
    due: (db, w, limit) => dueFrom(db, source, w.before, limit),
    async end(db, ids) {
      const n = await deleteHolds(db, ids);
      await vault.shredMany(
        db,
        ids.map((id) => `hold:${id}`),
        'profile',
      );
      return n;
    },
    census: (db, w) => censusFrom(db, source, w.before),
  };
}
