/**
 * The consent ledger's stored replacement time (`consent_replacements`, migration 0230) against
 * the window over the ledger that the `consent.proof` sweep computed before: after concurrent
 * group-commit batches (records of one browser in several, out of time order), a customer link
 * written after its record, an erasure's unlink and the sweep's own deletions, every record's
 * stored time is the window's. Runs on PGlite and PostgreSQL; the interleaved commit needs two
 * connections (PostgreSQL only).
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  deleteRecords,
  dueRecords,
  recordCensus,
} from '../../src/consent/consent-retention.repository.ts';
import {
  insertRecords,
  unlinkCustomer,
  type RecordRow,
} from '../../src/consent/consent.repository.ts';
import type { Executor } from '../../src/core/personal-data-registry.ts';
import { createTestDatabase, testDbKind, type TestDatabase } from '../support/database.ts';

const COOKIES = { analytics: true, marketing: false };
const NEWSLETTER = { newsletter: true };
const T0 = Date.UTC(2020, 0, 1);
const at = (minutes: number) => new Date(T0 + minutes * 60_000);

function record(
  visitorId: string | null,
  customerId: string | null,
  decidedAt: Date,
  decisions: Record<string, boolean> = COOKIES,
): RecordRow {
  return {
    id: randomUUID(),
    visitorId,
    customerId,
    decidedAt,
    policyVersion: 1,
    textHash: null,
    decisions,
    gpc: false,
    dnt: false,
    explicit: true,
    source: 'banner',
    lang: 'en',
  };
}

/** Every record's replacement time as the sweep's window computed it before migration 0230. */
async function windowed(db: Executor): Promise<Record<string, string | null>> {
  const { rows } = await sql<{ id: string; replaced_at: Date | null }>`
    select cr.id::text as id, lead(cr.decided_at) over (
        partition by coalesce(cr.visitor_id, 'customer:' || l.customer_id, cr.id::text), kk.kind
        order by cr.decided_at, cr.seq
      ) as replaced_at
    from consent_records cr
    left join consent_customer_links l on l.record_id = cr.id
    cross join lateral (
      select string_agg(k, ',' order by k) as kind from jsonb_object_keys(cr.decisions) k
    ) kk`.execute(db);
  return Object.fromEntries(
    rows.map((r) => [r.id, r.replaced_at && new Date(r.replaced_at).toISOString()]),
  );
}

/** Every record's stored replacement time (null: none stored). */
async function stored(db: Executor): Promise<Record<string, string | null>> {
  const { rows } = await sql<{ id: string; replaced_at: Date | null }>`
    select cr.id::text as id, r.replaced_at from consent_records cr
    left join consent_replacements r on r.record_id = cr.id`.execute(db);
  return Object.fromEntries(
    rows.map((r) => [r.id, r.replaced_at && new Date(r.replaced_at).toISOString()]),
  );
}

describe('consent.proof: the stored replacement time equals the window', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database?.drop());

  async function expectWindow(): Promise<Record<string, string | null>> {
    const now = await stored(database.db);
    expect(now).toEqual(await windowed(database.db));
    return now;
  }

  it('after concurrent group-commit batches, records of one browser out of time order', async () => {
    // A seeded shuffle: the same batches every run.
    let state = 7;
    const rand = (n: number) => {
      state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
      return state % n;
    };
    const rows: RecordRow[] = [];
    for (let i = 0; i < 400; i += 1) {
      const visitor = rand(5) === 0 ? null : `v-${rand(12)}`;
      const customer = rand(3) === 0 ? `cust-${rand(4)}` : null;
      // Ties (the same minute) are ordered by seq, as the window orders them.
      rows.push(record(visitor, customer, at(rand(120)), rand(4) === 0 ? NEWSLETTER : COOKIES));
    }
    const batches = Array.from({ length: 16 }, (_, b) => rows.filter((_, i) => i % 16 === b));
    await Promise.all(
      batches.map((batch) => database.db.transaction().execute((trx) => insertRecords(trx, batch))),
    );
    const now = await expectWindow();
    expect(Object.values(now).filter((t) => t !== null).length).toBeGreaterThan(300);
  });

  it.skipIf(testDbKind !== 'postgres')(
    'when a batch waits for another batch of the same browser to commit',
    async () => {
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      let firstInserted!: () => void;
      const inserted = new Promise<void>((resolve) => (firstInserted = resolve));
      // The first batch holds the browser's lock until it commits; the second, with an earlier
      // record, writes meanwhile and must wait, then see the first's record.
      const first = database.db.transaction().execute(async (trx) => {
        await insertRecords(trx, [
          record('v-wait', null, at(500)),
          record('v-wait', null, at(510)),
        ]);
        firstInserted();
        await gate;
      });
      await inserted;
      const second = database.db
        .transaction()
        .execute((trx) => insertRecords(trx, [record('v-wait', null, at(505))]));
      await new Promise((resolve) => setTimeout(resolve, 200));
      release();
      await Promise.all([first, second]);
      const now = await expectWindow();
      const times = Object.values(now).filter((t) => t && t >= at(505).toISOString());
      expect(times.sort()).toEqual([at(505).toISOString(), at(510).toISOString()]);
    },
  );

  it('after a customer link written later than its record, and after an erasure unlink', async () => {
    // Records of no browser: their partition is the customer's, known only once linked.
    const unlinked = [record(null, null, at(1000)), record(null, null, at(1010))];
    await insertRecords(database.db, unlinked);
    const before = await expectWindow();
    expect(unlinked.map((r) => before[r.id])).toEqual([null, null]);

    await database.db
      .insertInto('consent_customer_links')
      .values(unlinked.map((r) => ({ record_id: r.id, customer_id: 'cust-late' })))
      .execute();
    const linked = await expectWindow();
    expect(linked[unlinked[0]!.id]).toBe(at(1010).toISOString());

    // Another record of the same customer, with its link in the same transaction.
    const third = record(null, 'cust-late', at(1005));
    await database.db.transaction().execute((trx) => insertRecords(trx, [third]));
    const three = await expectWindow();
    expect(three[unlinked[0]!.id]).toBe(at(1005).toISOString());
    expect(three[third.id]).toBe(at(1010).toISOString());

    // The erasure unlinks every record of the customer: each is alone again, never replaced.
    expect(await unlinkCustomer(database.db, 'cust-late')).toBe(3);
    const erased = await expectWindow();
    expect([...unlinked, third].map((r) => erased[r.id])).toEqual([null, null, null]);

    // An erasure of one customer of several in the earlier batches.
    await unlinkCustomer(database.db, 'cust-1');
    await expectWindow();
  });

  it('after the sweep deletes a record whose predecessor is held', async () => {
    const held = record('v-held', 'cust-held', at(2000));
    const middle = record('v-held', null, at(2010));
    const last = record('v-held', null, at(2020));
    await database.db.transaction().execute((trx) => insertRecords(trx, [held, middle, last]));
    await expectWindow();
    const holds = { customerIds: ['cust-held'], orderIds: [] };
    const boundary = at(2030);

    const census = await recordCensus(database.db, boundary, holds);
    const due = await dueRecords(database.db, boundary, holds, 10_000);
    expect(due).toContain(middle.id);
    expect(due).not.toContain(held.id);
    expect(census.due).toBe(due.length);
    expect(census.held).toBe(1);

    await database.db.transaction().execute((trx) => deleteRecords(trx, [middle.id]));
    // The held record is now replaced by the last one (the window over what is left).
    const after = await expectWindow();
    expect(after[held.id]).toBe(at(2020).toISOString());
    expect(after[middle.id]).toBeUndefined();
  });

  it('leaves the ledger append-only: no record is updated, none deleted but by the sweep', async () => {
    const { id } = await database.db
      .selectFrom('consent_records')
      .select('id')
      .executeTakeFirstOrThrow();
    await expect(
      sql`update consent_records set lang = 'fi' where id = ${id}`.execute(database.db),
    ).rejects.toThrow(/append-only/);
    await expect(
      sql`delete from consent_records where id = ${id}`.execute(database.db),
    ).rejects.toThrow(/append-only/);
    await expect(
      sql`update consent_customer_links set customer_id = 'x'`.execute(database.db),
    ).rejects.toThrow(/append-only/);
    await expectWindow();
  });
});
