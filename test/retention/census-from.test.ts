/**
 * `censusFrom`, the census of every sweep written as a source subquery (src/core/retention-source.ts),
 * on PGlite and PostgreSQL, against the same census worked out in JavaScript over generated rows:
 * due and held counted over the expired part, and the next anchor the earliest of the rows not
 * yet expired that are neither held nor left out by the source (as a finished request under a
 * restriction is). The next anchor is read as the first row of an ordered read of the anchor's
 * index, so rows held or left out before it, ties, and a source with nothing left are generated.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { censusFrom } from '../../src/core/retention-source.ts';
import { createTestDatabase, testDbKind, type TestDatabase } from '../support/database.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase({ migrate: false });
  await sql`create table census_probe (key text primary key, anchor timestamptz not null,
    held boolean not null, left_out boolean not null)`.execute(database.db);
  await sql`create index census_probe_anchor on census_probe (anchor)`.execute(database.db);
}, 120_000);
afterAll(() => database?.drop());

// The shape of the sweeps' sources: a subquery that leaves some rows out, and says which are held.
const source = sql`(select key, anchor, held from census_probe where not left_out)`;

/** A small deterministic generator (mulberry32): the same rows on both databases. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const day = 86_400_000;
const before = new Date('2026-06-01T00:00:00Z');

describe(`censusFrom (${testDbKind})`, () => {
  it('counts due and held and finds the next anchor as the rows say, over 40 generated sources', async () => {
    const db = database.db;
    for (let seed = 1; seed <= 40; seed++) {
      const next = random(seed);
      const size = Math.floor(next() * 60);
      // Whole days around the boundary (ties likely); a run of held or left-out rows first.
      const rows = Array.from({ length: size }, (_, i) => {
        const anchor = new Date(before.getTime() + Math.floor((next() - 0.4) * 30) * day);
        const early = anchor >= before && i % 3 === 0;
        return {
          key: `r${i}`,
          anchor,
          held: next() < (early ? 0.6 : 0.2),
          left_out: next() < (early ? 0.5 : 0.15),
        };
      });
      await sql`delete from census_probe`.execute(db);
      if (rows.length > 0)
        await sql`insert into census_probe (key, anchor, held, left_out)
          select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
            as r(key text, anchor timestamptz, held boolean, left_out boolean)`.execute(db);

      const kept = rows.filter((r) => !r.left_out);
      const expired = kept.filter((r) => r.anchor < before);
      const later = kept
        .filter((r) => r.anchor >= before && !r.held)
        .map((r) => r.anchor.getTime());
      const expected = {
        due: expired.filter((r) => !r.held).length,
        held: expired.filter((r) => r.held).length,
        nextAnchor: later.length > 0 ? new Date(Math.min(...later)) : null,
      };
      expect(await censusFrom(db, source, before), `seed ${seed}`).toEqual(expected);
    }
  });
});
