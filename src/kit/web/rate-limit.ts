/**
 * Rate limits and failure backoff, counted by `rate-limiter-flexible`: on PostgreSQL in the
 * `rate_limits` table (migration 0165), so every app process behind a load balancer counts
 * against the same limit; on embedded PGlite in memory (one process by construction). Two tools:
 *
 * - `RateLimiter`: at most `limit` hits per key in a fixed `windowMs` window that starts at the
 *   key's first hit (attempts of any outcome);
 * - `Backoff`: after `free` consecutive failures for a key, each further failure locks the key for
 *   a doubling delay (capped), until a success resets it. Failures are forgotten a day after the
 *   first of them even without a success.
 *
 * Both throw `RateLimitedError` (429 with Retry-After). Keys are opaque strings chosen by the
 * caller; on PostgreSQL they are stored as a keyed hash (`hashKey`), so a client address never
 * lies in the table in clear. Should the database fail, each process falls back to counting in
 * memory (the library's insurance limiter) rather than refusing every sign-in. On PostgreSQL the
 * windows' hits of one turn of the event loop are counted in one statement (rate-limit-batch.ts),
 * not one upsert per request.
 *
 * @example
 *   const limits = RateLimits.forDatabase(database, { hashKey });
 *   const limiter = limits.window('search', { limit: 10, windowMs: 60_000 });
 *   app.post('/api/search', rateLimit(limiter, (c) => `search:${clientAddress(c)}`), handler);
 */
import type { Context, MiddlewareHandler } from 'hono';
import type pg from 'pg';
import {
  RateLimiterMemory,
  RateLimiterPostgres,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import { RateLimitedError } from '../errors.ts';
import { RateLimitBatch } from './rate-limit-batch.ts';
import { RATE_LIMIT_TABLE } from './rate-limits.repository.ts';

/** Anything that can refuse an attempt: the services take this, not the classes below. */
export interface Throttle {
  /** Counts one attempt for each key; throws RateLimitedError when any key is over its limit. */
  attempt(keys: readonly string[]): Promise<void>;
}

/** How long failures count towards a backoff without a success. */
const FAILURE_MEMORY_S = 24 * 60 * 60;

interface Store {
  create(keyPrefix: string, points: number, durationS: number): RateLimiterAbstract;
  hashKey: (key: string) => string;
  /** Counts a window's hit: on PostgreSQL with the turn's other hits in one statement. */
  consume: (limiter: RateLimiterAbstract, key: string) => Promise<unknown>;
  batchStats?: { statements: number; hits: number };
}

const consumeAlone = (limiter: RateLimiterAbstract, key: string) => limiter.consume(key);

/** Makes the limiters of one process, all on the same store. */
export class RateLimits {
  private constructor(private readonly store: Store) {}

  /** In this process only: embedded PGlite, and tests that build services by hand. */
  static memory(): RateLimits {
    return new RateLimits({
      create: (keyPrefix, points, duration) =>
        new RateLimiterMemory({ keyPrefix, points, duration }),
      hashKey: (k) => k,
      consume: consumeAlone,
    });
  }

  /**
   * Counted in PostgreSQL, shared by every process on the database. `hashKey` should be keyed
   * (a client address has few enough values to be found again from a plain hash).
   */
  static postgres(pool: pg.Pool, options: { hashKey: (key: string) => string }): RateLimits {
    let sweeper = true;
    const batch = new RateLimitBatch(pool);
    const insurance = new WeakMap<RateLimiterAbstract, RateLimiterMemory>();
    return new RateLimits({
      create: (keyPrefix, points, duration) => {
        // One limiter sweeps expired rows of the whole table every five minutes; more is waste.
        const clearExpiredByTimeout = sweeper;
        sweeper = false;
        const fallback = new RateLimiterMemory({ keyPrefix, points, duration });
        const limiter = new RateLimiterPostgres({
          storeClient: pool,
          storeType: 'pool',
          tableName: RATE_LIMIT_TABLE,
          tableCreated: true,
          clearExpiredByTimeout,
          keyPrefix,
          points,
          duration,
          insuranceLimiter: fallback,
        });
        insurance.set(limiter, fallback);
        return limiter;
      },
      hashKey: options.hashKey,
      // The library's get, block and sweeper stay on its own statements; only the hits, one per
      // request, are gathered (src/kit/web/rate-limit-batch.ts).
      consume: (limiter, key) =>
        batch.consume({
          key: limiter.getKey(key),
          points: limiter.points,
          msDuration: limiter.msDuration,
          insurance: insurance.get(limiter) ?? limiter,
          insuranceKey: key,
        }),
      batchStats: batch.stats,
    });
  }

  /** PostgreSQL's store when the database is PostgreSQL, memory on PGlite. */
  static forDatabase(
    database: { pool: pg.Pool | undefined },
    options: { hashKey: (key: string) => string },
  ): RateLimits {
    return database.pool ? RateLimits.postgres(database.pool, options) : RateLimits.memory();
  }

  /** `name` tells this limiter's keys apart from other limiters' in the shared table. */
  window(name: string, options: { limit: number; windowMs: number }): RateLimiter {
    return new RateLimiter(
      this.store.create(name, options.limit, options.windowMs / 1000),
      this.store.hashKey,
      this.store.consume,
    );
  }

  /** On PostgreSQL: statements the windows' hits went out in, and the hits they counted. */
  get batchStats(): { statements: number; hits: number } | undefined {
    return this.store.batchStats;
  }

  backoff(name: string, options: { free: number; baseMs: number; maxMs: number }): Backoff {
    return new Backoff(
      this.store.create(`${name}-failures`, Number.MAX_SAFE_INTEGER, FAILURE_MEMORY_S),
      // A lock is a block on a one-point limiter: `get` then reports the time left.
      this.store.create(`${name}-lock`, 1, FAILURE_MEMORY_S),
      options,
      this.store.hashKey,
    );
  }
}

export class RateLimiter implements Throttle {
  constructor(
    private readonly limiter: RateLimiterAbstract,
    private readonly hashKey: (key: string) => string,
    private readonly consume: Store['consume'] = consumeAlone,
  ) {}

  /** Throws when `key` already used its `limit` hits in the window; otherwise counts one. */
  async hit(key: string): Promise<void> {
    try {
      await this.consume(this.limiter, this.hashKey(key));
    } catch (e) {
      throw refusal(e);
    }
  }

  /** Refuses before counting, so an attempt refused on one key does not use up the others. */
  async attempt(keys: readonly string[]): Promise<void> {
    for (const key of keys) await this.check(key);
    for (const key of keys) await this.hit(key);
  }

  /** Throws like `hit` without counting. */
  async check(key: string): Promise<void> {
    const res = await this.limiter.get(this.hashKey(key));
    if (res && res.remainingPoints <= 0 && res.msBeforeNext > 0) throw refusal(res);
  }
}

export class Backoff {
  constructor(
    private readonly failures: RateLimiterAbstract,
    private readonly locks: RateLimiterAbstract,
    private readonly options: { free: number; baseMs: number; maxMs: number },
    private readonly hashKey: (key: string) => string,
  ) {}

  /** Throws while the key is locked after recent failures. */
  async check(key: string): Promise<void> {
    const res = await this.locks.get(this.hashKey(key));
    if (res && res.consumedPoints > this.locks.points && res.msBeforeNext > 0) throw refusal(res);
  }

  async fail(key: string): Promise<void> {
    const k = this.hashKey(key);
    const res = await this.failures.penalty(k, 1);
    const over = res.consumedPoints - this.options.free;
    if (over > 0) {
      const ms = Math.min(this.options.maxMs, this.options.baseMs * 2 ** (over - 1));
      await this.locks.block(k, ms / 1000);
    }
  }

  async succeed(key: string): Promise<void> {
    const k = this.hashKey(key);
    await Promise.all([this.failures.delete(k), this.locks.delete(k)]);
  }
}

/** The library rejects with its result when over the limit, with an Error when the store failed. */
function refusal(e: unknown): unknown {
  if (!(e instanceof RateLimiterRes)) return e;
  return new RateLimitedError(Math.max(1, Math.ceil(e.msBeforeNext / 1000)));
}

/**
 * The client's address. By default the socket's; behind a reverse proxy every client shares the
 * proxy's address, so when the connection comes from a proxy named in `CUSTODIAN_TRUSTED_PROXIES`
 * the app takes the address the proxy appended to X-Forwarded-For (`trustedProxy` middleware).
 * A client cannot forge it: a header is believed only from a trusted proxy, and only its last
 * entry (the one the proxy itself added). In-process test requests have no socket.
 */
export function clientAddress(c: Context): string {
  const forwarded = (c as Context<{ Variables: { forwardedFor?: string } }>).get('forwardedFor');
  return forwarded ?? socketAddress(c);
}

function socketAddress(c: Context): string {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? 'local';
}

/** IPv4 peers may show as IPv4-mapped IPv6 (`::ffff:127.0.0.1`) on a dual-stack socket. */
function plainAddress(address: string): string {
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}

/**
 * Middleware: believe X-Forwarded-For from these proxy addresses only (exact addresses, e.g.
 * `127.0.0.1` for nginx on the same host). Without any, the socket address is the client's.
 */
export function trustedProxy(proxies: readonly string[]): MiddlewareHandler {
  const trusted = new Set(proxies.map(plainAddress));
  return async (c, next) => {
    if (trusted.size > 0 && trusted.has(plainAddress(socketAddress(c)))) {
      const hops = (c.req.header('x-forwarded-for') ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      // Walk from the right past any further trusted proxies: the first other one is the client.
      const client = hops.reverse().find((h) => !trusted.has(plainAddress(h)));
      if (client)
        (c as Context<{ Variables: { forwardedFor?: string } }>).set('forwardedFor', client);
    }
    await next();
  };
}

/** Middleware: one hit per request on the key `keyOf(c)` returns. */
export function rateLimit(limiter: RateLimiter, keyOf: (c: Context) => string): MiddlewareHandler {
  return async (c, next) => {
    await limiter.hit(keyOf(c));
    await next();
  };
}
