/**
 * The rate limits' one statement of their own (src/kit/web/rate-limit-batch.ts): many hits counted
 * in `rate_limits` (migration 0165) at once, in the row shape rate-limiter-flexible's PostgreSQL
 * store reads and writes, so its `get`, `block` and sweeper keep working on the same rows.
 */
import type pg from 'pg';

/** The table migration 0165 creates (the library is told not to create it at run time). */
export const RATE_LIMIT_TABLE = 'rate_limits';

export interface HitCount {
  /** The stored key: the limiter's prefix and the hashed caller key. */
  key: string;
  /** Hits to add; each key appears once (ON CONFLICT may touch a row only once a statement). */
  points: number;
  /** Epoch milliseconds when a window starting now would end. */
  expire: number;
}

export interface CountedRow {
  key: string;
  /** The key's points in its window after these hits. */
  points: number;
  expire: number;
}

/**
 * Adds every count in one statement (one round trip, one transaction): a key whose window has
 * passed starts a new one, as the library's own upsert does. Returns each key's row after it.
 */
export async function addHits(
  pool: pg.Pool,
  counts: readonly HitCount[],
  now: number,
): Promise<CountedRow[]> {
  const { rows } = await pool.query<{ key: string; points: number; expire: number | string }>({
    name: 'custodian-rate-limit-hits',
    text: `insert into ${RATE_LIMIT_TABLE} as r (key, points, expire)
      select * from unnest($1::varchar[], $2::int[], $3::bigint[])
      on conflict (key) do update set
        points = case when r.expire <= $4 then excluded.points else r.points + excluded.points end,
        expire = case when r.expire <= $4 then excluded.expire else r.expire end
      returning key, points, expire`,
    values: [
      counts.map((c) => c.key),
      counts.map((c) => c.points),
      counts.map((c) => c.expire),
      now,
    ],
  });
  // The app's pool parses int8 to a number already (database.ts); a bare pool gives text.
  return rows.map((r) => ({ key: r.key, points: r.points, expire: Number(r.expire) }));
}
