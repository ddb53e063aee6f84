/**
 * The common shape of a sweep's SQL: a source subquery with one row per record, `key` (text),
 * `anchor` (the date its period runs from) and `held`; due records are those anchored before the
 * boundary and not held, oldest first. A module's retention repository writes only its source.
 *
 * @example
 *   const source = sql`(select id as key, disclosed_at as anchor, false as held from disclosures)`;
 *   await dueFrom(db, source, window.before, 500);
 */
import { sql, type RawBuilder } from 'kysely';
import type { Executor } from './personal-data-registry.ts';
import type { SweepCensus } from './retention-sweeps.ts';

export async function dueFrom(
  db: Executor,
  source: RawBuilder<unknown>,
  before: Date,
  limit: number,
): Promise<string[]> {
  const { rows } = await sql<{ key: string }>`
    select key from ${source} s where anchor < ${before} and not held
    order by anchor, key limit ${limit}`.execute(db);
  return rows.map((r) => r.key);
}

export async function censusFrom(
  db: Executor,
  source: RawBuilder<unknown>,
  before: Date,
): Promise<SweepCensus> {
  // Three queries in one, each bounded by the anchor (which the sources' indexes lead with): the
  // expired part is counted and the next anchor found by an index range, not a scan of the
  // whole table at the start of every sweep.
  const { rows } = await sql<{ due: string; held: string; next: Date | null }>`
    select
      (select count(*) from ${source} s where anchor < ${before} and not held) as due,
      (select count(*) from ${source} s where anchor < ${before} and held) as held,
      (select min(anchor) from ${source} s where anchor >= ${before} and not held) as next`.execute(
    db,
  );
  const row = rows[0]!;
  return {
    due: Number(row.due),
    held: Number(row.held),
    nextAnchor: row.next === null ? null : new Date(row.next),
  };
}
