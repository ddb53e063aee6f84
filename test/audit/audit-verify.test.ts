/**
 * `audit verify` detects each tamper a superuser could make with the append-only triggers off,
 * and names the first bad position: an UPDATE, a DELETE, an INSERT in the middle, a swap of two
 * entries, truncation of the tail, and a rewrite of the whole tail that only a checkpoint catches.
 */
import { sql, type Transaction } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { entryHash, GENESIS_HASH, type ChainedEntry } from '../../src/audit/audit-entry.ts';
import { memoryCheckpoints, type CheckpointStore } from '../../src/audit/audit-checkpoints.ts';
import { AuditService } from '../../src/audit/audit.service.ts';
import * as repo from '../../src/audit/audit.repository.ts';
import type { DB } from '../../src/kit/db/schema.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { proves } from '../support/proves.ts';

let database: TestDatabase;
let checkpoints: CheckpointStore;
let audit: AuditService;

beforeAll(async () => {
  database = await createTestDatabase();
}, 60_000);
afterAll(() => database?.drop());

/** What a superuser can do: switch the triggers off, change rows, switch them on again. */
async function tamper(fn: (trx: Transaction<DB>) => Promise<unknown>): Promise<void> {
  await database.db.transaction().execute(async (trx) => {
    await sql`alter table audit_log disable trigger all`.execute(trx);
    await sql`alter table audit_head disable trigger all`.execute(trx);
    await fn(trx);
    await sql`alter table audit_log enable trigger all`.execute(trx);
    await sql`alter table audit_head enable trigger all`.execute(trx);
  });
}

/** Ten entries, checkpointed at the end. */
beforeEach(async () => {
  await tamper(async (trx) => {
    await sql`delete from audit_log`.execute(trx);
    await sql`update audit_head set position = 0, hash = ${GENESIS_HASH}`.execute(trx);
  });
  checkpoints = memoryCheckpoints();
  audit = new AuditService({ db: database.db, checkpoints });
  for (let i = 1; i <= 10; i++) {
    await audit.record({
      actor: { kind: 'staff', id: `staff-${i % 3}` },
      action: 'customer.view',
      subject: `pseudonym-${String(i).padStart(4, '0')}`,
      categories: ['user.contact.email'],
      access: 'masked',
      detail: { role: 'customer_service', n: i },
    });
  }
  await audit.checkpoint();
});

async function fault() {
  const result = await audit.verify({ batch: 3 });
  expect(result.ok).toBe(false);
  return result.fault;
}

/** A forged entry with a correct hash, as someone who knows the algorithm would make it. */
function forge(position: number, prevHash: string): ChainedEntry & { hash: string } {
  const e: ChainedEntry = {
    position,
    prevHash,
    at: new Date().toISOString(),
    actorKind: 'system',
    actorId: 'forger',
    actorStaffId: null,
    action: 'customer.view',
    subject: null,
    categories: [],
    access: null,
    outcome: null,
    reasonSealed: null,
    detail: null,
  };
  return { ...e, hash: entryHash(e) };
}

describe('audit verify', proves('security:audit_log'), () => {
  it('passes on an untouched log', async () => {
    const result = await audit.verify({ batch: 3 });
    expect(result).toMatchObject({ ok: true, entries: 10, head: { position: 10 } });
    expect(result.checkpoints).toMatchObject({ count: 1, latest: 10 });
  });

  it('names an UPDATEd entry', async () => {
    await tamper((trx) =>
      sql`update audit_log set access = 'revealed' where position = 4`.execute(trx),
    );
    expect(await fault()).toMatchObject({ position: 4, kind: 'edited' });
  });

  it('names the entry after an UPDATE whose hash was recomputed', async () => {
    const e = (await repo.entryAt(database.db, 4))!;
    const changed = { ...e, detail: { role: 'owner', n: 4 } };
    await tamper((trx) =>
      sql`update audit_log set detail = ${JSON.stringify(changed.detail)}, hash = ${entryHash(changed)}
          where position = 4`.execute(trx),
    );
    expect(await fault()).toMatchObject({ position: 5, kind: 'broken_link' });
  });

  it('names a DELETEd entry', async () => {
    await tamper((trx) => sql`delete from audit_log where position = 6`.execute(trx));
    expect(await fault()).toMatchObject({ position: 6, kind: 'missing' });
  });

  it('names the entry after one INSERTed in the middle (later ones renumbered)', async () => {
    const third = (await repo.entryAt(database.db, 3))!;
    await tamper(async (trx) => {
      // Two steps, so the primary key never sees two rows at one position.
      await sql`update audit_log set position = position + 1001 where position > 3`.execute(trx);
      await sql`update audit_log set position = position - 1000 where position > 1000`.execute(trx);
      await repo.insertEntries(trx, [forge(4, third.hash)]);
      await sql`update audit_head set position = 11`.execute(trx);
    });
    expect(await fault()).toMatchObject({ position: 5, kind: 'edited' });
  });

  it('names a naively INSERTed entry itself', async () => {
    await tamper(async (trx) => {
      await sql`update audit_log set position = position + 1001 where position > 3`.execute(trx);
      await sql`update audit_log set position = position - 1000 where position > 1000`.execute(trx);
      await repo.insertEntries(trx, [{ ...forge(4, GENESIS_HASH), hash: 'f'.repeat(64) }]);
    });
    expect(await fault()).toMatchObject({ position: 4, kind: 'edited' });
  });

  it('names the first of two swapped entries', async () => {
    await tamper(async (trx) => {
      await sql`update audit_log set position = 1007 where position = 7`.execute(trx);
      await sql`update audit_log set position = 7 where position = 8`.execute(trx);
      await sql`update audit_log set position = 8 where position = 1007`.execute(trx);
    });
    expect(await fault()).toMatchObject({ position: 7, kind: 'edited' });
  });

  it('names the first missing position when the tail is cut (head row left alone)', async () => {
    await tamper((trx) => sql`delete from audit_log where position > 7`.execute(trx));
    expect(await fault()).toMatchObject({ position: 8, kind: 'truncated' });
  });

  it('catches a cut tail with the head moved back too, through the checkpoint', async () => {
    const seventh = (await repo.entryAt(database.db, 7))!;
    await tamper(async (trx) => {
      await sql`delete from audit_log where position > 7`.execute(trx);
      await sql`update audit_head set position = 7, hash = ${seventh.hash}`.execute(trx);
    });
    const f = await fault();
    expect(f).toMatchObject({ position: 8, kind: 'truncated' });
    expect(f?.message).toMatch(/checkpoint/);
  });

  it('catches a tail rewritten consistently, through the checkpoint', async () => {
    const fifth = (await repo.entryAt(database.db, 5))!;
    await tamper(async (trx) => {
      await sql`delete from audit_log where position > 5`.execute(trx);
      let prev = fifth.hash;
      const forged = [];
      for (let p = 6; p <= 10; p++) {
        const e = forge(p, prev);
        forged.push(e);
        prev = e.hash;
      }
      await repo.insertEntries(trx, forged);
      await sql`update audit_head set hash = ${prev}`.execute(trx);
    });
    expect(await fault()).toMatchObject({ position: 10, kind: 'checkpoint_mismatch' });
  });

  it('does not take an append made while it runs for tampering', async () => {
    const verifying = audit.verify({ batch: 2 });
    await audit.record({ actor: { kind: 'system', id: 'retention' }, action: 'retention.run' });
    expect((await verifying).ok).toBe(true);
    expect((await audit.verify()).ok).toBe(true);
  });
});
