import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.ts';
import { createVault, VaultError } from './vault.ts';

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

  it('refuses subjects that are not part of the draft', () => {
    const vault = createVault({ masterKey: randomBytes(32) });
    const draft = vault.draftSubjects([randomUUID()]);
    expect(() => draft.sealMany(randomUUID(), 'profile', { email: 'x' })).toThrow(VaultError);
  });
});
