/**
 * The vault: every personal field of a customer is sealed here before it reaches the database.
 *
 * Envelope encryption: each subject (customer id) has one random AES-256-GCM data key per scope
 * (`profile`, erased on request; `accounting`, kept for the Accounting Act period), wrapped by the
 * master key. Shredding a scope destroys its data key and records the key id in the shred ledger,
 * so every copy of the fields, in the database or in any backup, becomes unreadable and reads as
 * {@link ERASED}. Blind indexes (keyed HMAC) allow lookups by email or identity code without the
 * plaintext, and a random pseudonym per subject stands in for it towards analytics and partners.
 *
 * @example
 *   const sealed = await vault.sealMany(db, customerId, 'profile', { email, name, phone: null });
 *   await db.insertInto('customers').values({ id: customerId, ...sealed, email_index: vault.blindIndex('email', email) });
 *   const fields = await vault.openMany(db, customerId, 'profile', row); // values may be ERASED
 *
 * Caching: unwrapped data keys are cached in memory for `cacheTtlMs` (60 s by default). A shred
 * takes effect in this process at once, and in every other process on the same PostgreSQL as soon
 * as the shred commits (a NOTIFY, `invalidations`); the TTL stays as the fallback for a process
 * whose listening connection was down, see docs/vault.md.
 */
import { createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import { KeyRing, slotOf, type CachedKey } from './key-ring.ts';
import { memoryShredLedger, type ShredLedger, type ShredLedgerEntry } from './shred-ledger.ts';
import type { Db } from './vault.repository.ts';
import * as repo from './vault.repository.ts';
import {
  deriveKey,
  fieldAad,
  hmac,
  KEY_BYTES,
  openField,
  openRecordFields,
  parseSealed,
  randomId,
  recordAad as recordAadOf,
  sealField,
  sealRecordFields,
} from './vault-crypto.ts';
import { VaultError, VaultIntegrityError } from './vault-errors.ts';
import { noInvalidations, type CacheInvalidations } from '../db/invalidations.ts';
import { forgetRead, memoRead } from '../db/read-memo.ts';

export { loadOrCreateIndexKey, loadOrCreateMasterKey, loadPendingMasterKey } from './master-key.ts';
export { VaultError, VaultIntegrityError, VaultMasterKeyError } from './vault-errors.ts';
export type { Db as VaultDb, KeyRow as VaultKeyRow } from './vault.repository.ts';

/** Key rows for {@link withNewKeys}: written with the subject's first row, never alone. */
export type VaultNewKeys = readonly repo.KeyRow[];

export const VAULT_SCOPES = ['profile', 'accounting'] as const;
export type VaultScope = (typeof VAULT_SCOPES)[number];

/** Returned instead of the plaintext when the field's data key was shredded. */
export const ERASED: unique symbol = Symbol('custodian.vault.erased');
export type Erased = typeof ERASED;
export type Opened = string | Erased;

export function isErased(value: unknown): value is Erased {
  return value === ERASED;
}

export type BlindIndexKind = 'email' | 'identity_code' | 'newsletter';

/**
 * Email addresses are compared whole, trimmed and lower-cased (Unicode NFC). Dots and `+tags`
 * are kept: only some providers ignore them, and folding them would merge different people's
 * addresses into one account.
 */
export function normaliseEmail(value: string): string {
  return value.trim().normalize('NFC').toLowerCase();
}

function normaliseForIndex(kind: BlindIndexKind, value: string): string {
  switch (kind) {
    case 'email':
    case 'newsletter':
      return normaliseEmail(value);
    case 'identity_code':
      // Never upper-case: the century sign is part of the identity (RULES.md).
      return value.trim();
  }
}

export interface VaultOptions {
  masterKey: Buffer;
  /**
   * The blind-index key, kept apart from the master key so rotating the master key leaves every
   * index unchanged. Without it, one is derived from the master key (tests only: a rotation
   * would then change the indexes of new vault instances).
   */
  indexKey?: Buffer | undefined;
  /** Master keys that may still unwrap (never wrap): the new key of an interrupted rotation. */
  extraMasterKeys?: Buffer[] | undefined;
  /** Where shreds are recorded apart from the database; in memory when absent (tests). */
  ledger?: ShredLedger | undefined;
  cacheTtlMs?: number | undefined;
  /** Cap on cached data keys (oldest dropped first). */
  maxCachedKeys?: number | undefined;
  /**
   * Tells other app processes on the same PostgreSQL of a shred or an unlinked pseudonym, and
   * hears theirs, so no process opens a field with a key another one shredded (src/kit/db).
   */
  invalidations?: CacheInvalidations | undefined;
}

/** New subjects' keys and pseudonyms to write, and their sealer ({@link Vault.draftSubjects}). */
export interface SubjectDraft {
  keys: repo.KeyRow[];
  pseudonyms: { link_id: string; subject_id: string; pseudonym: string }[];
  /** As {@link Vault.sealMany}, with the drafted keys: no database, no await. */
  sealMany<K extends string>(
    subjectId: string,
    scope: VaultScope,
    values: Record<K, string | null>,
  ): Record<K, string | null>;
  /** As {@link Vault.sealRecord}, with the drafted keys: one AES-GCM operation per record. */
  sealRecord(
    subjectId: string,
    scope: VaultScope,
    record: string,
    values: Record<string, string | null>,
  ): string;
}

export interface ReapplyResult {
  entries: number;
  keysDestroyed: number;
  linksErased: number;
}

export class Vault {
  readonly #keys: KeyRing;
  readonly #indexKeys: Record<BlindIndexKind, KeyObject>;
  readonly #ledger: ShredLedger;
  readonly #ttl: number;
  readonly #pseudonyms = new Map<string, { pseudonym: string; expires: number }>();
  readonly #invalidations: CacheInvalidations;
  readonly #limitKey: KeyObject;

  constructor(options: VaultOptions) {
    this.#ttl = options.cacheTtlMs ?? 60_000;
    this.#keys = new KeyRing(
      options.masterKey,
      options.extraMasterKeys ?? [],
      VAULT_SCOPES,
      this.#ttl,
      options.maxCachedKeys ?? 100_000,
    );
    const indexRoot = options.indexKey ?? deriveKey(options.masterKey, 'blind-index-root');
    if (indexRoot.length < KEY_BYTES) throw new RangeError('the index key must be 32 bytes');
    const derive = (kind: BlindIndexKind) =>
      createSecretKey(deriveKey(indexRoot, `blind-index/${kind}`));
    this.#indexKeys = {
      email: derive('email'),
      identity_code: derive('identity_code'),
      newsletter: derive('newsletter'),
    };
    this.#limitKey = createSecretKey(deriveKey(indexRoot, 'rate-limit-keys'));
    this.#ledger = options.ledger ?? memoryShredLedger();
    this.#invalidations = options.invalidations ?? noInvalidations;
    this.#invalidations.on('vault-key', (message) => {
      const [subjectId, scope, keyId] = message.split(' ');
      if (subjectId && scope && keyId) this.#keys.forget(subjectId, scope, keyId);
    });
    this.#invalidations.on('vault-pseudonym', (subjectId) => this.#pseudonyms.delete(subjectId));
  }

  /**
   * A keyed hash of a rate-limit key (which may hold a client address), the same on every app
   * process with the same keys, so limits stored in the database are shared but not readable.
   */
  rateLimitKey(key: string): string {
    return hmac(this.#limitKey, key);
  }

  /** The id of the master key that wraps new data keys (not secret). */
  get masterKeyId(): string {
    return this.#keys.masterKeyId;
  }

  async seal(
    db: Db,
    subjectId: string,
    scope: VaultScope,
    plaintext: string,
    field = '',
  ): Promise<string> {
    checkScope(scope);
    checkName(subjectId, field);
    const key = await this.#keys.forSealing(db, subjectId, scope);
    return sealField(key.key, key.keyId, plaintext, aadOf(key, field));
  }

  /** Seals each non-null value; the record key is the field name bound into the ciphertext. */
  async sealMany<K extends string>(
    db: Db,
    subjectId: string,
    scope: VaultScope,
    values: Record<K, string | null>,
  ): Promise<Record<K, string | null>> {
    checkScope(scope);
    const out = {} as Record<K, string | null>;
    const entries = Object.entries(values) as [K, string | null][];
    for (const [field] of entries) checkName(subjectId, field);
    const key = entries.some(([, v]) => v !== null)
      ? await this.#keys.forSealing(db, subjectId, scope)
      : undefined;
    for (const [field, value] of entries) {
      out[field] =
        value === null || !key ? null : sealField(key.key, key.keyId, value, aadOf(key, field));
    }
    return out;
  }

  /** The plaintext, or {@link ERASED} when the data key was shredded. Throws on tampering. */
  async open(
    db: Db,
    subjectId: string,
    scope: VaultScope,
    sealed: string,
    field = '',
  ): Promise<Opened> {
    const parts = parseSealed(sealed);
    const key =
      this.#cachedForOpening(subjectId, scope, parts.keyId) ??
      (await this.#keyForOpening(db, subjectId, scope, parts.keyId));
    if (key === ERASED) return ERASED;
    const plaintext = openField(key.key, parts, aadOf(key, field));
    this.#keys.confirm(db, key);
    return plaintext;
  }

  async openMany<K extends string>(
    db: Db,
    subjectId: string,
    scope: VaultScope,
    values: Record<K, string | null>,
  ): Promise<Record<K, string | null | Erased>> {
    const out = {} as Record<K, string | null | Erased>;
    let last: CachedKey | Erased | undefined;
    for (const [field, value] of Object.entries(values) as [K, string | null][]) {
      if (value === null) {
        out[field] = null;
        continue;
      }
      const parts = parseSealed(value);
      // Fields of one record share a key: look it up once.
      const key =
        last && (last === ERASED ? false : last.keyId === parts.keyId)
          ? last
          : (this.#cachedForOpening(subjectId, scope, parts.keyId) ??
            (await this.#keyForOpening(db, subjectId, scope, parts.keyId)));
      last = key;
      out[field] = key === ERASED ? ERASED : openField(key.key, parts, aadOf(key, field));
    }
    if (last && last !== ERASED) this.#keys.confirm(db, last);
    return out;
  }

  /**
   * Seals the values as one record: one string for one column, one AES-GCM operation for all
   * fields (`sealMany` costs one per field). `record` names what the record is (e.g.
   * `'customer'`) and is bound into the ciphertext like a field name: a record copied to another
   * record's column fails its integrity check. Null values are kept as null.
   */
  async sealRecord(
    db: Db,
    subjectId: string,
    scope: VaultScope,
    record: string,
    values: Record<string, string | null>,
  ): Promise<string> {
    checkScope(scope);
    const entries = checkRecordNames(subjectId, record, values);
    const key = await this.#keys.forSealing(db, subjectId, scope);
    return sealRecordFields(key.key, key.keyId, entries, recordAad(key, record));
  }

  /**
   * Opens a record sealed by {@link sealRecord} and returns the asked fields: each a string, null
   * (null or absent in the record), or {@link ERASED} when the data key was shredded. A null
   * column (no record) reads as every field null. Throws on tampering.
   */
  async openRecord<K extends string>(
    db: Db,
    subjectId: string,
    scope: VaultScope,
    record: string,
    sealed: string | null,
    fields: readonly K[],
  ): Promise<Record<K, string | null | Erased>> {
    const out = {} as Record<K, string | null | Erased>;
    if (sealed === null) {
      for (const field of fields) out[field] = null;
      return out;
    }
    const parts = parseSealed(sealed, 'v2');
    const key =
      this.#cachedForOpening(subjectId, scope, parts.keyId) ??
      (await this.#keyForOpening(db, subjectId, scope, parts.keyId));
    if (key === ERASED) {
      for (const field of fields) out[field] = ERASED;
      return out;
    }
    const opened = openRecordFields(key.key, parts, recordAad(key, record));
    for (const field of fields) out[field] = opened.get(field) ?? null;
    this.#keys.confirm(db, key);
    return out;
  }

  /** A keyed HMAC of the normalised value, stable across master-key rotations. */
  blindIndex(kind: BlindIndexKind, value: string): string {
    return hmac(this.#indexKeys[kind], normaliseForIndex(kind, value));
  }

  /**
   * A new subject's data keys, one per scope, for the caller to write with the subject's first
   * row: `withNewKeys(trx, keys).insertInto(…)` (vault.repository.ts) puts both in one statement,
   * so creating a customer costs no statement for its keys. Until that statement runs, `seal`,
   * `sealMany` and `sealRecord` in `trx` use these keys without asking the database. Only for a
   * subject that has no key yet (a fresh id): for an existing one the insert fails on the
   * one-key-per-scope constraint and the transaction with it, rather than sealing with a second
   * key. Refused outside a transaction: a key must not be trusted before its row commits.
   */
  newSubjectKeys(trx: Db, subjectId: string): VaultNewKeys {
    checkName(subjectId, '');
    if (!trx.isTransaction) {
      throw new VaultError(
        "A new subject's keys are made inside the transaction that writes them.",
      );
    }
    return this.#keys.newSubject(trx, subjectId);
  }

  /**
   * Creates (or reads) the data keys of many subjects at once, so sealing their fields in the
   * same transaction costs no further statement: bulk writes such as `custodian seed`.
   */
  async prepareSubjects(db: Db, subjectIds: string[]): Promise<void> {
    for (const id of subjectIds) checkName(id, '');
    await this.#keys.prepare(db, subjectIds);
  }

  /** The pseudonyms of many subjects (created where missing) in two statements. */
  async pseudonymsOf(db: Db, subjectIds: string[]): Promise<Map<string, string>> {
    if (subjectIds.length === 0) return new Map();
    const rows = await repo.insertOrReadPseudonyms(
      db,
      subjectIds.map((id) => ({ link_id: randomId(), subject_id: id, pseudonym: randomId() })),
    );
    return new Map(rows.map((r) => [r.subject_id, r.pseudonym]));
  }

  /**
   * New subjects in bulk (`custodian seed`): fresh data keys of every scope for `subjectIds` and
   * pseudonyms for those in `withPseudonym`, as rows for the caller to write (e.g. with COPY),
   * and a sealer bound to those keys. Nothing is written or cached here: the caller writes the
   * rows in the same transaction as the fields sealed with them, so a batch goes in whole or not
   * at all. Only for subjects that have no key yet (a second key per scope would be refused).
   */
  draftSubjects(
    subjectIds: readonly string[],
    withPseudonym: readonly string[] = [],
  ): SubjectDraft {
    for (const id of [...subjectIds, ...withPseudonym]) checkName(id, '');
    const { rows, keys } = this.#keys.draft(subjectIds);
    const entropy = randomBytes(withPseudonym.length * 32);
    const pseudonyms = withPseudonym.map((subject_id, i) => ({
      link_id: entropy.subarray(i * 32, i * 32 + 16).toString('base64url'),
      subject_id,
      pseudonym: entropy.subarray(i * 32 + 16, i * 32 + 32).toString('base64url'),
    }));
    return {
      keys: rows,
      pseudonyms,
      sealMany<K extends string>(
        subjectId: string,
        scope: VaultScope,
        values: Record<K, string | null>,
      ) {
        checkScope(scope);
        const key = keys.get(slotOf(subjectId, scope));
        if (!key) throw new VaultError('The subject is not part of this draft.');
        const out = {} as Record<K, string | null>;
        for (const [field, value] of Object.entries(values) as [K, string | null][]) {
          checkName(subjectId, field);
          out[field] =
            value === null
              ? null
              : sealField(key.key, key.keyId, value, fieldAad(key.aadPrefix, field));
        }
        return out;
      },
      sealRecord(subjectId: string, scope: VaultScope, record: string, values) {
        checkScope(scope);
        const key = keys.get(slotOf(subjectId, scope));
        if (!key) throw new VaultError('The subject is not part of this draft.');
        const entries = checkRecordNames(subjectId, record, values);
        return sealRecordFields(key.key, key.keyId, entries, recordAadOf(key.aadPrefix, record));
      },
    };
  }

  /** The subject's pseudonym if it has one (and it was not unlinked); never creates one. */
  async existingPseudonym(db: Db, subjectId: string): Promise<string | undefined> {
    // An export asks for the customer's several times (browsing, breaches, the two logs).
    const found = await memoRead(db, pseudonymRead(subjectId), () =>
      repo.findPseudonymOf(db, subjectId),
    );
    return found?.pseudonym;
  }

  /**
   * {@link existingPseudonym} for several subjects in one statement (never creates one): the
   * pseudonym of each that has one.
   */
  async existingPseudonyms(db: Db, subjectIds: readonly string[]): Promise<Map<string, string>> {
    if (subjectIds.length === 0) return new Map();
    const rows = await repo.findPseudonymsOf(db, [...new Set(subjectIds)]);
    return new Map(rows.map((r) => [r.subject_id, r.pseudonym]));
  }

  /** The subject's random pseudonym, created on first use. */
  async pseudonym(db: Db, subjectId: string): Promise<string> {
    const cached = this.#pseudonyms.get(subjectId);
    if (cached && cached.expires > Date.now()) return cached.pseudonym;
    const found = await repo.findPseudonymOf(db, subjectId);
    const pseudonym =
      found?.pseudonym ??
      (await repo.insertPseudonym(db, {
        link_id: randomId(),
        subject_id: subjectId,
        pseudonym: randomId(),
      }));
    if (!found) forgetRead(db, pseudonymRead(subjectId));
    // A row seen inside a transaction may still be rolled back: only cache committed ones.
    if (!db.isTransaction) {
      this.#pseudonyms.set(subjectId, { pseudonym, expires: Date.now() + this.#ttl });
    }
    return pseudonym;
  }

  /** "Only we can combine": the subject behind a pseudonym, while the link exists. */
  async subjectOfPseudonym(db: Db, pseudonym: string): Promise<string | undefined> {
    return repo.findSubjectOfPseudonym(db, pseudonym);
  }

  /** Erases the link: whatever was recorded under the pseudonym becomes anonymous. */
  async unlinkPseudonym(db: Db, subjectId: string): Promise<void> {
    await this.unlinkPseudonyms(db, [subjectId]);
  }

  /**
   * {@link unlinkPseudonym} for several subjects (it is this with one): every link on the ledger
   * before its row goes, in one lookup, one ledger write, one delete and one announcement.
   */
  async unlinkPseudonyms(db: Db, subjectIds: readonly string[]): Promise<void> {
    if (subjectIds.length === 0) return;
    for (const id of subjectIds) {
      this.#pseudonyms.delete(id);
      forgetRead(db, pseudonymRead(id));
    }
    const found = await repo.findPseudonymsOf(db, [...new Set(subjectIds)]);
    if (found.length === 0) return;
    const at = now();
    await this.#record(
      db,
      found.map((f) => ({ op: 'unlink-pseudonym' as const, id: f.link_id, at })),
    );
    await repo.deletePseudonymLinks(
      db,
      found.map((f) => f.link_id),
    );
    await this.#invalidations.sendAll(
      db,
      'vault-pseudonym',
      found.map((f) => f.subject_id),
    );
  }

  /**
   * Destroys the subject's data key for the scope. Final from the moment it is called: the key id
   * is written to the ledger first, so even a rolled-back transaction or a restored backup cannot
   * bring the key back (it is destroyed again on the next re-application of the ledger).
   */
  async shred(db: Db, subjectId: string, scope: VaultScope): Promise<void> {
    checkScope(scope);
    this.#keys.forget(subjectId, scope);
    const row = await repo.findKeyOfSubject(db, subjectId, scope);
    if (!row) return;
    await this.#destroyKeys(db, [{ subject_id: subjectId, scope, key_id: row.key_id }]);
  }

  /**
   * {@link shred} for many subjects at once, the same guarantees: every key id on the ledger
   * before its row goes, but one ledger write (one fsync) and one statement each for all of them,
   * not one per subject (a retention batch shreds hundreds).
   */
  async shredMany(db: Db, subjectIds: readonly string[], scope: VaultScope): Promise<void> {
    checkScope(scope);
    if (subjectIds.length === 0) return;
    for (const s of subjectIds) this.#keys.forget(s, scope);
    const rows = await repo.findKeysOfSubjects(db, [...new Set(subjectIds)], scope);
    if (rows.length === 0) return;
    await this.#destroyKeys(
      db,
      rows.map((r) => ({ ...r, scope })),
    );
  }

  /**
   * Destroys the subject's keys of every scope. For subjects that never hold accounting data (a
   * request, a newsletter subscription): sealing creates a key per scope at once, and an unused
   * accounting key left behind would still name the subject after its erasure.
   */
  async shredSubject(db: Db, subjectId: string): Promise<void> {
    await this.shredSubjects(db, [subjectId]);
  }

  /**
   * {@link shredSubject} for several subjects, with {@link shred}'s guarantees (every key id on
   * the ledger before its row goes) in one lookup, one ledger write (one fsync) and one delete for
   * all of their keys, not one of each per subject and scope (an erasure shreds a few at once).
   */
  async shredSubjects(db: Db, subjectIds: readonly string[]): Promise<void> {
    if (subjectIds.length === 0) return;
    for (const s of subjectIds) for (const scope of VAULT_SCOPES) this.#keys.forget(s, scope);
    const rows = await repo.findAllKeysOfSubjects(db, [...new Set(subjectIds)]);
    if (rows.length === 0) return;
    await this.#destroyKeys(db, rows);
  }

  /**
   * The one way a data key ends: dropped from this process's cache, written to the ledger (fsync)
   * before its row is deleted, and announced so other processes drop it when this commits (at
   * once when `db` is no transaction).
   */
  async #destroyKeys(
    db: Db,
    keys: readonly { subject_id: string; scope: string; key_id: string }[],
  ): Promise<void> {
    for (const k of keys) this.#keys.forget(k.subject_id, k.scope, k.key_id);
    const at = now();
    await this.#record(
      db,
      keys.map((k) => ({ op: 'shred-key' as const, id: k.key_id, at })),
    );
    await repo.deleteKeys(
      db,
      keys.map((k) => k.key_id),
    );
    // One NOTIFY for all of them (a statement each was a round trip per key).
    await this.#invalidations.sendAll(
      db,
      'vault-key',
      keys.map((k) => `${k.subject_id} ${k.scope} ${k.key_id}`),
    );
  }

  /**
   * Re-wraps every data key under a new master key (the fields themselves are not touched), in
   * one transaction. Afterwards this vault wraps and unwraps with the new key only.
   */
  async rotateMasterKey(db: Db, newMasterKey: Buffer): Promise<{ rewrapped: number }> {
    return { rewrapped: await this.#keys.rewrapAll(db, newMasterKey) };
  }

  /**
   * Applies the whole shred ledger (file and database copies, united, with the other nodes'
   * files when configured) to the database: run after every restore and at every start. This
   * node's file and the database copy are each topped up from the rest.
   */
  async reapplyShredLedger(db: Db): Promise<ReapplyResult> {
    const [fromFile, own, fromDb] = await Promise.all([
      this.#ledger.read(),
      this.#ledger.readOwn?.(),
      repo.readLedger(db),
    ]);
    const keyOf = (e: ShredLedgerEntry) => `${e.op}\0${e.id}`;
    // This node's file gets everything (the database's and its peers' entries), so it alone is
    // a complete ledger as of this run, whichever peer file is lost later.
    const inOwn = new Set((own ?? fromFile).map(keyOf));
    const inDb = new Set(fromDb.map(keyOf));
    await this.#ledger.append(dedupe([...fromDb, ...fromFile].filter((e) => !inOwn.has(keyOf(e)))));
    await repo.appendLedger(db, dedupe(fromFile.filter((e) => !inDb.has(keyOf(e)))));
    const all = dedupe([...fromFile, ...fromDb]);
    const keyIds = all.filter((e) => e.op === 'shred-key').map((e) => e.id);
    const linkIds = all.filter((e) => e.op === 'unlink-pseudonym').map((e) => e.id);
    let keysDestroyed = 0;
    let linksErased = 0;
    for (let i = 0; i < keyIds.length; i += 1000) {
      keysDestroyed += await repo.deleteKeys(db, keyIds.slice(i, i + 1000));
    }
    for (let i = 0; i < linkIds.length; i += 1000) {
      linksErased += await repo.deletePseudonymLinks(db, linkIds.slice(i, i + 1000));
    }
    this.#keys.clear();
    this.#pseudonyms.clear();
    return { entries: all.length, keysDestroyed, linksErased };
  }

  /** Forgets every cached key and pseudonym (e.g. after a restore swapped the database). */
  clearCache(): void {
    this.#keys.clear();
    this.#pseudonyms.clear();
  }

  async #record(db: Db, entries: ShredLedgerEntry[]): Promise<void> {
    // The file first: if the process dies between the two, the shred is still on record.
    await this.#ledger.append(entries);
    await repo.appendLedger(db, entries);
  }

  async #keyForOpening(
    db: Db,
    subjectId: string,
    scope: VaultScope,
    keyId: string,
  ): Promise<CachedKey | Erased> {
    const key = checkOwner(await this.#keys.forOpening(db, keyId), subjectId, scope);
    if (!key) {
      throw new VaultIntegrityError('The sealed value names a data key that never existed here.');
    }
    return key;
  }

  /**
   * The opening key from the cache alone, checked as {@link #keyForOpening} checks it, or
   * undefined when only the database can tell. Synchronous: a warm read (every key cached, the
   * common case) then costs no promise and no turn of the microtask queue per value opened, which
   * on PostgreSQL, where the plaintext read itself is short, was a visible part of the overhead.
   */
  #cachedForOpening(
    subjectId: string,
    scope: VaultScope,
    keyId: string,
  ): CachedKey | Erased | undefined {
    return checkOwner(this.#keys.cachedForOpening(keyId), subjectId, scope);
  }
}

/** A found key as the opener may use it: ERASED if shredded, refused if someone else's. */
function checkOwner(
  key: CachedKey | 'shredded' | undefined,
  subjectId: string,
  scope: VaultScope,
): CachedKey | Erased | undefined {
  if (key === 'shredded') return ERASED;
  if (key && (key.subjectId !== subjectId || key.scope !== scope)) {
    throw new VaultIntegrityError('The sealed value belongs to another subject or scope.');
  }
  return key;
}

/** The memo key of a subject's pseudonym link (src/kit/db/read-memo.ts). */
function pseudonymRead(subjectId: string): string {
  return `vault_pseudonyms\0${subjectId}`;
}

/** A field's associated data, built once per data key and field name. */
function aadOf(key: CachedKey, field: string): Buffer {
  let aad = key.aad.get(field);
  if (!aad) key.aad.set(field, (aad = fieldAad(key.aadPrefix, field)));
  return aad;
}

/** A record's associated data, built once per data key and record name. */
function recordAad(key: CachedKey, record: string): Buffer {
  // A map of its own, looked up by the name as given: no key string to build per open.
  let aad = key.recordAad.get(record);
  if (!aad) key.recordAad.set(record, (aad = recordAadOf(key.aadPrefix, record)));
  return aad;
}

function checkScope(scope: string): void {
  if (!(VAULT_SCOPES as readonly string[]).includes(scope)) {
    throw new VaultError('Unknown vault scope.');
  }
}

function checkName(subjectId: string, field: string): void {
  // NUL separates the parts of the associated data; it must not occur inside them.
  if (!subjectId || subjectId.includes('\0') || field.includes('\0')) {
    throw new VaultError('A subject id or field name is empty or contains NUL.');
  }
}

/** A record's fields as entries, once its subject, name and field names are checked. */
function checkRecordNames(
  subjectId: string,
  record: string,
  values: Record<string, string | null>,
): [string, string | null][] {
  checkName(subjectId, record);
  const entries = Object.entries(values);
  for (const [field] of entries) {
    checkName(subjectId, field);
    if (Buffer.byteLength(field) > 255) throw new VaultError('A field name is too long.');
  }
  return entries;
}

function dedupe(entries: ShredLedgerEntry[]): ShredLedgerEntry[] {
  const seen = new Map<string, ShredLedgerEntry>();
  for (const e of entries) if (!seen.has(`${e.op}\0${e.id}`)) seen.set(`${e.op}\0${e.id}`, e);
  return [...seen.values()];
}

function now(): string {
  return new Date().toISOString();
}

export function createVault(options: VaultOptions): Vault {
  return new Vault(options);
}
