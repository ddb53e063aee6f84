import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/app/cli.ts';
import { openProfile } from '../../src/customers/customer-profile.ts';
import { verifyPassword } from '../../src/customers/sign-in/password.ts';
import { DEMO_CUSTOMERS, seedDemoOnce, seedDeps } from '../../src/seed/demo-seed.ts';
import { DEMO_PASSWORD, seedCustomers } from '../../src/seed/seed.service.ts';
import { createTestServices, type TestServices } from '../support/services.ts';
import { foundInClear, readAllTablesAsText } from '../support/tables-as-text.ts';

async function people(services: TestServices) {
  const db = services.database.db;
  const rows = await db.selectFrom('customers').selectAll().orderBy('id').execute();
  const out = [];
  for (const row of rows) {
    const p = await openProfile(services.vault, db, row);
    out.push({ id: row.id, ...p });
  }
  return out;
}

describe('custodian seed', () => {
  let a: TestServices;
  let b: TestServices;

  beforeAll(async () => {
    [a, b] = await Promise.all([createTestServices(), createTestServices()]);
  });

  afterAll(async () => {
    await Promise.all([a.close(), b.close()]);
  });

  it('is deterministic: the same seed gives the same people in two databases', async () => {
    const first = await seedCustomers(seedDeps(a), { customers: 12, seed: 7, batchSize: 5 });
    const second = await seedCustomers(seedDeps(b), { customers: 12, seed: 7, batchSize: 4 });
    expect(first.created).toBe(12);
    expect(second.created).toBe(12);
    const pa = await people(a);
    expect(pa).toEqual(await people(b));
    expect(new Set(pa.map((p) => p.email)).size).toBe(12);
  });

  it('is idempotent and extends: a re-run skips existing customers, a larger N adds the rest', async () => {
    const again = await seedCustomers(seedDeps(a), { customers: 12, seed: 7 });
    expect(again).toMatchObject({ created: 0, skipped: 12, rows: 0 });
    const more = await seedCustomers(seedDeps(a), { customers: 15, seed: 7 });
    expect(more.created).toBe(3);
    expect(more.skipped).toBe(12);
    const other = await seedCustomers(seedDeps(b), { customers: 3, seed: 8 });
    expect(other.created).toBe(3);
    const emails = (await people(b)).map((p) => p.email);
    expect(new Set(emails).size).toBe(15);
  });

  it('keeps the vault and consent promises in the data it creates', async () => {
    const db = a.database.db;
    const all = await people(a);
    const { text } = await readAllTablesAsText(db);
    expect(
      foundInClear(
        text,
        all.map((p) => String(p.email)),
      ),
    ).toEqual([]);
    const row = await db.selectFrom('customers').select('password_hash').executeTakeFirstOrThrow();
    expect(await verifyPassword(row.password_hash!, DEMO_PASSWORD)).toBe(true);

    const pseudonyms = await db
      .selectFrom('browsing_events')
      .select('visitor_id')
      .distinct()
      .execute();
    expect(pseudonyms.length).toBeGreaterThan(0);
    for (const { visitor_id } of pseudonyms) {
      const customerId = await a.vault.subjectOfPseudonym(db, visitor_id);
      expect(customerId).toBeDefined();
      expect(await a.consent.allows({ customerId }, 'analytics')).toBe(true);
    }
    const subs = await db.selectFrom('newsletter_subscriptions').selectAll().execute();
    for (const s of subs) {
      expect(
        await a.consent.allows({ visitorId: s.id, customerId: s.customer_id! }, 'newsletter'),
      ).toBe(true);
    }
  });

  it('seeds the start-up demo set once, and never into a store that has other customers', async () => {
    const fresh = await createTestServices();
    try {
      const signIns = await seedDemoOnce(fresh);
      expect(signIns).toHaveLength(3);
      expect((await people(fresh)).length).toBe(DEMO_CUSTOMERS);
      expect(await seedDemoOnce(fresh)).toEqual(signIns);
      expect((await people(fresh)).length).toBe(DEMO_CUSTOMERS);
      expect((await people(fresh)).map((p) => p.email)).toContain(signIns[0]!.email);
    } finally {
      await fresh.close();
    }
    expect(await seedDemoOnce(b)).toEqual([]);
  });

  it('refuses bad options with exit code 2', async () => {
    expect(await runCli(['seed', '--customers', 'many'])).toBe(2);
    expect(await runCli(['seed', '--customers', '0'])).toBe(2);
    expect(await runCli(['seed'])).toBe(2);
  });
});
