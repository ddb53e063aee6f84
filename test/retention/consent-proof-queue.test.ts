/**
 * The consent-proof sweep's run queue (migration 0231), on PGlite and PostgreSQL: a run works out
 * its due records once, in its first batch, and its later batches take them from the queue.
 *
 * - A run stopped after its first batch leaves the rest queued; the next run ends exactly the
 *   rest: every due record once, never the choice in force, a young record or a held one.
 * - The queue is a hint, never the word: what is written or changed after the queue was filled
 *   is judged by the ledger as it is when the batch runs. An erasure's unlink makes a customer's
 *   queued records each the choice in force (kept); a record backdated into a chain after the
 *   fill makes its predecessor due for the next run, not this one.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RetentionSweeps } from '../../src/core/retention-sweeps.ts';
import { createLogger } from '../../src/kit/log.ts';
import { HoldService } from '../../src/retention/holds.service.ts';
import { RetentionRunner } from '../../src/retention/retention-runner.ts';
import { activeHolds } from '../../src/retention/retention.repository.ts';
import { testDbKind } from '../support/database.ts';
import { createTestServices, type TestServices } from '../support/services.ts';

const NOW = new Date('2030-01-01T00:00:00Z');
/** Replaced over 3 years before NOW: due. */
const OLD = (i: number) => new Date(Date.parse('2025-01-01T00:00:00Z') + i * 3_600_000);
/** Replaced within 3 years: young. */
const YOUNG = new Date('2028-06-01T00:00:00Z');

let services: TestServices;
let holds: HoldService;

beforeAll(async () => {
  services = await createTestServices({}, { now: () => NOW });
  holds = new HoldService({ database: services.database, vault: services.vault, now: () => NOW });
}, 60_000);
afterAll(async () => services.close());

const db = () => services.database.db;

/**
 * A newsletter consent (a channel's, which never lapses, so only a later choice ends it), or with
 * `cookies` a cookie choice, which also ends when it lapses after `consent.renewAfter`.
 */
async function record(
  visitor: string | null,
  at: Date,
  customer?: string,
  cookies = false,
): Promise<string> {
  const id = randomUUID();
  const decisions = cookies ? { analytics: true, marketing: false } : { newsletter: true };
  await sql`insert into consent_records
    (id, visitor_id, decided_at, policy_version, text_hash, decisions, gpc, dnt, explicit, source, lang)
    values (${id}, ${visitor}, ${at}, 1, null, ${JSON.stringify(decisions)},
      false, false, true, 'banner', 'en')`.execute(db());
  if (customer) {
    await sql`insert into consent_customer_links (record_id, customer_id)
      values (${id}, ${customer})`.execute(db());
  }
  return id;
}

async function present(ids: string[]): Promise<Set<string>> {
  const { rows } = await sql<{ id: string }>`select id::text as id from consent_records
    where id = any(${ids}::uuid[])`.execute(db());
  return new Set(rows.map((r) => r.id));
}

/** The records still queued past the run's position. */
const queued = async () =>
  Number(
    (
      await sql<{ n: string }>`select count(*) as n
        from consent_proof_queue q, consent_proof_queue_run p
        where (q.replaced_at, q.seq) > (p.after_at, p.after_seq)`.execute(db())
    ).rows[0]!.n,
  );

function runner(afterBatch?: (sweep: string, processed: number) => void) {
  const sweeps = new RetentionSweeps();
  sweeps.register(services.retention.sweeps.get('consent.proof')!);
  return new RetentionRunner({
    database: services.database,
    sweeps,
    manifest: () => services.policy.manifest,
    log: createLogger('silent'),
    now: () => NOW,
    batchSize: 3,
    afterBatch,
  });
}

describe(`the consent-proof run queue (${testDbKind})`, () => {
  it('a run stopped after its first batch is finished by the next, every due record once', async () => {
    const due: string[] = [];
    const kept: string[] = [];
    // Ten browsers whose first choice was replaced long ago (the second is in force).
    for (let i = 0; i < 10; i++) {
      const v = `v-stop-${i}`;
      due.push(await record(v, OLD(i)));
      kept.push(await record(v, OLD(i + 100)));
    }
    // A browser replaced recently (young), and a held customer's chain without a browser.
    const young = `v-stop-young`;
    kept.push(await record(young, OLD(0)), await record(young, YOUNG));
    const held = randomUUID();
    kept.push(await record(null, OLD(1), held), await record(null, OLD(2), held));
    await holds.place({
      customerId: held,
      reason: 'Dispute 2029/1',
      until: new Date('2031-01-01T00:00:00Z'),
      placedBy: 'test',
    });

    const first = await runner((_sweep, processed) => {
      if (processed >= 3) throw new Error('stopped');
    }).run({ trigger: 'test' });
    // The run's census came from its queue: the held customer's replaced record counted apart.
    expect(first.sweeps[0]).toMatchObject({ processed: 3, held: 1, errors: 1 });
    // The rest of the first run's due records wait in its queue.
    expect(await queued()).toBe(7);

    const second = await runner().run({ trigger: 'test' });
    expect(second.sweeps[0]).toMatchObject({ processed: 7, held: 1, errors: 0 });
    expect(await present(due)).toEqual(new Set());
    expect(await present(kept)).toEqual(new Set(kept));
    expect(await queued()).toBe(0);

    // Nothing left: a third run ends none.
    expect((await runner().run({ trigger: 'test' })).sweeps[0]).toMatchObject({ processed: 0 });
  });

  it('judges queued records by the ledger at the batch, not at the fill', async () => {
    const due: string[] = [];
    for (let i = 0; i < 4; i++) {
      const v = `v-late-${i}`;
      due.push(await record(v, OLD(i)));
      await record(v, OLD(i + 100));
    }
    // A customer's chain without a browser, replaced long ago: queued last (the latest anchor).
    const erased = randomUUID();
    const unlinked = await record(null, OLD(300), erased);
    await record(null, OLD(400), erased);
    // A browser whose only record is the choice in force: nothing due.
    const single = await record('v-late-single', OLD(10));

    // The runner's batches, by hand: one run (one window), each batch its own transaction.
    const sweep = services.retention.sweeps.get('consent.proof')!;
    const held = await activeHolds(db(), NOW);
    const window = (run: string) => services.retention.runner.window(sweep, NOW, held, run)!;
    const batch = (run: string) =>
      db()
        .transaction()
        .execute(async (trx) => {
          const keys = await sweep.due(trx, window(run), 3);
          expect(await sweep.end(trx, keys, window(run))).toBe(keys.length);
          return keys;
        });

    expect(await batch('run-late')).toEqual(due.slice(0, 3));
    expect(await queued()).toBe(2);
    // While the rest is queued: an erasure unlinks the customer (each of their records is now a
    // chain of its own, the choice in force), and a choice made long ago reaches the ledger late,
    // replacing the single browser's.
    await sql`delete from consent_customer_links where customer_id = ${erased}`.execute(db());
    const late = await record('v-late-single', OLD(20));

    expect(await batch('run-late')).toEqual([due[3]]);
    expect(await batch('run-late')).toEqual([]);
    expect(await present([unlinked, single, late])).toEqual(new Set([unlinked, single, late]));

    // The next run works the due set out anew: the late record made the single browser's due.
    expect(await batch('run-next')).toEqual([single]);
    expect(await present([unlinked, late])).toEqual(new Set([unlinked, late]));
  });

  it('ends a lapsed cookie choice whatever its chain: the one in force, or a customer unlinked', async () => {
    // Decided long ago and never replaced: in force until it lapsed 6 months later, so due
    // 3 years after that (2025-07 + 3 years < NOW).
    const alone = await record('v-lapsed', OLD(0), undefined, true);
    const customer = randomUUID();
    const linked = await record(null, OLD(1), customer, true);
    // Decided within the last 3.5 years: lapsed less than 3 years ago, kept.
    const recent = await record(
      'v-lapsed-recent',
      new Date('2027-01-01T00:00:00Z'),
      undefined,
      true,
    );

    const sweep = services.retention.sweeps.get('consent.proof')!;
    const held = await activeHolds(db(), NOW);
    const window = services.retention.runner.window(sweep, NOW, held, 'run-lapse')!;
    const first = await db()
      .transaction()
      .execute(async (trx) => {
        const keys = await sweep.due(trx, window, 1);
        await sweep.end(trx, keys, window);
        return keys;
      });
    expect(first).toEqual([alone]);
    // Unlinked while queued: a lapse does not depend on the chain, so it is still due.
    await sql`delete from consent_customer_links where customer_id = ${customer}`.execute(db());
    const rest = await db()
      .transaction()
      .execute(async (trx) => {
        const keys = await sweep.due(trx, window, 10);
        await sweep.end(trx, keys, window);
        return keys;
      });
    expect(rest).toEqual([linked]);
    expect(await present([alone, linked, recent])).toEqual(new Set([recent]));
  });
});
