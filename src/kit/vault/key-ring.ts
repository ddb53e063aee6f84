/**
 * The vault's data keys in memory: unwrapped once, then cached for `ttlMs` so a customer's fields
 * are sealed and opened without a database round trip.
 *
 * A key created or seen inside a caller's transaction may still be rolled back, so it is trusted
 * for sealing only within that transaction, until a query outside any transaction sees it, or
 * until a value sealed with it is opened outside a transaction (then its transaction committed).
 * Without that rule a rolled-back key could go on sealing fields nobody could ever open.
 */
import { randomBytes, type KeyObject } from 'node:crypto';
import * as repo from './vault.repository.ts';
import type { Db, KeyRow } from './vault.repository.ts';
import {
  KEY_BYTES,
  masterKeyId,
  poolBytes,
  randomId,
  secretKey,
  unwrapDataKey,
  wrapDataKey,
} from './vault-crypto.ts';
import { VaultMasterKeyError } from './vault-errors.ts';

export interface CachedKey {
  keyId: string;
  key: KeyObject;
  subjectId: string;
  scope: string;
  /** AAD prefix for fields sealed with this key (subject, scope and key id are fixed). */
  aadPrefix: string;
  /** Associated data built once per field name: a record's fields reuse it. */
  aad: Map<string, Buffer>;
  /** The same per record name (`sealRecord`/`openRecord`). */
  recordAad: Map<string, Buffer>;
  /** `slotOf(subjectId, scope)`, built once: every open outside a transaction confirms it. */
  slot: string;
  expires: number;
}

const ROTATION_BATCH = 500;
/** As `randomId()`: 16 random bytes, base64url. */
const KEY_ID_BYTES = 16;

export class KeyRing {
  #master: { id: string; key: KeyObject };
  readonly #extra = new Map<string, KeyObject>();
  readonly #byId = new Map<string, CachedKey>();
  /** subject\0scope → key id, for keys known to be committed. */
  readonly #current = new Map<string, string>();
  /** The same, per open transaction, for keys that transaction created or saw. */
  readonly #inTransaction = new WeakMap<object, Map<string, string>>();
  readonly #shredded = new Set<string>();

  constructor(
    masterKey: Buffer,
    extraMasterKeys: Buffer[],
    private readonly scopes: readonly string[],
    private readonly ttlMs: number,
    private readonly maxEntries: number,
  ) {
    this.#master = { id: masterKeyId(masterKey), key: secretKey(masterKey) };
    for (const k of extraMasterKeys) this.#extra.set(masterKeyId(k), secretKey(k));
  }

  get masterKeyId(): string {
    return this.#master.id;
  }

  async forSealing(db: Db, subjectId: string, scope: string): Promise<CachedKey> {
    const slot = slotOf(subjectId, scope);
    const id =
      (db.isTransaction ? this.#inTransaction.get(db)?.get(slot) : undefined) ??
      this.#current.get(slot);
    const hit = id ? this.#fresh(id) : undefined;
    if (hit) return hit;
    // One statement creates the subject's keys for every scope, or reads those that exist.
    const fresh = this.scopes.map((s) => this.#newRow(subjectId, s));
    const rows = await repo.insertOrReadKeys(
      db,
      subjectId,
      fresh.map((f) => f.row),
    );
    if (!rows.some((r) => r.scope === scope)) {
      // A concurrent transaction created it after this statement's snapshot.
      const row = await repo.findKeyOfSubject(db, subjectId, scope);
      if (row) rows.push(row);
    }
    // Keys this process just made need no unwrapping: it still holds them.
    const made = new Map(fresh.map((f) => [f.row.key_id, f.key]));
    for (const row of rows) this.#remember(db, row, made.get(row.key_id));
    const mine = rows.find((r) => r.scope === scope);
    if (!mine) throw new Error('The data key could not be created.');
    return this.#byId.get(mine.key_id)!;
  }

  /**
   * Fresh keys of every scope for a subject that has none yet, trusted for sealing within `trx`
   * only (as a key `forSealing` inserted there), and not written: the caller writes the rows in
   * the statement that writes the subject's own first row, in `trx`, so a create costs no
   * statement for its keys. Should that statement fail or `trx` roll back, the keys were never
   * trusted outside `trx`, and no field sealed with them was written.
   */
  newSubject(trx: Db, subjectId: string): KeyRow[] {
    const fresh = this.scopes.map((s) => this.#newRow(subjectId, s));
    for (const f of fresh) this.#remember(trx, f.row, f.key);
    return fresh.map((f) => f.row);
  }

  /**
   * Creates or reads the keys of many subjects in two statements, so that the `forSealing`
   * calls that follow in the same transaction hit the cache (bulk sealing, e.g. the seed).
   */
  async prepare(db: Db, subjectIds: string[]): Promise<void> {
    if (subjectIds.length === 0) return;
    const fresh = subjectIds.flatMap((id) => this.scopes.map((s) => this.#newRow(id, s)));
    const made = new Map(fresh.map((f) => [f.row.key_id, f.key]));
    const rows = await repo.insertOrReadKeysOfMany(
      db,
      subjectIds,
      fresh.map((f) => f.row),
    );
    for (const row of rows) this.#remember(db, row, made.get(row.key_id));
  }

  /**
   * Fresh keys of every scope for subjects that have none yet, neither written nor cached: for
   * bulk loads that write the rows themselves (COPY) in the transaction that writes what was
   * sealed with them, so a rolled-back batch leaves no key behind that the cache still trusts.
   */
  draft(subjectIds: readonly string[]): { rows: KeyRow[]; keys: Map<string, CachedKey> } {
    const rows: KeyRow[] = [];
    const keys = new Map<string, CachedKey>();
    const per = KEY_BYTES + KEY_ID_BYTES;
    // One call for the whole batch's entropy: a call per key costs more than the key.
    const entropy = randomBytes(subjectIds.length * this.scopes.length * per);
    let at = 0;
    for (const subjectId of subjectIds) {
      for (const scope of this.scopes) {
        const raw = entropy.subarray(at, at + KEY_BYTES);
        const keyId = entropy.subarray(at + KEY_BYTES, at + per).toString('base64url');
        at += per;
        rows.push({
          key_id: keyId,
          subject_id: subjectId,
          scope,
          master_key_id: this.#master.id,
          wrapped_key: wrapDataKey(this.#master.key, raw, keyId, subjectId, scope),
        });
        const slot = slotOf(subjectId, scope);
        keys.set(slot, {
          keyId,
          key: secretKey(Buffer.from(raw)),
          subjectId,
          scope,
          aadPrefix: `${keyId}\0${subjectId}\0${scope}`,
          aad: new Map(),
          recordAad: new Map(),
          slot,
          expires: Infinity,
        });
      }
    }
    return { rows, keys };
  }

  /**
   * {@link forOpening} without the database: the cached key, `'shredded'`, or undefined when the
   * cache cannot tell (then ask `forOpening`). Synchronous, so a warm read awaits nothing.
   */
  cachedForOpening(keyId: string): CachedKey | 'shredded' | undefined {
    if (this.#shredded.has(keyId)) return 'shredded';
    return this.#fresh(keyId);
  }

  /** The key, `'shredded'`, or undefined when no such key ever existed here. */
  async forOpening(db: Db, keyId: string): Promise<CachedKey | 'shredded' | undefined> {
    if (this.#shredded.has(keyId)) return 'shredded';
    const hit = this.#fresh(keyId);
    if (hit) return hit;
    // Load all the subject's keys at once: a record usually spans its scopes.
    const rows = await repo.findKeysOfSubjectOfKey(db, keyId);
    for (const row of rows) this.#remember(db, row);
    if (rows.some((r) => r.key_id === keyId)) return this.#byId.get(keyId);
    if (await repo.isInLedger(db, 'shred-key', keyId)) {
      this.#noteShredded(keyId);
      return 'shredded';
    }
    return undefined;
  }

  /** A value sealed with the key was read outside a transaction: the key is committed. */
  confirm(db: Db, key: CachedKey): void {
    if (!db.isTransaction) this.#current.set(key.slot, key.keyId);
  }

  forget(subjectId: string, scope: string, keyId?: string): void {
    this.#current.delete(slotOf(subjectId, scope));
    if (keyId) {
      this.#byId.delete(keyId);
      this.#noteShredded(keyId);
    }
  }

  clear(): void {
    this.#byId.clear();
    this.#current.clear();
  }

  async rewrapAll(db: Db, newMasterKey: Buffer): Promise<number> {
    const next = { id: masterKeyId(newMasterKey), key: secretKey(newMasterKey) };
    const run = async (trx: Db): Promise<number> => {
      let after = '';
      let rewrapped = 0;
      for (;;) {
        const rows = await repo.listKeysAfter(trx, after, ROTATION_BATCH);
        for (const row of rows) {
          if (row.master_key_id === next.id) continue;
          const wrapped = wrapDataKey(
            next.key,
            this.#unwrap(row),
            row.key_id,
            row.subject_id,
            row.scope,
          );
          await repo.rewrapKey(trx, row.key_id, next.id, wrapped);
          rewrapped++;
        }
        const last = rows.at(-1);
        if (!last || rows.length < ROTATION_BATCH) return rewrapped;
        after = last.key_id;
      }
    };
    const rewrapped = db.isTransaction ? await run(db) : await db.transaction().execute(run);
    this.#master = next;
    this.#extra.clear();
    return rewrapped;
  }

  /** A cache only: the database's ledger copy is the authority, so the set may be emptied. */
  #noteShredded(keyId: string): void {
    if (this.#shredded.size >= this.maxEntries) this.#shredded.clear();
    this.#shredded.add(keyId);
  }

  #newRow(subjectId: string, scope: string): { row: KeyRow; key: KeyObject } {
    const keyId = randomId();
    const raw = poolBytes(KEY_BYTES);
    const row = {
      key_id: keyId,
      subject_id: subjectId,
      scope,
      master_key_id: this.#master.id,
      wrapped_key: wrapDataKey(this.#master.key, raw, keyId, subjectId, scope),
    };
    const key = secretKey(raw);
    // The key object holds its own copy: leave no key bytes behind in the random pool.
    raw.fill(0);
    return { row, key };
  }

  #fresh(keyId: string): CachedKey | undefined {
    const hit = this.#byId.get(keyId);
    if (!hit || hit.expires > Date.now()) return hit;
    this.#byId.delete(keyId);
    return undefined;
  }

  #remember(db: Db, row: KeyRow, key?: KeyObject): void {
    if (this.#shredded.has(row.key_id)) return;
    if (this.#byId.size >= this.maxEntries) this.#evict();
    const slot = slotOf(row.subject_id, row.scope);
    this.#byId.set(row.key_id, {
      keyId: row.key_id,
      key: key ?? secretKey(this.#unwrap(row)),
      subjectId: row.subject_id,
      scope: row.scope,
      aadPrefix: `${row.key_id}\0${row.subject_id}\0${row.scope}`,
      aad: new Map(),
      recordAad: new Map(),
      slot,
      expires: Date.now() + this.ttlMs,
    });
    if (!db.isTransaction) {
      if (this.#current.size >= this.maxEntries) this.#current.clear();
      this.#current.set(slot, row.key_id);
      return;
    }
    let local = this.#inTransaction.get(db);
    if (!local) this.#inTransaction.set(db, (local = new Map<string, string>()));
    local.set(slot, row.key_id);
  }

  #evict(): void {
    // Maps iterate in insertion order: drop the oldest tenth.
    let n = Math.ceil(this.maxEntries / 10);
    for (const id of this.#byId.keys()) {
      if (n-- <= 0) break;
      this.#byId.delete(id);
    }
  }

  #unwrap(row: KeyRow): Buffer {
    const master =
      row.master_key_id === this.#master.id ? this.#master.key : this.#extra.get(row.master_key_id);
    if (!master) {
      throw new VaultMasterKeyError(
        `A data key is wrapped by master key ${row.master_key_id}, which is not the configured one (${this.#master.id}).`,
      );
    }
    return unwrapDataKey(master, row.wrapped_key, row.key_id, row.subject_id, row.scope);
  }
}

export function slotOf(subjectId: string, scope: string): string {
  return `${subjectId}\0${scope}`;
}
