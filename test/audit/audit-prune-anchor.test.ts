/**
 * The audit sweep verifies only what it cuts: from the latest cut to the first checkpoint at or
 * past the last due entry (docs/audit.md, "Retention: the cut"). These cases pin what that must
 * still refuse, on PGlite and PostgreSQL: an entry due to go whose hash was forged after the last
 * checkpoint before it (edited, its hash recomputed, so only the next entry's link shows it) is
 * never cut, whether or not a checkpoint lies past it; and an edit past that checkpoint, which
 * the sweep does not read, is left in place for the full verify to find.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entryHash } from '../../src/audit/audit-entry.ts';
import * as repo from '../../src/audit/audit.repository.ts';
import { createLogger } from '../../src/kit/log.ts';
import { RetentionRunner } from '../../src/retention/retention-runner.ts';
import { testDbKind } from '../support/database.ts';
import { clockedAudit, type ClockedAudit } from '../support/clocked-audit.ts';
import type { TestServices } from '../support/services.ts';

const day = 86_400_000;
// Real time is "old" here: whatever the services audit while the test sets up is past 12 months.
const t0 = Date.now();
const now = new Date(t0 + 400 * day);

let s: TestServices;
/** Writes into the services' chain and checkpoint file, at the test's clock. */
let audit: ClockedAudit['audit'];
let add: ClockedAudit['add'];
let positions: ClockedAudit['positions'];

beforeAll(async () => {
  const clocked = await clockedAudit();
  ({ services: s, audit, add, positions } = clocked);
}, 120_000);
afterAll(() => s?.close());

/**
 * Rewrites an entry's action with the triggers off; `rehash`: its stored hash recomputed too, as
 * a careful tamperer would. Returns the undo.
 */
async function tamper(position: number, rehash: boolean): Promise<() => Promise<void>> {
  const e = (await repo.entryAt(s.database.db, position))!;
  const forged = rehash ? entryHash({ ...e, action: 'customer.export' }) : e.hash;
  const set = async (action: string, hash: string) =>
    s.database.db.transaction().execute(async (trx) => {
      await sql`alter table audit_log disable trigger all`.execute(trx);
      await sql`update audit_log set action = ${action}, hash = ${hash}
        where position = ${position}`.execute(trx);
      await sql`alter table audit_log enable trigger all`.execute(trx);
    });
  await set('customer.export', forged);
  return () => set(e.action, e.hash);
}

async function sweep() {
  const report = await new RetentionRunner({
    database: s.database,
    sweeps: s.retention.sweeps,
    manifest: () => s.policy.manifest,
    log: createLogger('silent'),
    now: () => now,
    batchSize: 2,
  }).run({ trigger: 'test' });
  return report.sweeps.find((r) => r.sweep === 'audit.entries')!;
}

describe(`the audit sweep's verification from the latest cut (${testDbKind})`, () => {
  let old: number[];
  let young: number[];

  it('never cuts an entry forged after the last checkpoint, with no checkpoint past it', async () => {
    await add(new Date(t0), 4);
    await audit.checkpoint();
    old = await add(new Date(t0), 3);
    young = await add(new Date(t0 + 100 * day), 2);
    // The last entry due, after the checkpoint: its own hash agrees, the young entry's link not.
    const undo = await tamper(old.at(-1)!, true);
    const before = await positions();
    expect(await sweep()).toMatchObject({ processed: 0, errors: 1 });
    expect(await positions()).toEqual(before);
    await undo();
  }, 120_000);

  it('never cuts it either when a checkpoint past it anchors the entries due', async () => {
    await audit.checkpoint(); // the head: a young entry
    for (const rehash of [true, false]) {
      const undo = await tamper(old[1]!, rehash);
      const before = await positions();
      expect(await sweep()).toMatchObject({ processed: 0, errors: 1 });
      expect(await positions()).toEqual(before);
      await undo();
    }
  }, 120_000);

  it('cuts a sound chain, leaving an edit past the anchor for the full verify', async () => {
    // Young entries after the anchor (the checkpoint at young[1]); one of them edited.
    const later = await add(new Date(t0 + 100 * day), 2);
    const undo = await tamper(later[1]!, false);
    const before = await positions();
    const swept = await sweep();
    expect(swept).toMatchObject({ errors: 0 });
    expect(swept.processed).toBe(before.filter((p) => p < young[0]!).length);
    expect(await positions()).toEqual(before.filter((p) => p >= young[0]!));
    // The sweep did not read it; the full verify (`audit verify`, the run's housekeeping) does.
    expect((await s.audit.verify()).fault).toMatchObject({ position: later[1], kind: 'edited' });
    await undo();
    const result = await s.audit.verify();
    expect(result.fault).toBeUndefined();
    expect(result.cut).toMatchObject({ position: young[0]! - 1 });
  }, 120_000);
});
