/**
 * Rate limits and failure backoff, in memory (one process). Two tools:
 *
 * - `RateLimiter`: at most `limit` hits per key in a sliding `windowMs` (attempts of any outcome);
 * - `Backoff`: after `free` consecutive failures for a key, each further failure locks the key for
 *   a doubling delay (capped), until a success resets it.
 *
 * Both throw `RateLimitedError` (429 with Retry-After). Keys are opaque strings chosen by the
 * caller: never put personal data in clear in a key — use a blind index or a client address.
 * Many processes behind a load balancer each keep their own counts; that multiplies the limit by
 * the number of processes, which is acceptable for throttling brute force.
 *
 * @example
 *   const limiter = new RateLimiter({ limit: 10, windowMs: 60_000 });
 *   app.post('/api/search', rateLimit(limiter, (c) => `search:${clientAddress(c)}`), handler);
 */
import type { Context, MiddlewareHandler } from 'hono';
import { RateLimitedError } from '../errors.ts';

/** Anything that can refuse an attempt: the services take this, not the classes below. */
export interface Throttle {
  /** Counts one attempt for each key; throws RateLimitedError when any key is over its limit. */
  attempt(keys: readonly string[]): void;
}

type Clock = () => number;
const MAX_KEYS = 100_000;

export class RateLimiter implements Throttle {
  private readonly hits = new Map<string, number[]>();
  constructor(
    private readonly options: { limit: number; windowMs: number },
    private readonly now: Clock = Date.now,
  ) {}

  /** Throws when `key` already used its `limit` hits in the window; otherwise counts one. */
  hit(key: string): void {
    const now = this.now();
    const from = now - this.options.windowMs;
    const recent = (this.hits.get(key) ?? []).filter((t) => t > from);
    if (recent.length >= this.options.limit) {
      const oldest = recent[0] ?? now;
      this.hits.set(key, recent);
      throw new RateLimitedError(Math.max(1, Math.ceil((oldest - from) / 1000)));
    }
    recent.push(now);
    this.hits.set(key, recent);
    if (this.hits.size > MAX_KEYS) this.prune(from);
  }

  attempt(keys: readonly string[]): void {
    for (const key of keys) this.check(key);
    for (const key of keys) this.hit(key);
  }

  /** Throws like `hit` without counting. */
  check(key: string): void {
    const from = this.now() - this.options.windowMs;
    const recent = (this.hits.get(key) ?? []).filter((t) => t > from);
    if (recent.length >= this.options.limit) {
      throw new RateLimitedError(Math.max(1, Math.ceil(((recent[0] ?? from) - from) / 1000)));
    }
  }

  private prune(from: number): void {
    for (const [key, times] of this.hits) if ((times.at(-1) ?? 0) <= from) this.hits.delete(key);
  }
}

export class Backoff {
  private readonly state = new Map<string, { failures: number; lockedUntil: number }>();
  constructor(
    private readonly options: { free: number; baseMs: number; maxMs: number },
    private readonly now: Clock = Date.now,
  ) {}

  /** Throws while the key is locked after recent failures. */
  check(key: string): void {
    const s = this.state.get(key);
    const wait = s ? s.lockedUntil - this.now() : 0;
    if (wait > 0) throw new RateLimitedError(Math.ceil(wait / 1000));
  }

  fail(key: string): void {
    const s = this.state.get(key) ?? { failures: 0, lockedUntil: 0 };
    s.failures += 1;
    const over = s.failures - this.options.free;
    if (over > 0) {
      s.lockedUntil =
        this.now() + Math.min(this.options.maxMs, this.options.baseMs * 2 ** (over - 1));
    }
    this.state.set(key, s);
    if (this.state.size > MAX_KEYS) {
      const now = this.now();
      for (const [k, v] of this.state)
        if (v.lockedUntil < now - this.options.maxMs) this.state.delete(k);
    }
  }

  succeed(key: string): void {
    this.state.delete(key);
  }
}

/**
 * The client's address as the socket saw it (behind a proxy, every client shares the proxy's
 * address; configure the proxy to limit too). In-process test requests have no socket.
 */
export function clientAddress(c: Context): string {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? 'local';
}

/** Middleware: one hit per request on the key `keyOf(c)` returns. */
export function rateLimit(limiter: RateLimiter, keyOf: (c: Context) => string): MiddlewareHandler {
  return async (c, next) => {
    limiter.hit(keyOf(c));
    await next();
  };
}
