import { Kysely, sql } from 'kysely';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestDatabase,
  testDbKind,
  type TestDatabase,
} from '../../../test/support/database.ts';
import type { DB } from './schema.ts';
import { EarlyBeginDialect } from './early-begin-dialect.ts';

/** A pool of one fake `pg` client whose BEGIN replies when the test says so. */
function fakePool(begin: Promise<void>) {
  const sent: string[] = [];
  const events: string[] = [];
  let released = 0;
  const client = {
    query: async (text: string) => {
      sent.push(text);
      if (text === 'begin') await begin;
      events.push(`done ${text}`);
      return { command: text.split(' ')[0]!.toUpperCase(), rowCount: 0, rows: [] };
    },
    release: () => {
      released++;
    },
  };
  const pool = { connect: async () => client, end: async () => {} };
  const db = new Kysely<DB>({
    dialect: new EarlyBeginDialect({ pool: pool as unknown as pg.Pool }),
  });
  return { db, sent, events, released: () => released };
}

function deferred(): { promise: Promise<void>; resolve: () => void; reject: (e: Error) => void } {
  let resolve!: () => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<void>((ok, fail) => {
    resolve = ok;
    reject = fail;
  });
  return { promise, resolve, reject };
}

describe('EarlyBeginDialect (a fake pg client)', () => {
  it('starts the callback while BEGIN is on the wire, and sends nothing before its reply', async () => {
    const begin = deferred();
    const { db, sent, events } = fakePool(begin.promise);
    let started = false;
    const done = db.transaction().execute(async (trx) => {
      started = true;
      await sql`select 1`.execute(trx);
      return 'ok';
    });
    await new Promise((r) => setImmediate(r));
    expect(started).toBe(true);
    expect(sent).toEqual(['begin']);
    begin.resolve();
    await expect(done).resolves.toBe('ok');
    expect(sent).toEqual(['begin', 'select 1', 'commit']);
    expect(events).toEqual(['done begin', 'done select 1', 'done commit']);
  });

  it('after a failed BEGIN, sends none of the callback statements and rejects with its error', async () => {
    const begin = deferred();
    const { db, sent, released } = fakePool(begin.promise);
    const done = db.transaction().execute(async (trx) => {
      await sql`insert into t values (1)`.execute(trx);
    });
    begin.reject(new Error('connection lost'));
    await expect(done).rejects.toThrow('connection lost');
    expect(sent).not.toContain('insert into t values (1)');
    expect(sent).not.toContain('commit');
    // Rolled back after BEGIN settled, then released to the pool.
    expect(sent.at(-1)).toBe('rollback');
    expect(released()).toBe(1);
  });

  it('a callback that throws before its first statement rolls back after BEGIN', async () => {
    const begin = deferred();
    const { db, sent } = fakePool(begin.promise);
    const done = db.transaction().execute(async () => {
      throw new Error('refused');
    });
    setImmediate(() => begin.resolve());
    await expect(done).rejects.toThrow('refused');
    expect(sent).toEqual(['begin', 'rollback']);
  });

  it('a callback with no statement still commits after BEGIN', async () => {
    const begin = deferred();
    const { db, sent } = fakePool(begin.promise);
    const done = db.transaction().execute(async () => 7);
    setImmediate(() => begin.resolve());
    await expect(done).resolves.toBe(7);
    expect(sent).toEqual(['begin', 'commit']);
  });
});

describe(`transactions on ${testDbKind}`, () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase({ migrate: false });
    await sql`create table early_begin_t (n int)`.execute(database.db);
  });
  afterAll(() => database?.drop());

  it('runs every statement of the callback in one transaction, and a rollback undoes them', async () => {
    const ids = await database.db.transaction().execute(async (trx) => {
      const a = await sql<{ x: string }>`select txid_current()::text as x`.execute(trx);
      await sql`insert into early_begin_t values (1)`.execute(trx);
      const b = await sql<{ x: string }>`select txid_current()::text as x`.execute(trx);
      return [a.rows[0]!.x, b.rows[0]!.x];
    });
    expect(ids[0]).toBe(ids[1]);
    await expect(
      database.db.transaction().execute(async (trx) => {
        await sql`insert into early_begin_t values (2)`.execute(trx);
        throw new Error('undo');
      }),
    ).rejects.toThrow('undo');
    const { rows } = await sql<{ n: number }>`select n from early_begin_t`.execute(database.db);
    expect(rows).toEqual([{ n: 1 }]);
  });
});
