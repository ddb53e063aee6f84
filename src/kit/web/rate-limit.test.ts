import { Hono, type Context } from 'hono';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.ts';
import { RateLimitedError } from '../errors.ts';
import { clientAddress, RateLimits, trustedProxy } from './rate-limit.ts';

// The limits run on the store the app picks for the database under test: rate-limiter-flexible's
// PostgreSQL store (the `rate_limits` table) on PostgreSQL, its memory store on PGlite. Windows
// are short and real: the PostgreSQL store reads the wall clock.
let database: TestDatabase;
let limits: RateLimits;
const hashed = (k: string) => `h(${k})`;

beforeAll(async () => {
  database = await createTestDatabase();
  limits = RateLimits.forDatabase(database, { hashKey: hashed });
});
afterAll(() => database.drop());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function refusal(p: Promise<unknown>): Promise<RateLimitedError | undefined> {
  try {
    await p;
    return undefined;
  } catch (e) {
    if (e instanceof RateLimitedError) return e;
    throw e;
  }
}

describe('RateLimiter', () => {
  it('allows `limit` hits per window and then refuses with the wait', async () => {
    const limiter = limits.window('t-window', { limit: 3, windowMs: 60_000 });
    for (let i = 0; i < 3; i++) await limiter.hit('k');
    const err = await refusal(limiter.hit('k'));
    expect(err).toBeInstanceOf(RateLimitedError);
    expect(err!.retryAfterSeconds).toBeGreaterThan(55);
    expect(err!.retryAfterSeconds).toBeLessThanOrEqual(60);
    await limiter.hit('other');
  });

  it('counts afresh once the window has passed', async () => {
    const limiter = limits.window('t-expiry', { limit: 1, windowMs: 400 });
    await limiter.hit('k');
    expect(await refusal(limiter.hit('k'))).toBeInstanceOf(RateLimitedError);
    await sleep(450);
    expect(await refusal(limiter.hit('k'))).toBeUndefined();
  });

  it('counts an attempt on every key, refusing when any one is full', async () => {
    const limiter = limits.window('t-attempt', { limit: 2, windowMs: 60_000 });
    await limiter.attempt(['ip:a', 'acct:x']);
    await limiter.attempt(['ip:b', 'acct:x']);
    expect(await refusal(limiter.attempt(['ip:c', 'acct:x']))).toBeInstanceOf(RateLimitedError);
    // The refused attempt was not counted against ip:c: it has two more.
    await limiter.attempt(['ip:c', 'acct:y']);
    await limiter.attempt(['ip:c', 'acct:z']);
    expect(await refusal(limiter.attempt(['ip:c', 'acct:w']))).toBeInstanceOf(RateLimitedError);
  });

  it('keeps limiters of different names apart', async () => {
    const a = limits.window('t-a', { limit: 1, windowMs: 60_000 });
    const b = limits.window('t-b', { limit: 1, windowMs: 60_000 });
    await a.hit('k');
    expect(await refusal(b.hit('k'))).toBeUndefined();
  });
});

describe('Backoff', () => {
  it('locks a key for doubling delays after the free failures, until a success', async () => {
    const b = limits.backoff('t-backoff', { free: 2, baseMs: 300, maxMs: 700 });
    await b.fail('k');
    await b.fail('k');
    await b.check('k');
    await b.fail('k'); // 300 ms
    expect(await refusal(b.check('k'))).toBeInstanceOf(RateLimitedError);
    await sleep(350);
    await b.check('k');
    await b.fail('k'); // 600 ms
    await sleep(350);
    expect(await refusal(b.check('k'))).toBeInstanceOf(RateLimitedError);
    await b.fail('k'); // 1200 ms, capped at 700 ms
    await sleep(500);
    expect(await refusal(b.check('k'))).toBeInstanceOf(RateLimitedError);
    await sleep(300);
    await b.check('k');
    // Another key is not locked by this one's failures.
    await b.check('other');
    await b.succeed('k');
    await b.fail('k');
    await b.check('k');
  });
});

describe.runIf(process.env.CUSTODIAN_TEST_DB === 'postgres')('on PostgreSQL', () => {
  it('counts in the migrated table, under the hashed key, shared by every limiter object', async () => {
    const one = limits.window('t-shared', { limit: 2, windowMs: 60_000 });
    // A second process builds its own limiter object on the same table.
    const other = RateLimits.forDatabase(database, { hashKey: hashed }).window('t-shared', {
      limit: 2,
      windowMs: 60_000,
    });
    await one.hit('ip:192.0.2.1');
    await other.hit('ip:192.0.2.1');
    expect(await refusal(one.hit('ip:192.0.2.1'))).toBeInstanceOf(RateLimitedError);
    const rows = await sql<{ key: string; points: number }>`
      select key, points from rate_limits where key like 't-shared:%'`.execute(database.db);
    expect(rows.rows).toEqual([{ key: 't-shared:h(ip:192.0.2.1)', points: 3 }]);
  });

  it('counts the hits of one turn in one statement, still exactly across processes', async () => {
    const one = limits.window('t-turn', { limit: 5, windowMs: 60_000 });
    const otherLimits = RateLimits.forDatabase(database, { hashKey: hashed });
    const other = otherLimits.window('t-turn', { limit: 5, windowMs: 60_000 });
    const before = limits.batchStats!.statements;
    // Two "processes" hit the same key at once, seven each; plus another key.
    const results = await Promise.all([
      ...Array.from({ length: 7 }, () => refusal(one.hit('ip:a'))),
      ...Array.from({ length: 7 }, () => refusal(other.hit('ip:a'))),
      refusal(one.hit('ip:b')),
    ]);
    expect(limits.batchStats!.statements - before).toBe(1);
    expect(otherLimits.batchStats!.statements).toBe(1);
    // Of the fourteen on ip:a exactly the limit passed, whichever process counted first.
    expect(results.slice(0, 14).filter((r) => r === undefined)).toHaveLength(5);
    expect(results.slice(0, 14).filter((r) => r instanceof RateLimitedError)).toHaveLength(9);
    expect(results[14]).toBeUndefined();
    // Within each process the first callers are the ones let through.
    for (const group of [results.slice(0, 7), results.slice(7, 14)]) {
      const passed = group.map((r) => r === undefined);
      expect(passed).toEqual([...passed].sort((a, b) => Number(b) - Number(a)));
    }
    const rows = await sql<{ key: string; points: number }>`
      select key, points from rate_limits where key like 't-turn:%' order by key`.execute(
      database.db,
    );
    expect(rows.rows).toEqual([
      { key: 't-turn:h(ip:a)', points: 14 },
      { key: 't-turn:h(ip:b)', points: 1 },
    ]);
    // The library's own read sees the batch's row (check refuses, Retry-After about a minute).
    const err = await refusal(one.check('ip:a'));
    expect(err?.retryAfterSeconds).toBeGreaterThan(55);
  });

  it('falls back to counting in memory when the statement fails', async () => {
    const broken = new pg.Pool({ connectionString: 'postgres://nobody@127.0.0.1:1/none', max: 1 });
    broken.on('error', () => {});
    const limiter = RateLimits.postgres(broken, { hashKey: hashed }).window('t-down', {
      limit: 2,
      windowMs: 60_000,
    });
    await limiter.hit('k');
    await limiter.hit('k');
    expect(await refusal(limiter.hit('k'))).toBeInstanceOf(RateLimitedError);
    await broken.end();
  });
});

describe('clientAddress behind a proxy', () => {
  function appWith(proxies: string[], socket: string) {
    const app = new Hono();
    app.use(trustedProxy(proxies));
    app.get('/', (c: Context) => c.text(clientAddress(c)));
    return (xff?: string) =>
      app.request(
        '/',
        { headers: xff ? { 'x-forwarded-for': xff } : {} },
        {
          incoming: { socket: { remoteAddress: socket } },
        },
      );
  }

  it('believes X-Forwarded-For only from a configured proxy, and only its own entry', async () => {
    const behindNginx = appWith(['127.0.0.1'], '::ffff:127.0.0.1');
    // A client's forged entry comes first; nginx appends the address it saw.
    expect(await (await behindNginx('10.9.9.9, 198.51.100.7')).text()).toBe('198.51.100.7');
    expect(await (await behindNginx()).text()).toBe('::ffff:127.0.0.1');
    const direct = appWith(['127.0.0.1'], '203.0.113.5');
    expect(await (await direct('198.51.100.7')).text()).toBe('203.0.113.5');
    const unconfigured = appWith([], '127.0.0.1');
    expect(await (await unconfigured('198.51.100.7')).text()).toBe('127.0.0.1');
  });
});
