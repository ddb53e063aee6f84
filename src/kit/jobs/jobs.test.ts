import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  createTestDatabase,
  testDbKind,
  type TestDatabase,
} from '../../../test/support/database.ts';
import { createLogger } from '../log.ts';
import { defineJob, Jobs } from './jobs.ts';

let database: TestDatabase;
let jobs: Jobs;
let greet: ReturnType<typeof greetJob>;
let queue = 0;

// Each test gets its own queue, so a job of one test never reaches another test's handler.
const greetJob = (n: number) =>
  defineJob(`test.greet${n}`, z.object({ name: z.string(), times: z.number().int() }));

beforeAll(async () => {
  database = await createTestDatabase();
}, 60_000);

afterAll(async () => {
  await database.drop();
});

beforeEach(() => {
  jobs = new Jobs(database, createLogger('silent'), { pollingIntervalSeconds: 0.5 });
  greet = greetJob(++queue);
});

afterEach(async () => {
  await jobs.stop();
});

function deferred<T = void>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe(`jobs on pg-boss 10 (${testDbKind})`, () => {
  it('creates its schema, runs a typed job and completes it', async () => {
    const seen = deferred<{ name: string; times: number }>();
    jobs.register(greet, async (data) => seen.resolve(data));
    await jobs.start();
    const installed = await sql<{
      n: number;
    }>`select count(*)::int as n from pgboss.version`.execute(database.db);
    expect(installed.rows[0]?.n).toBe(1);

    const id = await jobs.send(greet, { name: 'world', times: 2 });
    expect(id).toBeDefined();
    expect(await seen.promise).toEqual({ name: 'world', times: 2 });
    let state: string | undefined;
    for (let i = 0; i < 100 && state !== 'completed'; i++) {
      state = await jobs.stateOf(greet, id ?? '');
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(state).toBe('completed');
  });

  it('keeps its queries out of a transaction that is open at the same time', async () => {
    const done = deferred();
    jobs.register(greet, async () => done.resolve());
    await jobs.start();
    const opened = deferred();
    // If pg-boss's insert landed inside this transaction, the rollback would take the job away.
    const rolledBack = database.db
      .transaction()
      .execute(async (trx) => {
        await sql`select 1`.execute(trx);
        opened.resolve();
        await new Promise((r) => setTimeout(r, 300));
        throw new Error('roll back');
      })
      .catch(() => 'rolled back');
    await opened.promise;
    const sent = jobs.send(greet, { name: 'x', times: 1 });
    expect(await rolledBack).toBe('rolled back');
    expect(await sent).toBeDefined();
    await done.promise;
  });

  it('refuses a payload that does not match the job’s schema', async () => {
    jobs.register(greet, async () => {});
    await jobs.start();
    await expect(jobs.send(greet, { name: 'x' } as never)).rejects.toThrow();
  });

  it('refuses handlers registered twice or after start', async () => {
    jobs.register(greet, async () => {});
    expect(() => jobs.register(greet, async () => {})).toThrow(/twice/);
    await jobs.start();
    expect(() => jobs.register(defineJob('test.other', z.object({})), async () => {})).toThrow(
      /after start/,
    );
  });

  it('stops gracefully: a job in flight finishes before stop returns', async () => {
    const started = deferred();
    let finished = false;
    jobs.register(greet, async () => {
      started.resolve();
      await new Promise((r) => setTimeout(r, 500));
      finished = true;
    });
    await jobs.start();
    await jobs.send(greet, { name: 'slow', times: 1 });
    await started.promise;
    await jobs.stop();
    expect(finished).toBe(true);
  });
});
