/**
 * Erasures run together (`RequestRunner.runErasures`, the customer sweeps' batches), on PGlite and
 * PostgreSQL: each request ends exactly as it would run alone (the same steps, the account gone,
 * the confirmation sent and its captured address shredded); one under a legal hold is left
 * partial, as alone; a request of another type runs alone; and one request whose eraser fails
 * does not stop the others, while its own failure is still thrown.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HoldService } from '../../src/retention/holds.service.ts';
import { signedInCustomer } from '../support/customers.ts';
import { createTestServices, type TestServices } from '../support/services.ts';
import { testDbKind } from '../support/database.ts';

let services: TestServices;

beforeAll(async () => {
  services = await createTestServices();
}, 60_000);
afterAll(async () => services?.close());

const stepsOf = async (id: string) =>
  (await services.rights.requests.get(id)).steps.map((s) => s.step).sort();
const accountExists = async (id: string) =>
  (await services.database.db
    .selectFrom('customers')
    .select('id')
    .where('id', '=', id)
    .executeTakeFirst()) !== undefined;

describe(`erasures run together (${testDbKind})`, () => {
  it('end each request as it would end alone; a held one partial, another type alone', async () => {
    const alone = await signedInCustomer(services);
    const [a, b, held, asker] = [
      await signedInCustomer(services),
      await signedInCustomer(services),
      await signedInCustomer(services),
      await signedInCustomer(services),
    ];
    await new HoldService({ database: services.database, vault: services.vault }).place({
      customerId: held.id,
      reason: 'Dispute 2026/7',
      until: new Date(Date.now() + 90 * 86_400_000),
      placedBy: 'test',
    });
    // The control: one erasure run alone, as a customer's own request runs.
    const [control] = await services.rights.requests.createErasures([alone.id], 'staff');
    await services.rights.runner.run(control!);

    const ids = await services.rights.requests.createErasures([a.id, b.id, held.id], 'staff');
    const access = await services.rights.requests.create({
      type: 'access',
      channel: 'staff',
      customerId: asker.id,
      verified: true,
    });
    await services.rights.runner.runErasures([...ids, access.id]);

    const expected = await stepsOf(control!);
    expect(expected).toEqual(expect.arrayContaining(['capture', 'confirm', 'done']));
    for (const id of ids.slice(0, 2)) {
      expect((await services.rights.requests.get(id)).status).toBe('done');
      expect(await stepsOf(id)).toEqual(expected);
    }
    expect(await accountExists(a.id)).toBe(false);
    expect(await accountExists(b.id)).toBe(false);
    // Under the hold: told what is kept, the rest waits (run() does it, from the shared steps).
    const heldView = await services.rights.requests.get(ids[2]!);
    expect(heldView.status).toBe('partial');
    expect(heldView.steps.map((s) => s.step)).toEqual(expect.arrayContaining(['held', 'confirm']));
    expect((await services.rights.requests.get(access.id)).status).toBe('done');
    // Run again: nothing is done twice (every step is recorded; the table's key refuses a second).
    await services.rights.runner.runErasures(ids);
    for (const id of ids.slice(0, 2)) expect(await stepsOf(id)).toEqual(expected);
  }, 120_000);

  it('a failing eraser stops only its own request, and its error is still thrown', async () => {
    const [good, bad] = [await signedInCustomer(services), await signedInCustomer(services)];
    services.rights.registry.register({
      name: 'zz_fails_for_one',
      tables: [],
      categories: [],
      export: async () => ({}),
      erase: async (_db, s) => {
        if (s.customerId === bad.id) throw new Error('eraser down');
        return { erased: 0, kept: [] };
      },
    });
    const ids = await services.rights.requests.createErasures([good.id, bad.id], 'staff');
    await expect(services.rights.runner.runErasures(ids)).rejects.toThrow('eraser down');
    // createErasures returns the requests in the order of the accounts.
    const [goodRequest, badRequest] = ids as [string, string];
    expect((await services.rights.requests.get(goodRequest)).status).toBe('done');
    expect(await accountExists(good.id)).toBe(false);
    // The failed one stays running, its completed steps kept: a later run resumes it.
    expect((await services.rights.requests.get(badRequest)).status).toBe('running');
  }, 120_000);
});
