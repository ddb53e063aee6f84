/**
 * The recorded steps of requests (rights.repository.ts), as the engine's batches write and read
 * them: `insertStepsOf` records each step once with its output (an output of null as JSON null,
 * an undefined one as no output), in the order done; `recordedStepsOf` reads them back, by name
 * only when asked (the batch's erasers and end only skip what is recorded) or only those of a
 * prefix (the confirmation tells only the erasers' outcomes).
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as repo from '../../src/rights/engine/rights.repository.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

describe('recorded steps', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('records each output as given and in order, and reads back names, outputs or a prefix', async () => {
    const db = database.db;
    const ids = [randomUUID(), randomUUID()];
    await repo.insertRequests(
      db,
      ids.map((id) => ({
        id,
        type: 'erasure',
        status: 'running',
        channel: 'staff',
        customer_id: randomUUID(),
        due_at: new Date(Date.now() + 86_400_000),
      })),
    );
    const outputs: Record<string, unknown> = {
      running: null,
      plan: { keep: [{ law: 'Accounting Act "2:10"', category: 'user.x' }], recipients: [] },
      'erase:orders': { erased: 2, kept: ['user.x'] },
      'erase:reviews': { erased: 0, kept: [] },
      'erase-held:orders': { erased: 1, kept: [] },
      confirm: undefined,
    };
    const names = Object.keys(outputs);
    await db.transaction().execute((trx) =>
      repo.insertStepsOf(
        trx,
        ids.flatMap((requestId) =>
          names.map((step, i) => ({
            requestId,
            step,
            output: outputs[step],
            agoMs: (names.length - i) * 5,
          })),
        ),
      ),
    );

    const all = await repo.recordedStepsOf(db, ids);
    for (const id of ids) {
      expect([...all.get(id)!.keys()].sort()).toEqual([...names].sort());
      expect(all.get(id)!.get('plan')).toEqual(outputs.plan);
      expect(all.get(id)!.get('erase:orders')).toEqual(outputs['erase:orders']);
    }
    // JSON null and no output are not the same record.
    const { rows } = await sql<{ step: string; is_null: boolean; kind: string | null }>`
      select step, output is null as is_null, jsonb_typeof(output) as kind
      from dsr_request_steps where request_id = ${ids[0]} and step in ('running', 'confirm')
      order by step`.execute(db);
    expect(rows).toEqual([
      { step: 'confirm', is_null: true, kind: null },
      { step: 'running', is_null: false, kind: 'null' },
    ]);
    // In the order done.
    expect((await repo.listSteps(db, ids[1]!)).map((s) => s.step)).toEqual(names);

    const byName = await repo.recordedStepsOf(db, ids, { outputs: false });
    expect([...byName.get(ids[0]!)!.keys()].sort()).toEqual([...names].sort());
    expect([...byName.get(ids[0]!)!.values()].every((v) => v === undefined)).toBe(true);

    const erased = await repo.recordedStepsOf(db, ids, { prefix: 'erase:' });
    expect([...erased.get(ids[1]!)!.keys()].sort()).toEqual(['erase:orders', 'erase:reviews']);
    expect(erased.get(ids[1]!)!.get('erase:orders')).toEqual(outputs['erase:orders']);
    // The prefix is matched as text, not as a LIKE pattern.
    expect([
      ...(await repo.recordedStepsOf(db, ids, { prefix: 'erase_' })).get(ids[0]!)!.keys(),
    ]).toEqual([]);
  });
});
