/**
 * The audit log's own retention (`system_logs`, 12 months), on PGlite and PostgreSQL against an
 * injected clock: entries past the period are deleted under a cut, younger ones and those a legal
 * hold keeps stay; the chain still verifies from the cut; editing a kept entry, deleting one past
 * the cut, forging a cut in the database or dropping a held entry is found; a run stopped between
 * batches is finished by the next, each batch its own cut; a chain that fails verification is
 * never pruned.
 */
import { sql, type Transaction } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeResult } from '../../src/app/cli/audit.cli.ts';
import { verifyChain, type VerifyResult } from '../../src/audit/audit-verify.ts';
import type { DB } from '../../src/kit/db/schema.ts';
import { createLogger } from '../../src/kit/log.ts';
import { RetentionRunner } from '../../src/retention/retention-runner.ts';
import { signedInCustomer } from '../support/customers.ts';
import { testDbKind } from '../support/database.ts';
import { proves } from '../support/proves.ts';
import { clockedAudit, type ClockedAudit } from '../support/clocked-audit.ts';
import type { TestServices } from '../support/services.ts';

const day = 86_400_000;
// Real time is "old" here: whatever the services audit while the test sets up is past 12 months.
const t0 = Date.now();
const now = new Date(t0 + 400 * day);
const later = new Date(t0 + 600 * day);

let s: TestServices;
let add: ClockedAudit['add'];
let positions: ClockedAudit['positions'];

beforeAll(async () => {
  const clocked = await clockedAudit();
  ({ services: s, add, positions } = clocked);
}, 120_000);
afterAll(() => s?.close());

function runner(at: Date, afterBatch?: (sweep: string) => void) {
  return new RetentionRunner({
    database: s.database,
    sweeps: s.retention.sweeps,
    manifest: () => s.policy.manifest,
    log: createLogger('silent'),
    now: () => at,
    batchSize: 2,
    ...(afterBatch ? { afterBatch } : {}),
  });
}

/** Tampers (triggers off) and verifies inside one transaction, then rolls it all back. */
async function tampered(fn: (trx: Transaction<DB>) => Promise<unknown>): Promise<VerifyResult> {
  let result: VerifyResult | undefined;
  await s.database.db
    .transaction()
    .execute(async (trx) => {
      await sql`alter table audit_log disable trigger all`.execute(trx);
      await sql`alter table audit_cuts disable trigger all`.execute(trx);
      await fn(trx);
      result = await verifyChain(trx, { checkpoints: s.audit.checkpoints });
      throw new Error('roll back');
    })
    .catch((err: unknown) => {
      if (!(err instanceof Error && err.message === 'roll back')) throw err;
    });
  return result!;
}

describe(`the audit log's own retention (${testDbKind})`, proves('retention:system_logs'), () => {
  let young: number[];
  let held: number[];
  let gone: number[];

  it('deletes entries past 12 months under a cut, keeps younger and held ones', async () => {
    const customer = await signedInCustomer(s);
    const pseudonym = await s.vault.pseudonym(s.database.db, customer.id);
    const old = [...(await add(new Date(t0), 3)), ...(await add(new Date(t0), 1))];
    held = await add(new Date(t0), 2, pseudonym);
    old.push(...(await add(new Date(t0), 2)));
    young = await add(new Date(t0 + 100 * day), 3);
    await s.retention.holds.place({
      customerId: customer.id,
      reason: 'A dispute about a refund.',
      until: new Date(now.getTime() + 90 * day),
      placedBy: 'cli',
    });
    const before = await positions();
    // Everything before the first young entry, except what the hold keeps (entries about her).
    const about = (
      await sql<{
        p: string;
      }>`select position as p from audit_log where subject = ${pseudonym}`.execute(s.database.db)
    ).rows.map((r) => Number(r.p));
    gone = before.filter((p) => p < young[0]! && !about.includes(p));
    expect(gone).toEqual(expect.arrayContaining(old));

    const plan = await s.retention.plan(now);
    const sweep = plan
      .find((r) => r.rule === 'system_logs')!
      .sweeps.find((w) => w.sweep === 'audit.entries')!;
    expect(sweep).toMatchObject({
      due: gone.length,
      held: about.filter((p) => p < young[0]!).length,
    });

    const report = await runner(now).run({ trigger: 'test' });
    const swept = report.sweeps.find((r) => r.sweep === 'audit.entries')!;
    expect(swept).toMatchObject({ processed: gone.length, errors: 0 });
    expect(swept.held).toBeGreaterThanOrEqual(held.length);

    const after = await positions();
    expect(after).toEqual(before.filter((p) => !gone.includes(p)));
    for (const p of [...young, ...held]) expect(after).toContain(p);

    const result = await s.audit.verify();
    expect(result.fault).toBeUndefined();
    const last = Math.max(...gone);
    expect(result.cut).toMatchObject({ position: last, rule: 'system_logs' });
    expect(result.cut!.kept).toBe(after.filter((p) => p <= last).length);
    // What `custodian audit verify` prints.
    expect(describeResult(result, 0)).toContain(
      `Entries before #${last + 1} were pruned on ${now.toISOString().slice(0, 10)} under rule ` +
        `system_logs; ${result.cut!.kept} of them are kept under a legal hold.`,
    );
    expect(await s.audit.verifyRecent()).toMatchObject({ ok: true });
    // One cut per batch of two, each also a line of the checkpoint file.
    const cuts = (await s.audit.checkpoints.read()).filter((c) => c.cut);
    expect(cuts).toHaveLength(Math.ceil(gone.length / 2));
    // A second run finds nothing more to do.
    const again = await runner(now).run({ trigger: 'test' });
    expect(again.sweeps.find((r) => r.sweep === 'audit.entries')!.processed).toBe(0);
  }, 300_000);

  it('refuses a deletion no cut covers, even from the application', async () => {
    await expect(
      sql`delete from audit_log where position = ${young[0]!}`.execute(s.database.db),
    ).rejects.toThrow(/append-only/);
  });

  it('finds an edit of a kept entry after the cut', async () => {
    const r = await tampered((trx) =>
      sql`update audit_log set action = 'customer.export' where position = ${young[1]!}`.execute(
        trx,
      ),
    );
    expect(r.fault).toMatchObject({ position: young[1], kind: 'edited' });
    const island = await tampered((trx) =>
      sql`update audit_log set action = 'customer.export' where position = ${held[0]!}`.execute(
        trx,
      ),
    );
    expect(island.fault).toMatchObject({ position: held[0], kind: 'edited' });
  });

  it('finds entries deleted past the cut, with or without a forged cut', async () => {
    const cut = (await s.audit.verify()).cut!;
    const first = cut.position + 1;
    const missing = await tampered((trx) =>
      sql`delete from audit_log where position = ${first}`.execute(trx),
    );
    expect(missing.fault).toMatchObject({ position: first, kind: 'missing' });

    // Someone with the database moves the cut over the entry they deleted: its hash, the same
    // digest of kept entries, even a row that looks like the sweep's. The file has no such line.
    const forged = await tampered(async (trx) => {
      const { rows } = await sql<{
        hash: string;
      }>`select hash from audit_log where position = ${first}`.execute(trx);
      await sql`insert into audit_cuts (position, hash, at, rule, boundary, kept, kept_digest)
        select ${first}, ${rows[0]!.hash}, at, rule, boundary, kept, kept_digest
        from audit_cuts order by seq desc limit 1`.execute(trx);
      await sql`delete from audit_log where position = ${first}`.execute(trx);
    });
    expect(forged.fault).toMatchObject({ position: first, kind: 'forged_cut' });

    const dropped = await tampered((trx) =>
      sql`delete from audit_log where position = ${held[0]!}`.execute(trx),
    );
    expect(dropped.fault).toMatchObject({ position: cut.position, kind: 'cut_mismatch' });
  });

  it('finishes a run stopped between batches, and prunes held entries once the hold ends', async () => {
    // By `later` the hold has ended and the young entries are old; these stay young.
    const youngest = await add(new Date(t0 + 300 * day), 2);
    const before = await positions();
    const due = before.filter((p) => p < youngest[0]!);
    let batches = 0;
    const stopped = await runner(later, (sweep) => {
      if (sweep === 'audit.entries' && ++batches === 1) throw new Error('interrupted');
    }).run({ trigger: 'test' });
    const first = stopped.sweeps.find((r) => r.sweep === 'audit.entries')!;
    expect(first).toMatchObject({ processed: 2, errors: 1 });
    // Half done is still a sound chain: the committed batch is a cut of its own.
    expect((await s.audit.verify()).fault).toBeUndefined();

    const resumed = await runner(later).run({ trigger: 'test' });
    const second = resumed.sweeps.find((r) => r.sweep === 'audit.entries')!;
    expect(first.processed + second.processed).toBe(due.length);
    expect(await positions()).toEqual(before.filter((p) => !due.includes(p)));
    const result = await s.audit.verify();
    expect(result.fault).toBeUndefined();
    expect(result.cut).toMatchObject({ position: youngest[0]! - 1, kept: 0 });
  }, 300_000);

  it('never prunes a log that fails verification', async () => {
    const before = await positions();
    await s.database.db.transaction().execute(async (trx) => {
      await sql`alter table audit_log disable trigger all`.execute(trx);
      await sql`update audit_log set action = 'customer.export' where position = ${before.at(-1)!}`.execute(
        trx,
      );
      await sql`alter table audit_log enable trigger all`.execute(trx);
    });
    const report = await runner(new Date(t0 + 800 * day)).run({ trigger: 'test' });
    expect(report.sweeps.find((r) => r.sweep === 'audit.entries')).toMatchObject({
      processed: 0,
      errors: 1,
    });
    expect(await positions()).toEqual(before);
  }, 300_000);
});
