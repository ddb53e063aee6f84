import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.ts';
import { createVault, ERASED, VaultError, type VaultDb } from './vault.ts';
import { withNewKeys } from './vault.repository.ts';

describe('vault.draftSubjects (bulk loads)', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
  });

  afterAll(async () => {
    await database.drop();
  });

  it('seals with keys that open once their rows are written, and writes nothing itself', async () => {
    const db = database.db;
    const vault = createVault({ masterKey: randomBytes(32) });
    const [a, b] = [randomUUID(), randomUUID()];
    const draft = vault.draftSubjects([a, b], [b]);
    expect(draft.keys.map((k) => [k.subject_id, k.scope])).toEqual([
      [a, 'profile'],
      [a, 'accounting'],
      [b, 'profile'],
      [b, 'accounting'],
    ]);
    expect(new Set(draft.keys.map((k) => k.key_id)).size).toBe(4);
    const sealed = draft.sealMany(a, 'profile', { email: 'a@example.test', phone: null });
    expect(sealed.phone).toBeNull();
    expect(sealed.email).not.toContain('a@example.test');
    expect(await db.selectFrom('vault_keys').select('key_id').execute()).toEqual([]);

    await db.insertInto('vault_keys').values(draft.keys).execute();
    await db.insertInto('vault_pseudonyms').values(draft.pseudonyms).execute();
    // The draft cached nothing: the vault reads the keys it just saw written from the database.
    expect(await vault.openMany(db, a, 'profile', sealed)).toEqual({
      email: 'a@example.test',
      phone: null,
    });
    expect(await vault.existingPseudonym(db, b)).toBe(draft.pseudonyms[0]!.pseudonym);
    expect(await vault.existingPseudonym(db, a)).toBeUndefined();
    // Bound to subject, scope and field like any sealed value.
    await expect(vault.open(db, b, 'profile', sealed.email!, 'email')).rejects.toThrow();
    await expect(vault.open(db, a, 'profile', sealed.email!, 'name')).rejects.toThrow();
  });

  it('seals records that open as the vault seals them, bound to subject and record name', async () => {
    const db = database.db;
    const vault = createVault({ masterKey: randomBytes(32) });
    const [a, b] = [randomUUID(), randomUUID()];
    const draft = vault.draftSubjects([a, b]);
    const record = draft.sealRecord(a, 'profile', 'customer_profile', {
      email: 'r@example.test',
      phone: null,
    });
    expect(record).toMatch(/^v2\./);
    expect(record).not.toContain('r@example.test');
    await db.insertInto('vault_keys').values(draft.keys).execute();
    expect(
      await vault.openRecord(db, a, 'profile', 'customer_profile', record, ['email', 'phone']),
    ).toEqual({ email: 'r@example.test', phone: null });
    await expect(
      vault.openRecord(db, a, 'profile', 'order_contact', record, ['email']),
    ).rejects.toThrow();
    await expect(
      vault.openRecord(db, b, 'profile', 'customer_profile', record, ['email']),
    ).rejects.toThrow();
  });

  it('refuses subjects that are not part of the draft', () => {
    const vault = createVault({ masterKey: randomBytes(32) });
    const draft = vault.draftSubjects([randomUUID()]);
    expect(() => draft.sealMany(randomUUID(), 'profile', { email: 'x' })).toThrow(VaultError);
    expect(() => draft.sealRecord(randomUUID(), 'profile', 'r', { email: 'x' })).toThrow(
      VaultError,
    );
  });
});

describe('vault.newSubjectKeys (a create in one statement)', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
  });

  afterAll(async () => {
    await database.drop();
  });

  const keyRows = (subject: string, db: VaultDb = database.db) =>
    db.selectFrom('vault_keys').select('key_id').where('subject_id', '=', subject);
  const link = (subject: string) => ({
    link_id: randomUUID(),
    subject_id: subject,
    pseudonym: randomUUID(),
  });

  it('seals without a key statement; the keys go in with the caller’s row and open after commit', async () => {
    const db = database.db;
    const masterKey = randomBytes(32);
    const vault = createVault({ masterKey });
    const subject = randomUUID();
    const sealed = await db.transaction().execute(async (trx) => {
      const keys = vault.newSubjectKeys(trx, subject);
      expect(keys.map((k) => k.scope)).toEqual(['profile', 'accounting']);
      const profile = await vault.sealRecord(trx, subject, 'profile', 'customer', {
        email: 'new@example.test',
      });
      const code = await vault.seal(trx, subject, 'accounting', '131052-308T', 'identity_code');
      // Sealing wrote nothing: the keys exist only in the caller's statement below.
      expect(await keyRows(subject, trx).execute()).toEqual([]);
      await withNewKeys(trx, keys).insertInto('vault_pseudonyms').values(link(subject)).execute();
      expect(await keyRows(subject, trx).execute()).toHaveLength(2);
      return { profile, code };
    });
    // Another process (a fresh vault) reads the keys from the database.
    const other = createVault({ masterKey });
    expect(
      await other.openRecord(db, subject, 'profile', 'customer', sealed.profile, ['email']),
    ).toEqual({ email: 'new@example.test' });
    expect(await vault.open(db, subject, 'accounting', sealed.code, 'identity_code')).toBe(
      '131052-308T',
    );
    // Shredding works on these keys as on any: the profile is erased, accounting stays.
    await vault.shred(db, subject, 'profile');
    const afterShred = createVault({ masterKey });
    expect(
      await afterShred.openRecord(db, subject, 'profile', 'customer', sealed.profile, ['email']),
    ).toEqual({ email: ERASED });
    expect(await afterShred.open(db, subject, 'accounting', sealed.code, 'identity_code')).toBe(
      '131052-308T',
    );
  });

  it('leaves no key behind a rollback, and does not seal with the rolled-back key afterwards', async () => {
    const db = database.db;
    const vault = createVault({ masterKey: randomBytes(32) });
    const subject = randomUUID();
    let rolledBack = '';
    await expect(
      db.transaction().execute(async (trx) => {
        const keys = vault.newSubjectKeys(trx, subject);
        rolledBack = await vault.seal(trx, subject, 'profile', 'gone', 'note');
        await withNewKeys(trx, keys).insertInto('vault_pseudonyms').values(link(subject)).execute();
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    expect(await keyRows(subject).execute()).toEqual([]);
    // A later seal makes and writes a key of its own, which a fresh vault can open.
    const later = await vault.seal(db, subject, 'profile', 'kept', 'note');
    expect(later.split('.')[1]).not.toBe(rolledBack.split('.')[1]);
    expect(await keyRows(subject).execute()).toHaveLength(2);
    expect(await vault.open(db, subject, 'profile', later, 'note')).toBe('kept');
  });

  it('fails the statement, not the data, for a subject that already has keys', async () => {
    const db = database.db;
    const vault = createVault({ masterKey: randomBytes(32) });
    const subject = randomUUID();
    const first = await vault.seal(db, subject, 'profile', 'first', 'note');
    await expect(
      db.transaction().execute(async (trx) => {
        const keys = vault.newSubjectKeys(trx, subject);
        await withNewKeys(trx, keys).insertInto('vault_pseudonyms').values(link(subject)).execute();
      }),
    ).rejects.toThrow();
    expect(await keyRows(subject).execute()).toHaveLength(2);
    expect(await vault.open(db, subject, 'profile', first, 'note')).toBe('first');
    expect(await vault.existingPseudonym(db, subject)).toBeUndefined();
  });

  it('is refused outside a transaction', () => {
    const vault = createVault({ masterKey: randomBytes(32) });
    expect(() => vault.newSubjectKeys(database.db, randomUUID())).toThrow(VaultError);
  });
});
