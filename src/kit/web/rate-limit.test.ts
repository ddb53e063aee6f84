import { describe, expect, it } from 'vitest';
import { RateLimitedError } from '../errors.ts';
import { Backoff, RateLimiter } from './rate-limit.ts';

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('RateLimiter', () => {
  it('allows `limit` hits per window and then refuses with the wait', () => {
    const c = clock();
    const limiter = new RateLimiter({ limit: 3, windowMs: 60_000 }, c.now);
    for (let i = 0; i < 3; i++) limiter.hit('k');
    c.advance(10_000);
    let err: unknown;
    try {
      limiter.hit('k');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(RateLimitedError);
    expect((err as RateLimitedError).retryAfterSeconds).toBe(50);
    limiter.hit('other');
    c.advance(50_001);
    expect(() => limiter.hit('k')).not.toThrow();
  });

  it('counts an attempt on every key, refusing when any one is full', () => {
    const limiter = new RateLimiter({ limit: 2, windowMs: 60_000 }, clock().now);
    limiter.attempt(['ip:a', 'acct:x']);
    limiter.attempt(['ip:b', 'acct:x']);
    expect(() => limiter.attempt(['ip:c', 'acct:x'])).toThrow(RateLimitedError);
    // The refused attempt was not counted against ip:c.
    expect(() => limiter.attempt(['ip:c', 'acct:y'])).not.toThrow();
  });
});

describe('Backoff', () => {
  it('locks a key for doubling delays after the free failures, until a success', () => {
    const c = clock();
    const b = new Backoff({ free: 2, baseMs: 1000, maxMs: 5000 }, c.now);
    b.fail('k');
    b.fail('k');
    expect(() => b.check('k')).not.toThrow();
    b.fail('k'); // 1 s
    expect(() => b.check('k')).toThrow(RateLimitedError);
    c.advance(1000);
    expect(() => b.check('k')).not.toThrow();
    b.fail('k'); // 2 s
    c.advance(1500);
    expect(() => b.check('k')).toThrow(RateLimitedError);
    b.fail('k'); // 4 s
    b.fail('k'); // capped at 5 s
    c.advance(4999);
    expect(() => b.check('k')).toThrow(RateLimitedError);
    c.advance(1);
    expect(() => b.check('k')).not.toThrow();
    b.succeed('k');
    b.fail('k');
    expect(() => b.check('k')).not.toThrow();
  });
});
