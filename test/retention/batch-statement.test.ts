/**
 * A sweep with `endDueSql` (its records ended, the lease renewed and the count added in one
 * statement): on PGlite and PostgreSQL, it ends every due record in batches, counted on the
 * run's record, and leaves a young one; and a batch whose lease another runner took commits
 * nothing (the records stay due, the run's record says so).
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RetentionSweeps } from '../../src/core/retention-sweeps.ts';
import { createLogger } from '../../src/kit/log.ts';
import { recordBounce } from '../../src/notify/bounces.repository.ts';
import { RetentionRunner } from '../../src/retention/retention-runner.ts';
import { testDbKind } from '../support/database.ts';
import { createTestServices, type TestServices } from '../support/services.ts';

const day = 86_400_000;
const now = new Date('2027-06-01T12:00:00Z');
const old = new Date(now.getTime() - 400 * day); // past 12 months
const young = new Date(now.getTime() - 300 * day); // within them

let s: TestServices;
beforeAll(async () => {
  s = await createTestServices();
}, 120_000);
afterAll(() => s?.close());

async function bounces(): Promise<string[]> {
  const { rows } = await sql<{ email_index: string }>`select email_index from mail_bounces
    order by email_index`.execute(s.database.db);
  return rows.map((r) => r.email_index);
}

function runnerOf(forewarn?: () => Promise<void>) {
  const bounces = s.retention.sweeps.get('notify.bounces')!;
  expect(typeof bounces.endDueSql).toBe('function');
  const sweeps = new RetentionSweeps();
  sweeps.register({
    ...bounces,
    forewarn: forewarn && (async () => (await forewarn(), 0)),
  });
  return new RetentionRunner({
    database: s.database,
    sweeps,
    manifest: () => s.policy.manifest,
    log: createLogger('silent'),
    now: () => now,
    batchSize: 2,
  });
}

describe(`a sweep ended by one statement a batch (${testDbKind})`, () => {
  it('commits nothing once its lease is taken, and ends every due record when it is not', async () => {
    const db = s.database.db;
    for (let k = 0; k < 5; k++) await recordBounce(db, `bounce-old-${k}`, old);
    await recordBounce(db, 'bounce-young', young);

    // Another runner takes the lease over before the first batch: that batch must roll back.
    const taken = await runnerOf(async () => {
      await sql`update retention_lease set holder = 'another', until = now() + interval '5 minutes'
        where id = 1`.execute(db);
    }).run({ trigger: 'test' });
    await sql`update retention_lease set holder = null, until = null where id = 1`.execute(db);
    expect(taken.status).toBe('failed');
    expect(taken.sweeps[0]).toMatchObject({ processed: 0, errors: 1 });
    expect(await bounces()).toHaveLength(6);
    const [lost] = await s.retention.lastRuns(1);
    expect(lost!.sweeps).toEqual([
      expect.objectContaining({ sweep: 'notify.bounces', processed: 0, errors: 1 }),
    ]);

    // Three batches of two (the last one short): all five old ones, counted; the young one stays.
    const done = await runnerOf().run({ trigger: 'test' });
    expect(done.status).toBe('done');
    expect(done.sweeps[0]).toMatchObject({ processed: 5, errors: 0 });
    expect(await bounces()).toEqual(['bounce-young']);
    const [run] = await s.retention.lastRuns(1);
    expect(run!.id).toBe(done.runId);
    expect(run!.sweeps).toEqual([
      expect.objectContaining({ sweep: 'notify.bounces', processed: 5, errors: 0 }),
    ]);
  });
});
