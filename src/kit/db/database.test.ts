import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestDatabase,
  testDbKind,
  type TestDatabase,
} from '../../../test/support/database.ts';
import { parseInt8, sessionOptions } from './database.ts';

describe(`database on ${testDbKind}`, () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database?.drop());

  it('returns the same JavaScript types from both drivers', async () => {
    const { rows } = await sql<{
      i8: number;
      i4: number;
      num: string;
      doc: unknown;
      at: Date;
      day: string;
    }>`select 9007199254740991::int8 as i8, 7::int4 as i4, 12.50::numeric(10,2) as num,
        '{"a":[1,"x"]}'::jsonb as doc, '2021-06-08T12:00:00Z'::timestamptz as at, '2021-06-08'::date as day`.execute(
      database.db,
    );
    expect(rows[0]).toEqual({
      i8: 9007199254740991,
      i4: 7,
      num: '12.50',
      doc: { a: [1, 'x'] },
      at: new Date('2021-06-08T12:00:00Z'),
      day: '2021-06-08',
    });
  });

  // PGlite has no JIT provider: its `jit` setting changes nothing.
  it.runIf(testDbKind === 'postgres')(
    'runs the app’s PostgreSQL sessions without JIT',
    async () => {
      const { rows } = await sql<{ jit: string }>`select current_setting('jit') as jit`.execute(
        database.db,
      );
      expect(rows[0]!.jit).toBe('off');
    },
  );

  it('leaves JIT to the URL when it gives session options', () => {
    expect(sessionOptions('postgres://u@h:5432/db')).toEqual({ options: '-c jit=off' });
    expect(sessionOptions('postgres://u@h:5432/db?options=-c%20jit%3Don')).toEqual({});
  });

  it('refuses to round an int8 beyond 2^53 instead of returning a wrong number', async () => {
    await expect(sql`select 9007199254740993::int8 as big`.execute(database.db)).rejects.toThrow(
      /exceeds 2\^53/,
    );
    expect(() => parseInt8('9007199254740993')).toThrow(RangeError);
  });

  it('keeps a transaction whole: a failure inside rolls everything back', async () => {
    await sql`create table tx_probe (n int primary key)`.execute(database.db);
    await expect(
      database.db.transaction().execute(async (trx) => {
        await sql`insert into tx_probe values (1)`.execute(trx);
        await sql`insert into tx_probe values (1)`.execute(trx);
      }),
    ).rejects.toThrow();
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from tx_probe`.execute(
      database.db,
    );
    expect(rows[0]?.n).toBe(0);
  });

  it('does not let raw job queries interleave with a running transaction', async () => {
    await sql`create table interleave_probe (n int)`.execute(database.db);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const trx = database.db.transaction().execute(async (t) => {
      await sql`insert into interleave_probe values (1)`.execute(t);
      await gate;
      throw new Error('roll back');
    });
    // A raw statement issued while the transaction is open must not become part of it.
    const outside = database.executeSql('insert into interleave_probe values ($1)', [2]);
    release();
    await expect(trx).rejects.toThrow('roll back');
    await outside;
    const { rows } = await sql<{ n: number }>`select n from interleave_probe order by n`.execute(
      database.db,
    );
    expect(rows.map((r) => r.n)).toEqual([2]);
  });
});
