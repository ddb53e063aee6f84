/** SQL for the vault's key store. Every function takes the caller's connection or transaction. */
import { sql, type Kysely, type QueryCreator, type Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { ShredLedgerEntry, ShredOp } from './shred-ledger.ts';

export type Db = Kysely<DB> | Transaction<DB>;

export interface KeyRow {
  key_id: string;
  subject_id: string;
  scope: string;
  master_key_id: string;
  wrapped_key: string;
}

const keyColumns = ['key_id', 'subject_id', 'scope', 'master_key_id', 'wrapped_key'] as const;

export async function findKeyById(db: Db, keyId: string): Promise<KeyRow | undefined> {
  return db
    .selectFrom('vault_keys')
    .select(keyColumns)
    .where('key_id', '=', keyId)
    .executeTakeFirst();
}

/** The keys of these subjects in one scope (subjects without one are left out). */
export async function findKeysOfSubjects(
  db: Db,
  subjectIds: string[],
  scope: string,
): Promise<{ key_id: string; subject_id: string }[]> {
  if (subjectIds.length === 0) return [];
  return db
    .selectFrom('vault_keys')
    .select(['key_id', 'subject_id'])
    .where('subject_id', 'in', subjectIds)
    .where('scope', '=', scope)
    .execute();
}

/** Every key of these subjects, whatever its scope. */
export async function findAllKeysOfSubjects(
  db: Db,
  subjectIds: string[],
): Promise<{ key_id: string; subject_id: string; scope: string }[]> {
  if (subjectIds.length === 0) return [];
  return db
    .selectFrom('vault_keys')
    .select(['key_id', 'subject_id', 'scope'])
    .where('subject_id', 'in', subjectIds)
    .execute();
}

export async function findKeyOfSubject(
  db: Db,
  subjectId: string,
  scope: string,
): Promise<KeyRow | undefined> {
  return db
    .selectFrom('vault_keys')
    .select(keyColumns)
    .where('subject_id', '=', subjectId)
    .where('scope', '=', scope)
    .executeTakeFirst();
}

/**
 * Inserts the subject's missing keys and returns its keys for those scopes: one statement for a
 * new subject (the common case on a cold cache), two when some existed. (A data-modifying CTE
 * would always be one statement, but is several times slower on PGlite.)
 */
export async function insertOrReadKeys(
  db: Db,
  subjectId: string,
  rows: KeyRow[],
): Promise<KeyRow[]> {
  // Raw SQL rather than the query builder: this statement is on every new customer's create,
  // and building it with the builder cost twice as much JavaScript. Without RETURNING: the row
  // count says whether all went in, and PGlite is faster without it.
  const result = await sql`insert into vault_keys
      (key_id, subject_id, scope, master_key_id, wrapped_key)
    values ${sql.join(
      rows.map(
        (r) =>
          sql`(${r.key_id}, ${r.subject_id}, ${r.scope}, ${r.master_key_id}, ${r.wrapped_key})`,
      ),
    )}
    on conflict (subject_id, scope) do nothing`.execute(db);
  if (Number(result.numAffectedRows ?? 0) === rows.length) return rows;
  return db
    .selectFrom('vault_keys')
    .select(keyColumns)
    .where('subject_id', '=', subjectId)
    .where(
      'scope',
      'in',
      rows.map((r) => r.scope),
    )
    .execute();
}

/**
 * Starts the caller's statement with a CTE that inserts a new subject's keys
 * (`vault.newSubjectKeys`): `withNewKeys(trx, keys).insertInto('customers').values(row)` writes
 * the keys and the row that needs them in one statement, both or neither. A plain insert, not
 * `on conflict do nothing`: a subject that already has a key must fail, not seal with a key that
 * was never written. (Without RETURNING: PGlite runs this CTE about as fast as a lone insert,
 * where a second statement costs as much as the caller's whole transaction.)
 */
export function withNewKeys(db: Db, keys: readonly KeyRow[]): QueryCreator<DB> {
  if (keys.length === 0) return db;
  return db.with('vault_new_keys', (q) =>
    q.insertInto('vault_keys').values([...keys]),
  ) as unknown as QueryCreator<DB>;
}

/** Every key of the subject that owns `keyId` (a record usually spans several scopes). */
export async function findKeysOfSubjectOfKey(db: Db, keyId: string): Promise<KeyRow[]> {
  return db
    .selectFrom('vault_keys')
    .select(keyColumns)
    .where('subject_id', '=', (eb) =>
      eb.selectFrom('vault_keys as k').select('k.subject_id').where('k.key_id', '=', keyId),
    )
    .execute();
}

export async function listKeysAfter(db: Db, afterKeyId: string, limit: number): Promise<KeyRow[]> {
  return db
    .selectFrom('vault_keys')
    .select(keyColumns)
    .where('key_id', '>', afterKeyId)
    .orderBy('key_id')
    .limit(limit)
    .execute();
}

export async function rewrapKey(
  db: Db,
  keyId: string,
  masterKeyId: string,
  wrapped: string,
): Promise<void> {
  await db
    .updateTable('vault_keys')
    .set({ master_key_id: masterKeyId, wrapped_key: wrapped })
    .where('key_id', '=', keyId)
    .execute();
}

export async function deleteKeys(db: Db, keyIds: string[]): Promise<number> {
  if (keyIds.length === 0) return 0;
  const result = await db.deleteFrom('vault_keys').where('key_id', 'in', keyIds).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function countKeysNotWrappedBy(db: Db, masterKeyId: string): Promise<number> {
  const row = await db
    .selectFrom('vault_keys')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('master_key_id', '<>', masterKeyId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Bulk sealing (the seed): inserts the keys that do not exist yet, then reads them all. */
export async function insertOrReadKeysOfMany(
  db: Db,
  subjectIds: string[],
  rows: KeyRow[],
): Promise<KeyRow[]> {
  const result = await db
    .insertInto('vault_keys')
    .values(rows)
    .onConflict((oc) => oc.columns(['subject_id', 'scope']).doNothing())
    .executeTakeFirst();
  // Every row went in (new subjects, e.g. a batch of erasure requests' own): they are the keys.
  if (Number(result.numInsertedOrUpdatedRows ?? 0) === rows.length) return rows;
  return db
    .selectFrom('vault_keys')
    .select(keyColumns)
    .where('subject_id', 'in', subjectIds)
    .execute();
}

/** Bulk pseudonyms: inserts the missing links, then reads every subject's pseudonym. */
export async function insertOrReadPseudonyms(
  db: Db,
  rows: { link_id: string; subject_id: string; pseudonym: string }[],
): Promise<{ subject_id: string; pseudonym: string }[]> {
  await db
    .insertInto('vault_pseudonyms')
    .values(rows)
    .onConflict((oc) => oc.column('subject_id').doNothing())
    .execute();
  return db
    .selectFrom('vault_pseudonyms')
    .select(['subject_id', 'pseudonym'])
    .where(
      'subject_id',
      'in',
      rows.map((r) => r.subject_id),
    )
    .execute();
}

export async function findPseudonymOf(
  db: Db,
  subjectId: string,
): Promise<{ link_id: string; pseudonym: string } | undefined> {
  return db
    .selectFrom('vault_pseudonyms')
    .select(['link_id', 'pseudonym'])
    .where('subject_id', '=', subjectId)
    .executeTakeFirst();
}

/** {@link findPseudonymOf} for several subjects, in subject id order. */
export async function findPseudonymsOf(
  db: Db,
  subjectIds: readonly string[],
): Promise<{ subject_id: string; link_id: string; pseudonym: string }[]> {
  if (subjectIds.length === 0) return [];
  return db
    .selectFrom('vault_pseudonyms')
    .select(['subject_id', 'link_id', 'pseudonym'])
    .where('subject_id', 'in', [...subjectIds])
    .orderBy('subject_id')
    .execute();
}

export async function insertPseudonym(
  db: Db,
  row: { link_id: string; subject_id: string; pseudonym: string },
): Promise<string> {
  const inserted = await db
    .insertInto('vault_pseudonyms')
    .values(row)
    .onConflict((oc) => oc.column('subject_id').doNothing())
    .returning('pseudonym')
    .executeTakeFirst();
  if (inserted) return inserted.pseudonym;
  const existing = await findPseudonymOf(db, row.subject_id);
  if (!existing) throw new Error('A pseudonym vanished while it was being created.');
  return existing.pseudonym;
}

export async function findSubjectOfPseudonym(
  db: Db,
  pseudonym: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('vault_pseudonyms')
    .select('subject_id')
    .where('pseudonym', '=', pseudonym)
    .executeTakeFirst();
  return row?.subject_id;
}

export async function deletePseudonymLinks(db: Db, linkIds: string[]): Promise<number> {
  if (linkIds.length === 0) return 0;
  const result = await db
    .deleteFrom('vault_pseudonyms')
    .where('link_id', 'in', linkIds)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function readLedger(db: Db): Promise<ShredLedgerEntry[]> {
  const rows = await db.selectFrom('vault_shred_ledger').select(['op', 'id', 'at']).execute();
  return rows.map((r) => ({ op: r.op as ShredOp, id: r.id, at: r.at.toISOString() }));
}

export async function isInLedger(db: Db, op: ShredOp, id: string): Promise<boolean> {
  const row = await db
    .selectFrom('vault_shred_ledger')
    .select('id')
    .where('op', '=', op)
    .where('id', '=', id)
    .executeTakeFirst();
  return row !== undefined;
}

export async function appendLedger(db: Db, entries: ShredLedgerEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await db
    .insertInto('vault_shred_ledger')
    .values(entries.map((e) => ({ op: e.op, id: e.id, at: validDate(e.at) })))
    .onConflict((oc) => oc.columns(['op', 'id']).doNothing())
    .execute();
}

/** A ledger entry's time as written, or now when a hand-edited file has none or a bad one. */
function validDate(at: string): Date {
  const date = new Date(at);
  return Number.isNaN(date.getTime()) ? new Date() : date;
}
