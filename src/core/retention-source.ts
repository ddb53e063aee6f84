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
  // One pass over the expired part and one index probe, each bounded by the anchor (which the
  // sources' indexes lead with): the expired part is counted (due and held together) and the
  // next anchor found by an index range, not a scan of the whole table at the start of every
  // sweep. Not a count each for due and held: with no hold `held` is the constant false, and
  // PostgreSQL still planned that count of nothing as a parallel scan on a large table (its
  // workers started for nothing, ~60 ms a sweep on a busy machine). The next anchor is the first
  // row of an ordered read, not `min(anchor)`: PostgreSQL turns a min into an index step only over
  // a plain table, and the sources are subqueries (anti-joins, holds), so the min aggregated every
  // row kept (37 ms over 10,200 finished requests, every run) where the first row is 0.2 ms.
  const { rows } = await sql<{ due: string; held: string; next: Date | null }>`
    select e.due, e.held,
      (select anchor from ${source} s where anchor >= ${before} and not held
        order by anchor limit 1) as next
    from (select count(*) filter (where not held) as due, count(*) filter (where held) as held
      from ${source} s where anchor < ${before}) e`.execute(db);
  const row = rows[0]!;
  return {
    due: Number(row.due),
    held: Number(row.held),
    nextAnchor: row.next === null ? null : new Date(row.next),
  };
}
