/** The audit trail: appends form one chain, roll back with their transaction, refuse edits. */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditService } from '../../src/audit/audit.service.ts';
import { memoryCheckpoints } from '../../src/audit/audit-checkpoints.ts';
import { openDatabase } from '../../src/kit/db/database.ts';
import { createVault, isErased } from '../../src/kit/vault/vault.ts';
import { createTestDatabase, testDbKind, type TestDatabase } from '../support/database.ts';
import { proves } from '../support/proves.ts';

let database: TestDatabase;
let audit: AuditService;
const vault = createVault({ masterKey: Buffer.alloc(32, 7) });
const staff = { kind: 'staff', id: randomUUID() } as const;

beforeAll(async () => {
  database = await createTestDatabase();
  audit = new AuditService({ db: database.db, vault, checkpoints: memoryCheckpoints() });
}, 60_000);
afterAll(() => database?.drop());

const view = (subject: string) =>
  ({
    actor: staff,
    action: 'customer.view',
    subject,
    categories: ['user.contact.email'],
    access: 'masked',
  }) as const;

describe('audit trail', () => {
  it('appends entries 1, 2, 3… each pointing at the hash of the one before', async () => {
    await audit.record(view('pseudonym-aaaa'));
    await audit.record(view('pseudonym-bbbb'));
    const [second, first] = await audit.list({ limit: 2 });
    expect(first!.position).toBe(1);
    expect(second!.position).toBe(2);
    expect(second!.prevHash).toBe(first!.hash);
    expect(await audit.head()).toEqual({ position: 2, hash: second!.hash });
    expect((await audit.verify()).ok).toBe(true);
  });

  it('rolls back with the transaction it was recorded in', async () => {
    const before = await audit.head();
    await expect(
      database.db.transaction().execute(async (trx) => {
        await audit.record(view('pseudonym-cccc'), trx);
        throw new Error('the action failed');
      }),
    ).rejects.toThrow('the action failed');
    expect(await audit.head()).toEqual(before);
    expect(await audit.list({ subject: 'pseudonym-cccc' })).toEqual([]);
  });

  it('forms one chain from many concurrent appends', async () => {
    const before = (await audit.head()).position;
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        audit.record(view(`pseudonym-c${String(i).padStart(4, '0')}`)),
      ),
    );
    expect((await audit.head()).position).toBe(before + 40);
    expect(await audit.verify()).toMatchObject({ ok: true, entries: before + 40 });
  });

  it.skipIf(testDbKind !== 'postgres')(
    'forms one chain from two processes (two connection pools) appending at once',
    async () => {
      const other = await openDatabase({ url: database.url });
      try {
        const second = new AuditService({ db: other.db, vault });
        const before = (await audit.head()).position;
        await Promise.all(
          Array.from({ length: 30 }, (_, i) =>
            (i % 2 ? audit : second).record(view(`pseudonym-p${String(i).padStart(4, '0')}`)),
          ),
        );
        expect((await audit.head()).position).toBe(before + 30);
        expect((await audit.verify()).ok).toBe(true);
      } finally {
        await other.close();
      }
    },
  );

  it(
    'refuses UPDATE, DELETE and TRUNCATE in the database itself',
    proves('security:audit_log'),
    async () => {
      await expect(
        sql`update audit_log set action = 'x.y' where position = 1`.execute(database.db),
      ).rejects.toThrow(/append-only/);
      await expect(
        sql`delete from audit_log where position = 1`.execute(database.db),
      ).rejects.toThrow(/append-only/);
      await expect(sql`truncate audit_log`.execute(database.db)).rejects.toThrow(/append-only/);
      await expect(sql`update audit_head set position = 1`.execute(database.db)).rejects.toThrow(
        /only moves forward/,
      );
    },
  );

  it('seals a typed reason: not in the table, readable through the vault', async () => {
    const customerId = randomUUID();
    const pseudonym = await vault.pseudonym(database.db, customerId);
    await audit.record({
      ...view(pseudonym),
      action: 'customer.reveal',
      access: 'revealed',
      reason: 'Aino Virtanen called about order 1042',
    });
    const { rows } = await sql<Record<string, unknown>>`select * from audit_log`.execute(
      database.db,
    );
    expect(JSON.stringify(rows)).not.toMatch(/Aino|Virtanen|called/);
    const [entry] = await audit.list({ subject: pseudonym });
    expect(entry!.reasonSealed).toMatch(/^s:/);
    expect(await audit.openReason(entry!)).toBe('Aino Virtanen called about order 1042');
    // Erasing the person's profile key erases the reason; the chain stays intact.
    await vault.shred(database.db, customerId, 'profile');
    expect(isErased(await audit.openReason(entry!))).toBe(true);
    expect((await audit.verify()).ok).toBe(true);
  });

  it('refuses events that would put personal data in clear', async () => {
    await expect(audit.record({ ...view('aino@example.fi') })).rejects.toThrow(/pseudonym/);
    await expect(
      audit.record({ actor: { kind: 'customer', id: 'aino@example.fi' }, action: 'x.y' }),
    ).rejects.toThrow(/actor/);
    await expect(
      audit.record({ ...view('pseudonym-dddd'), detail: { note: 'mail aino@example.fi' } }),
    ).rejects.toThrow(/free text/);
    await expect(
      new AuditService({ db: database.db }).record({ ...view('pseudonym-eeee'), reason: 'x' }),
    ).rejects.toThrow(/vault/);
  });

  it('checkpoints the head only when it moved', async () => {
    const first = await audit.checkpoint();
    expect(first).toMatchObject(await audit.head());
    expect(await audit.checkpoint()).toBeUndefined();
    await audit.record(view('pseudonym-ffff'));
    expect((await audit.checkpoint())?.position).toBe(first!.position + 1);
  });
});
