/**
 * One round trip for every rate-limit hit of one turn of the event loop, on PostgreSQL. Each hit
 * through rate-limiter-flexible was an upsert of its own: under load one statement and one pooled
 * connection per consent write, next to the ledger's shared batch. Here the hits queued in a turn
 * go out as one statement (`addHits`); each caller is answered from its key's returned row. The
 * database still does the counting, so a limit stays exact across app processes: of n hits on a
 * key in one statement that leave it at P points, the i-th (1-based) is the (P − n + i)-th of the
 * window, and refused when that is over the limit — the order a run of single upserts would give.
 *
 * Should the statement fail, every hit in it falls back to its limiter's in-memory insurance
 * limiter, as the library's store does.
 *
 * @example
 *   const batch = new RateLimitBatch(pool);
 *   await batch.consume({ key: 'consent:…', points: 60, msDuration: 60_000, insurance }); // throws RateLimiterRes when over
 */
import type pg from 'pg';
import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { addHits, type HitCount } from './rate-limits.repository.ts';

export interface Hit {
  /** The stored key (the limiter's prefix and the hashed caller key). */
  key: string;
  /** The limit: hits allowed per window. */
  points: number;
  msDuration: number;
  /** Counts in this process instead when the database fails. */
  insurance: RateLimiterAbstract;
  /** The caller's key as the insurance limiter takes it (without the prefix). */
  insuranceKey: string;
}

interface Waiting {
  hit: Hit;
  resolve: (res: RateLimiterRes) => void;
  reject: (err: unknown) => void;
}

export class RateLimitBatch {
  #queue: Waiting[] = [];
  /** Statements sent and hits counted by them, for tests and benches. */
  readonly stats = { statements: 0, hits: 0 };

  constructor(private readonly pool: pg.Pool) {}

  /** Resolves with the hit's result; rejects with it (a RateLimiterRes) when over the limit. */
  consume(hit: Hit): Promise<RateLimiterRes> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ hit, resolve, reject });
      // setImmediate runs after the turn's I/O: every request read in this turn joins.
      if (this.#queue.length === 1) setImmediate(() => void this.#flush());
    });
  }

  async #flush(): Promise<void> {
    const queue = this.#queue;
    this.#queue = [];
    const byKey = new Map<string, Waiting[]>();
    for (const w of queue) {
      const list = byKey.get(w.hit.key);
      if (list) list.push(w);
      else byKey.set(w.hit.key, [w]);
    }
    const now = Date.now();
    const counts: HitCount[] = [...byKey].map(([key, list]) => ({
      key,
      points: list.length,
      expire: now + list[0]!.hit.msDuration,
    }));
    let rows;
    try {
      rows = await addHits(this.pool, counts, now);
      this.stats.statements += 1;
      this.stats.hits += queue.length;
    } catch {
      // The library's behaviour on a store error: count in memory rather than refuse everyone.
      for (const w of queue) w.hit.insurance.consume(w.hit.insuranceKey).then(w.resolve, w.reject);
      return;
    }
    const answeredAt = Date.now();
    const rowOf = new Map(rows.map((r) => [r.key, r]));
    for (const [key, list] of byKey) {
      const row = rowOf.get(key);
      if (!row) {
        for (const w of list) w.reject(new Error('The rate-limit statement returned no row.'));
        continue;
      }
      const msBeforeNext = Math.max(row.expire - answeredAt, 0);
      list.forEach((w, i) => {
        const consumed = row.points - list.length + i + 1;
        const res = new RateLimiterRes(
          Math.max(w.hit.points - consumed, 0),
          msBeforeNext,
          consumed,
          consumed === 1,
        );
        if (consumed > w.hit.points) w.reject(res);
        else w.resolve(res);
      });
    }
  }
}
