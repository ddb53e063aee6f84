/**
 * Batch erasers (`eraseMany`, used by `RequestRunner.runErasures` for a retention sweep's batch),
 * on PGlite and PostgreSQL: erasing several people together leaves the database as erasing them
 * one by one does. Two sets of people are made alike (each a customer with every kind of data
 * the store keeps, and one with a bare account); one set is erased one request at a time (`run`,
 * every module's `erase` per subject), the other together (`runErasures`). Then, person for
 * person: every module's `erase:<module>` step records the same outcome (rows erased, kept
 * categories), the requests have the same steps, each table lost as many rows, and the person's
 * identifiers are left in exactly the same places.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leftoversInDatabase, type PersonIdentifiers } from '../support/erasure-proof.ts';
import { signedInCustomer } from '../support/customers.ts';
import { createTestServices, type TestServices } from '../support/services.ts';
import { testDbKind } from '../support/database.ts';
import { createFullCustomer } from './full-customer.ts';

let services: TestServices;

beforeAll(async () => {
  services = await createTestServices();
}, 120_000);
afterAll(async () => services?.close());

interface Person {
  customerId: string;
  identifiers: PersonIdentifiers | null;
}

async function people(): Promise<Person[]> {
  const full = [await createFullCustomer(services), await createFullCustomer(services)];
  const bare = await signedInCustomer(services);
  return [...full, { customerId: bare.id, identifiers: null }];
}

/** Every table's row count (public schema). */
async function rowCounts(): Promise<Map<string, number>> {
  const db = services.database.db;
  const { rows: tables } = await sql<{ name: string }>`select table_name as name
    from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'
    order by table_name`.execute(db);
  const counts = new Map<string, number>();
  for (const { name } of tables) {
    const { rows } = await sql<{ n: string }>`select count(*) as n from ${sql.table(name)}`.execute(
      db,
    );
    counts.set(name, Number(rows[0]!.n));
  }
  return counts;
}

function lost(before: Map<string, number>, after: Map<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [table, n] of before) if (n !== after.get(table)) out[table] = n - after.get(table)!;
  for (const [table, n] of after) if (!before.has(table)) out[table] = -n;
  return out;
}

/** The request's recorded steps, with what each recorded. */
async function stepsOf(requestId: string): Promise<Map<string, unknown>> {
  expect((await services.rights.requests.get(requestId)).status).toBe('done');
  const { rows } = await sql<{ step: string; output: unknown }>`select step, output
    from dsr_request_steps where request_id = ${requestId}`.execute(services.database.db);
  return new Map(rows.map((r) => [r.step, r.output]));
}

describe(`erasers that take a batch (${testDbKind})`, () => {
  it('erasing people together leaves what erasing them one by one leaves', async () => {
    const batched = services.rights.registry.modules().filter((m) => m.eraseMany !== undefined);
    // Every module that erases anything (retention_holds' eraser does nothing).
    expect(batched.map((m) => m.name)).toEqual(
      expect.arrayContaining([
        'audit',
        'breach_notices',
        'browsing',
        'campaigns',
        'consent',
        'customer_accounts',
        'disclosures',
        'newsletter',
        'objections',
        'orders',
        'policy_notices',
        'request_details',
        'restrictions',
        'reviews',
        'rights_requests',
        'source_notices',
      ]),
    );
    // Calls to each batch eraser, and how many subjects each took: it must be used.
    const calls = new Map<string, number[]>();
    for (const m of batched) {
      const eraseMany = m.eraseMany!.bind(m);
      m.eraseMany = (db, erasures) => {
        calls.set(m.name, [...(calls.get(m.name) ?? []), erasures.length]);
        return eraseMany(db, erasures);
      };
    }

    const alone = await people();
    const together = await people();

    let before = await rowCounts();
    const aloneIds = [];
    for (const p of alone) {
      const [id] = await services.rights.requests.createErasures([p.customerId], 'staff');
      await services.rights.runner.run(id!);
      aloneIds.push(id!);
    }
    const aloneLost = lost(before, await rowCounts());
    expect(calls.size).toBe(0);

    before = await rowCounts();
    const togetherIds = await services.rights.requests.createErasures(
      together.map((p) => p.customerId),
      'staff',
    );
    await services.rights.runner.runErasures(togetherIds);
    const togetherLost = lost(before, await rowCounts());
    for (const m of batched) expect(calls.get(m.name), m.name).toEqual([together.length]);

    // The tables lost as many rows (the requests' own rows, steps and mails included).
    expect(togetherLost).toEqual(aloneLost);
    expect(aloneLost.customers).toBe(alone.length);

    // createErasures returns the requests in the order of the customers given.
    for (const [i, p] of together.entries()) {
      const [a, t] = [await stepsOf(aloneIds[i]!), await stepsOf(togetherIds[i]!)];
      expect([...t.keys()].sort()).toEqual([...a.keys()].sort());
      for (const m of services.rights.registry.modules()) {
        const step = `erase:${m.name}`;
        expect(Array.isArray((a.get(step) as { kept?: unknown }).kept), step).toBe(true);
        expect(t.get(step), `${step} of person ${i}`).toEqual(a.get(step));
      }
      // Something was erased by the batch erasers, not only nothing on both sides.
      if (p.identifiers) {
        const erased = batched.map((m) => (t.get(`erase:${m.name}`) as { erased: number }).erased);
        expect(erased.filter((n) => n > 0).length).toBeGreaterThanOrEqual(5);
        const db = services.database.db;
        const leftAlone = await leftoversInDatabase(db, alone[i]!.identifiers!);
        expect(await leftoversInDatabase(db, p.identifiers)).toEqual(leftAlone);
      }
    }
  }, 300_000);
});
