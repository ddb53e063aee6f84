/**
 * The console's chain check (`verifyRecent`) starts at the latest checkpoint or the last entry it
 * verified, so a page view checks only new entries; it still finds an edit among them and an
 * edit of the entry it starts from. An edit further back is the full `verify`'s to find: that
 * limit is asserted too, so no one mistakes the page's check for the full one.
 */
import { sql, type Transaction } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GENESIS_HASH } from '../../src/audit/audit-entry.ts';
import { memoryCheckpoints } from '../../src/audit/audit-checkpoints.ts';
import { AuditService } from '../../src/audit/audit.service.ts';
import type { DB } from '../../src/kit/db/schema.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

let database: TestDatabase;
let audit: AuditService;

beforeAll(async () => {
  database = await createTestDatabase();
}, 60_000);
afterAll(() => database?.drop());

async function tamper(fn: (trx: Transaction<DB>) => Promise<unknown>): Promise<void> {
  await database.db.transaction().execute(async (trx) => {
    await sql`alter table audit_log disable trigger all`.execute(trx);
    await fn(trx);
    await sql`alter table audit_log enable trigger all`.execute(trx);
  });
}

const add = async (n: number) => {
  for (let i = 0; i < n; i++)
    await audit.record({ actor: { kind: 'staff', id: 'staff-1' }, action: 'customer.view' });
};

/** Ten entries, checkpointed at the end; a fresh service (nothing verified in this process). */
beforeEach(async () => {
  await tamper(async (trx) => {
    await sql`delete from audit_log`.execute(trx);
    await sql`alter table audit_head disable trigger all`.execute(trx);
    await sql`update audit_head set position = 0, hash = ${GENESIS_HASH}`.execute(trx);
    await sql`alter table audit_head enable trigger all`.execute(trx);
  });
  audit = new AuditService({ db: database.db, checkpoints: memoryCheckpoints() });
  await add(10);
  await audit.checkpoint();
});

describe('verifyRecent', () => {
  it('starts at the checkpoint, then only at what is new since the last view', async () => {
    expect(await audit.verifyRecent()).toMatchObject({ ok: true, from: 10, entries: 0 });
    await add(5);
    expect(await audit.verifyRecent()).toMatchObject({
      ok: true,
      from: 10,
      entries: 5,
      head: { position: 15 },
    });
    await add(2);
    expect(await audit.verifyRecent()).toMatchObject({ ok: true, from: 15, entries: 2 });
  });

  it('finds an edit among the new entries', async () => {
    await add(5);
    await tamper((trx) =>
      sql`update audit_log set action = 'customer.reveal' where position = 13`.execute(trx),
    );
    expect((await audit.verifyRecent()).fault).toMatchObject({ position: 13, kind: 'edited' });
  });

  it('finds an edit of the entry it starts from', async () => {
    await add(3);
    await tamper((trx) =>
      sql`update audit_log set access = 'revealed' where position = 10`.execute(trx),
    );
    expect((await audit.verifyRecent()).fault).toMatchObject({ position: 10, kind: 'edited' });
  });

  it('finds the verified tail removed', async () => {
    await add(3);
    expect((await audit.verifyRecent()).ok).toBe(true);
    await tamper(async (trx) => {
      await sql`delete from audit_log where position > 11`.execute(trx);
      await sql`alter table audit_head disable trigger all`.execute(trx);
      await sql`update audit_head set position = 11, hash = (select hash from audit_log where position = 11)`.execute(
        trx,
      );
      await sql`alter table audit_head enable trigger all`.execute(trx);
    });
    expect((await audit.verifyRecent()).ok).toBe(false);
  });

  it('leaves an edit before its start to the full verify', async () => {
    await tamper((trx) =>
      sql`update audit_log set access = 'revealed' where position = 4`.execute(trx),
    );
    expect((await audit.verifyRecent()).ok).toBe(true);
    expect((await audit.verify()).fault).toMatchObject({ position: 4, kind: 'edited' });
  });
});
