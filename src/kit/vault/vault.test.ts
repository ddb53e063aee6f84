import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.ts';
import { memoryShredLedger } from './shred-ledger.ts';
import {
  createVault,
  ERASED,
  isErased,
  normaliseEmail,
  VaultIntegrityError,
  VaultMasterKeyError,
} from './vault.ts';
import { proves } from '../../../test/support/proves.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.drop();
});

const key = () => randomBytes(32);

function newVault(options: Partial<Parameters<typeof createVault>[0]> = {}) {
  return createVault({ masterKey: key(), indexKey: key(), ...options });
}

describe('vault round trips', () => {
  it('seals and opens single fields and records, keeping nulls', async () => {
    const vault = newVault();
    const subject = randomUUID();
    const sealed = await vault.seal(database.db, subject, 'profile', 'Åsa Öberg', 'name');
    expect(sealed).not.toContain('Åsa');
    expect(await vault.open(database.db, subject, 'profile', sealed, 'name')).toBe('Åsa Öberg');

    const many = await vault.sealMany(database.db, subject, 'profile', {
      email: 'asa@example.fi',
      phone: null,
      address: 'Mannerheimintie 1, 00100 Helsinki',
    });
    expect(many.phone).toBeNull();
    expect(await vault.openMany(database.db, subject, 'profile', many)).toEqual({
      email: 'asa@example.fi',
      phone: null,
      address: 'Mannerheimintie 1, 00100 Helsinki',
    });
  });

  it(
    'seals the same plaintext differently each time (random IV)',
    proves('security:encryption'),
    async () => {
      const vault = newVault();
      const subject = randomUUID();
      const a = await vault.seal(database.db, subject, 'profile', 'same');
      const b = await vault.seal(database.db, subject, 'profile', 'same');
      expect(a).not.toBe(b);
    },
  );

  it('a second vault instance with the same keys reads what the first sealed', async () => {
    const masterKey = key();
    const indexKey = key();
    const subject = randomUUID();
    const sealed = await createVault({ masterKey, indexKey }).seal(
      database.db,
      subject,
      'accounting',
      '131052-308T',
      'identity_code',
    );
    const other = createVault({ masterKey, indexKey });
    expect(await other.open(database.db, subject, 'accounting', sealed, 'identity_code')).toBe(
      '131052-308T',
    );
  });

  it('works inside a caller transaction, and a rolled-back key is not reused', async () => {
    const vault = newVault();
    const subject = randomUUID();
    await expect(
      database.db.transaction().execute(async (trx) => {
        const s = await vault.seal(trx, subject, 'profile', 'x', 'f');
        expect(await vault.open(trx, subject, 'profile', s, 'f')).toBe('x');
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    const sealed = await vault.seal(database.db, subject, 'profile', 'after', 'f');
    const fresh = createVault({ masterKey: key() });
    // The key exists in the database: another vault finds it (and fails on the master key).
    await expect(fresh.open(database.db, subject, 'profile', sealed, 'f')).rejects.toThrow(
      VaultMasterKeyError,
    );
    expect(await vault.open(database.db, subject, 'profile', sealed, 'f')).toBe('after');
  });
});

describe('key cache', () => {
  const keyIdOf = (sealed: string) => sealed.split('.')[1];

  it('concurrent first seals of a new customer agree on one data key', async () => {
    const subject = randomUUID();
    const masterKey = key();
    const a = createVault({ masterKey });
    const b = createVault({ masterKey });
    const sealed = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        (i % 2 ? a : b).seal(database.db, subject, 'profile', `v${i}`),
      ),
    );
    expect(new Set(sealed.map(keyIdOf)).size).toBe(1);
    for (const [i, s] of sealed.entries()) {
      expect(await a.open(database.db, subject, 'profile', s)).toBe(`v${i}`);
    }
  });

  it("creates a customer's keys for every scope at once and reuses them within a transaction", async () => {
    const vault = newVault();
    const subject = randomUUID();
    const sealed = await database.db.transaction().execute(async (trx) => ({
      p: await vault.seal(trx, subject, 'profile', 'p'),
      a: await vault.seal(trx, subject, 'accounting', 'a'),
      p2: await vault.seal(trx, subject, 'profile', 'p2'),
    }));
    expect(keyIdOf(sealed.p)).toBe(keyIdOf(sealed.p2));
    const rows = await database.db
      .selectFrom('vault_keys')
      .select(['key_id', 'scope'])
      .where('subject_id', '=', subject)
      .orderBy('scope')
      .execute();
    expect(rows.map((r) => r.scope)).toEqual(['accounting', 'profile']);
    expect(rows.find((r) => r.scope === 'accounting')?.key_id).toBe(keyIdOf(sealed.a));
    expect(await vault.open(database.db, subject, 'profile', sealed.p2)).toBe('p2');
    expect(keyIdOf(await vault.seal(database.db, subject, 'profile', 'later'))).toBe(
      keyIdOf(sealed.p),
    );
  });

  it('keeps working when the cache is smaller than the working set', async () => {
    const vault = newVault({ maxCachedKeys: 3 });
    const subjects = Array.from({ length: 8 }, () => randomUUID());
    const sealed = [];
    for (const s of subjects) sealed.push(await vault.seal(database.db, s, 'profile', s));
    for (const [i, s] of subjects.entries()) {
      expect(await vault.open(database.db, s, 'profile', sealed[i]!)).toBe(s);
    }
  });
});

describe('binding and tampering', () => {
  it('refuses a ciphertext moved to another customer, scope or field', async () => {
    const vault = newVault();
    const alice = randomUUID();
    const bob = randomUUID();
    await vault.seal(database.db, bob, 'profile', 'bob', 'name');
    const sealed = await vault.seal(database.db, alice, 'profile', 'alice@example.fi', 'email');
    await expect(vault.open(database.db, bob, 'profile', sealed, 'email')).rejects.toThrow(
      VaultIntegrityError,
    );
    await expect(vault.open(database.db, alice, 'accounting', sealed, 'email')).rejects.toThrow(
      VaultIntegrityError,
    );
    await expect(vault.open(database.db, alice, 'profile', sealed, 'name')).rejects.toThrow(
      VaultIntegrityError,
    );
  });

  it('reports a tampered ciphertext as an integrity error, never as garbage', async () => {
    const vault = newVault();
    const subject = randomUUID();
    const sealed = await vault.seal(database.db, subject, 'profile', 'secret value', 'f');
    const [v, keyId, iv, payload] = sealed.split('.') as [string, string, string, string];
    const bytes = Buffer.from(payload, 'base64url');
    bytes[0] = bytes[0]! ^ 0x01;
    const flipped = [v, keyId, iv, bytes.toString('base64url')].join('.');
    await expect(vault.open(database.db, subject, 'profile', flipped, 'f')).rejects.toThrow(
      /integrity check/,
    );
    const otherIv = [v, keyId, randomBytes(12).toString('base64url'), payload].join('.');
    await expect(vault.open(database.db, subject, 'profile', otherIv, 'f')).rejects.toThrow(
      VaultIntegrityError,
    );
    await expect(vault.open(database.db, subject, 'profile', 'plain text', 'f')).rejects.toThrow(
      /not a sealed vault field/,
    );
    const unknownKey = [v, randomBytes(16).toString('base64url'), iv, payload].join('.');
    await expect(vault.open(database.db, subject, 'profile', unknownKey, 'f')).rejects.toThrow(
      /never existed/,
    );
  });

  it('refuses every malformed shape of a sealed value as an integrity error', async () => {
    const vault = newVault();
    const subject = randomUUID();
    const sealed = await vault.seal(database.db, subject, 'profile', 'secret value', 'f');
    const record = await vault.sealRecord(database.db, subject, 'profile', 'r', { f: 'secret' });
    const [v, keyId, iv, payload] = sealed.split('.') as [string, string, string, string];
    const shapes = [
      '',
      'v1',
      'v1.',
      `v1..${iv}.${payload}`,
      `v1.${keyId}..${payload}`,
      `v1.${keyId}.${iv}.`,
      `v1.${keyId}.${iv}.${payload}.x`,
      `v10.${keyId}.${iv}.${payload}`,
      `${v}.${keyId}.${iv}`,
      // IVs of the wrong length, and one of the right length with a character base64 lacks
      // (the decoder skips it, so IV and payload must not be decoded as one and shifted).
      `${v}.${keyId}.${iv.slice(1)}.${payload}`,
      `${v}.${keyId}.${iv}AAAA.${payload}`,
      `${v}.${keyId}.${iv.slice(1)}*.${payload}`,
    ];
    for (const s of shapes) {
      await expect(vault.open(database.db, subject, 'profile', s, 'f')).rejects.toThrow(
        VaultIntegrityError,
      );
      await expect(
        vault.openRecord(database.db, subject, 'profile', 'r', s, ['f']),
      ).rejects.toThrow(VaultIntegrityError);
    }
    // The intact values still open (the same shapes, parsed the fast way).
    expect(await vault.open(database.db, subject, 'profile', sealed, 'f')).toBe('secret value');
    expect(await vault.openRecord(database.db, subject, 'profile', 'r', record, ['f'])).toEqual({
      f: 'secret',
    });
  });

  it('reports a tampered wrapped data key as an integrity error', async () => {
    const masterKey = key();
    const subject = randomUUID();
    const sealed = await newVault({ masterKey }).seal(database.db, subject, 'profile', 'v', 'f');
    const row = await database.db
      .selectFrom('vault_keys')
      .select(['key_id', 'wrapped_key'])
      .where('subject_id', '=', subject)
      .executeTakeFirstOrThrow();
    const other = await database.db
      .selectFrom('vault_keys')
      .select('wrapped_key')
      .where('subject_id', '<>', subject)
      .executeTakeFirstOrThrow();
    // Swap in another subject's wrapped key: the associated data refuses it.
    await database.db
      .updateTable('vault_keys')
      .set({ wrapped_key: other.wrapped_key })
      .where('key_id', '=', row.key_id)
      .execute();
    await expect(
      newVault({ masterKey }).open(database.db, subject, 'profile', sealed, 'f'),
    ).rejects.toThrow(VaultIntegrityError);
  });
});

describe('shredding', () => {
  it(
    'profile shred erases profile fields and leaves accounting readable; both erase all',
    proves('security:key_erasure'),
    async () => {
      const vault = newVault();
      const subject = randomUUID();
      const profile = await vault.sealMany(database.db, subject, 'profile', {
        email: 'a@example.fi',
        name: 'A',
      });
      const accounting = await vault.sealMany(database.db, subject, 'accounting', {
        identity_code: '010594Y9032',
      });
      const neighbour = randomUUID();
      const theirs = await vault.seal(database.db, neighbour, 'profile', 'n', 'name');

      await vault.shred(database.db, subject, 'profile');
      expect(await vault.openMany(database.db, subject, 'profile', profile)).toEqual({
        email: ERASED,
        name: ERASED,
      });
      expect(await vault.openMany(database.db, subject, 'accounting', accounting)).toEqual({
        identity_code: '010594Y9032',
      });
      expect(await vault.open(database.db, neighbour, 'profile', theirs, 'name')).toBe('n');

      await vault.shred(database.db, subject, 'accounting');
      const after = await vault.openMany(database.db, subject, 'accounting', accounting);
      expect(isErased(after.identity_code)).toBe(true);
      const left = await database.db
        .selectFrom('vault_keys')
        .select('key_id')
        .where('subject_id', '=', subject)
        .execute();
      expect(left).toEqual([]);
    },
  );

  it('is seen by another vault instance once its cached key expires', async () => {
    const masterKey = key();
    const subject = randomUUID();
    const a = createVault({ masterKey, cacheTtlMs: 0 });
    const b = createVault({ masterKey, cacheTtlMs: 0 });
    const sealed = await a.seal(database.db, subject, 'profile', 'x', 'f');
    expect(await b.open(database.db, subject, 'profile', sealed, 'f')).toBe('x');
    await a.shred(database.db, subject, 'profile');
    expect(await b.open(database.db, subject, 'profile', sealed, 'f')).toBe(ERASED);
  });

  it('a field sealed after a shred uses a new key; the old fields stay erased', async () => {
    const vault = newVault();
    const subject = randomUUID();
    const old = await vault.seal(database.db, subject, 'profile', 'old', 'f');
    await vault.shred(database.db, subject, 'profile');
    const fresh = await vault.seal(database.db, subject, 'profile', 'new', 'f');
    expect(await vault.open(database.db, subject, 'profile', old, 'f')).toBe(ERASED);
    expect(await vault.open(database.db, subject, 'profile', fresh, 'f')).toBe('new');
  });

  it('records the shred in the ledger apart from the database, holding no subject id', async () => {
    const ledger = memoryShredLedger();
    const vault = newVault({ ledger });
    const subject = randomUUID();
    await vault.seal(database.db, subject, 'profile', 'x');
    await vault.shred(database.db, subject, 'profile');
    const entries = await ledger.read();
    expect(entries).toHaveLength(1);
    expect(entries[0]?.op).toBe('shred-key');
    expect(JSON.stringify(entries)).not.toContain(subject);
  });
});

describe('master-key rotation', () => {
  // Its own database: rotation refuses keys wrapped by a master key it does not hold.
  let own: TestDatabase;
  beforeEach(async () => {
    own = await createTestDatabase();
  });
  afterEach(async () => {
    await own.drop();
  });

  it('every field reads afterwards; the old master key opens nothing', async () => {
    const oldKey = key();
    const indexKey = key();
    const vault = createVault({ masterKey: oldKey, indexKey });
    const subjects = Array.from({ length: 5 }, () => randomUUID());
    const sealed = new Map<string, { profile: string; accounting: string }>();
    for (const s of subjects) {
      sealed.set(s, {
        profile: await vault.seal(own.db, s, 'profile', `name of ${s}`, 'name'),
        accounting: await vault.seal(own.db, s, 'accounting', `code of ${s}`, 'code'),
      });
    }
    const indexBefore = vault.blindIndex('email', 'x@example.fi');

    const newKey = key();
    expect(await vault.rotateMasterKey(own.db, newKey)).toEqual({ rewrapped: 10 });

    const reopened = createVault({ masterKey: newKey, indexKey });
    const stale = createVault({ masterKey: oldKey, indexKey });
    for (const s of subjects) {
      const { profile, accounting } = sealed.get(s)!;
      expect(await vault.open(own.db, s, 'profile', profile, 'name')).toBe(`name of ${s}`);
      expect(await reopened.open(own.db, s, 'profile', profile, 'name')).toBe(`name of ${s}`);
      expect(await reopened.open(own.db, s, 'accounting', accounting, 'code')).toBe(`code of ${s}`);
      await expect(stale.open(own.db, s, 'profile', profile, 'name')).rejects.toThrow(
        VaultMasterKeyError,
      );
      await expect(stale.open(own.db, s, 'accounting', accounting, 'code')).rejects.toThrow(
        VaultMasterKeyError,
      );
    }
    // Even told the old key's id, the old key cannot unwrap the re-wrapped keys.
    await own.db.updateTable('vault_keys').set({ master_key_id: stale.masterKeyId }).execute();
    const [first] = subjects;
    await expect(
      stale.open(own.db, first!, 'profile', sealed.get(first!)!.profile, 'name'),
    ).rejects.toThrow(VaultIntegrityError);
    await own.db.updateTable('vault_keys').set({ master_key_id: reopened.masterKeyId }).execute();

    expect(reopened.blindIndex('email', 'x@example.fi')).toBe(indexBefore);
    // A second rotation to the same key has nothing left to do.
    expect(await reopened.rotateMasterKey(own.db, newKey)).toEqual({ rewrapped: 0 });
  });

  it('finishes an interrupted rotation with the new key given as an extra key', async () => {
    const oldKey = key();
    const newKey = key();
    const subject = randomUUID();
    const sealed = await createVault({ masterKey: oldKey }).seal(own.db, subject, 'profile', 'v');
    // Simulate half a rotation: this subject's key is already wrapped by the new master key.
    await createVault({ masterKey: oldKey }).rotateMasterKey(own.db, newKey);
    await createVault({ masterKey: newKey }).seal(own.db, randomUUID(), 'profile', 'w');
    const resuming = createVault({ masterKey: oldKey, extraMasterKeys: [newKey] });
    expect(await resuming.open(own.db, subject, 'profile', sealed)).toBe('v');
  });
});

describe('records (one AEAD per scope and row, layout v2)', () => {
  const fields = ['email', 'name', 'phone', 'note'] as const;

  it('seal into one string and open to the asked fields, keeping nulls and any character', async () => {
    const vault = newVault();
    const subject = randomUUID();
    const values = {
      email: 'åsa@example.fi',
      name: 'Åsa Öberg 🙂',
      phone: null,
      note: 'dots. and \0 nul and "quotes" and 4 bytes: 𝄞',
    };
    const sealed = await vault.sealRecord(database.db, subject, 'profile', 'customer', values);
    expect(sealed.startsWith('v2.')).toBe(true);
    expect(sealed.split('.')).toHaveLength(4);
    expect(sealed).not.toContain('example');
    expect(
      await vault.openRecord(database.db, subject, 'profile', 'customer', sealed, fields),
    ).toEqual(values);
    // A field the record never held (added to the schema later) reads as null; a null column
    // as every field null; an empty string stays an empty string.
    expect(
      await vault.openRecord(database.db, subject, 'profile', 'customer', sealed, [
        'name',
        'added_later',
      ]),
    ).toEqual({ name: 'Åsa Öberg 🙂', added_later: null });
    expect(
      await vault.openRecord(database.db, subject, 'profile', 'customer', null, ['name']),
    ).toEqual({ name: null });
    const empty = await vault.sealRecord(database.db, subject, 'profile', 'customer', { name: '' });
    expect(
      await vault.openRecord(database.db, subject, 'profile', 'customer', empty, ['name']),
    ).toEqual({ name: '' });
  });

  it('seals the same record differently each time (random IV from the pool)', async () => {
    const vault = newVault();
    const subject = randomUUID();
    const seen = new Set<string>();
    for (let i = 0; i < 600; i++) {
      seen.add(await vault.sealRecord(database.db, subject, 'profile', 'r', { name: 'same' }));
    }
    // 600 × 12 bytes of IV crosses a 4 KiB pool refill: still no IV repeats.
    expect(seen.size).toBe(600);
    expect(new Set([...seen].map((s) => s.split('.')[2])).size).toBe(600);
  });

  it('refuses a record moved to another customer, scope or record, or altered', async () => {
    const vault = newVault();
    const alice = randomUUID();
    const bob = randomUUID();
    await vault.sealRecord(database.db, bob, 'profile', 'customer', { name: 'bob' });
    const sealed = await vault.sealRecord(database.db, alice, 'profile', 'customer', {
      name: 'alice',
    });
    const open = (subject: string, scope: 'profile' | 'accounting', record: string, s: string) =>
      vault.openRecord(database.db, subject, scope, record, s, ['name']);
    await expect(open(bob, 'profile', 'customer', sealed)).rejects.toThrow(VaultIntegrityError);
    await expect(open(alice, 'accounting', 'customer', sealed)).rejects.toThrow(
      VaultIntegrityError,
    );
    await expect(open(alice, 'profile', 'address', sealed)).rejects.toThrow(/integrity check/);
    const [v, keyId, iv, payload] = sealed.split('.') as [string, string, string, string];
    const bytes = Buffer.from(payload, 'base64url');
    bytes[1] = bytes[1]! ^ 0x80;
    await expect(
      open(alice, 'profile', 'customer', [v, keyId, iv, bytes.toString('base64url')].join('.')),
    ).rejects.toThrow(/integrity check/);
    // The layouts do not stand in for each other.
    const field = await vault.seal(database.db, alice, 'profile', 'alice', 'name');
    await expect(open(alice, 'profile', 'customer', field)).rejects.toThrow(
      /not a sealed vault record/,
    );
    await expect(vault.open(database.db, alice, 'profile', sealed, 'name')).rejects.toThrow(
      /not a sealed vault field/,
    );
  });

  it(
    'shredding a scope erases its records; the other scope still reads; rotation keeps them',
    proves('security:key_erasure'),
    async () => {
      const own = await createTestDatabase();
      try {
        const masterKey = key();
        const vault = createVault({ masterKey });
        const subject = randomUUID();
        const profile = await vault.sealRecord(own.db, subject, 'profile', 'customer', {
          email: 'a@example.fi',
          name: 'A',
        });
        const accounting = await vault.sealRecord(own.db, subject, 'accounting', 'customer', {
          identity_code: '010594Y9032',
        });
        const newKey = key();
        await vault.rotateMasterKey(own.db, newKey);
        const rotated = createVault({ masterKey: newKey });
        expect(
          await rotated.openRecord(own.db, subject, 'profile', 'customer', profile, [
            'email',
            'name',
          ]),
        ).toEqual({ email: 'a@example.fi', name: 'A' });

        await rotated.shred(own.db, subject, 'profile');
        expect(
          await rotated.openRecord(own.db, subject, 'profile', 'customer', profile, [
            'email',
            'name',
          ]),
        ).toEqual({ email: ERASED, name: ERASED });
        // Another instance, with nothing cached, learns it from the ledger copy in the database.
        expect(
          await createVault({ masterKey: newKey }).openRecord(
            own.db,
            subject,
            'profile',
            'customer',
            profile,
            ['name'],
          ),
        ).toEqual({ name: ERASED });
        expect(
          await rotated.openRecord(own.db, subject, 'accounting', 'customer', accounting, [
            'identity_code',
          ]),
        ).toEqual({ identity_code: '010594Y9032' });
      } finally {
        await own.drop();
      }
    },
  );
});

describe('blind index', () => {
  it('matches normalised emails, differs by kind and by index key, keeps dots and tags', () => {
    const vault = newVault();
    expect(vault.blindIndex('email', '  Anna.Virtanen@Example.FI ')).toBe(
      vault.blindIndex('email', 'anna.virtanen@example.fi'),
    );
    expect(vault.blindIndex('email', 'annavirtanen@example.fi')).not.toBe(
      vault.blindIndex('email', 'anna.virtanen@example.fi'),
    );
    expect(vault.blindIndex('email', 'a+shop@example.fi')).not.toBe(
      vault.blindIndex('email', 'a@example.fi'),
    );
    expect(vault.blindIndex('newsletter', 'a@example.fi')).not.toBe(
      vault.blindIndex('email', 'a@example.fi'),
    );
    expect(newVault().blindIndex('email', 'a@example.fi')).not.toBe(
      vault.blindIndex('email', 'a@example.fi'),
    );
    expect(vault.blindIndex('email', 'a@example.fi')).not.toContain('example');
    expect(normaliseEmail(' X@Y.FI ')).toBe('x@y.fi');
  });

  it('never folds the century sign of an identity code', () => {
    const vault = newVault();
    expect(vault.blindIndex('identity_code', '100190-999P')).not.toBe(
      vault.blindIndex('identity_code', '100190Y999P'),
    );
  });
});

describe('pseudonyms', () => {
  it('links, resolves, and unlinks for good', async () => {
    const vault = newVault();
    const subject = randomUUID();
    const p = await vault.pseudonym(database.db, subject);
    expect(p).not.toContain(subject);
    expect(await vault.pseudonym(database.db, subject)).toBe(p);
    expect(await newVault().pseudonym(database.db, subject)).toBe(p);
    expect(await vault.subjectOfPseudonym(database.db, p)).toBe(subject);
    expect(await vault.pseudonym(database.db, randomUUID())).not.toBe(p);

    await vault.unlinkPseudonym(database.db, subject);
    expect(await vault.subjectOfPseudonym(database.db, p)).toBeUndefined();
    const next = await vault.pseudonym(database.db, subject);
    expect(next).not.toBe(p);
  });
});
