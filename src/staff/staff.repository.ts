/** Staff accounts, recovery codes, sessions and API tokens: the only SQL of src/staff. */
import type { Insertable, Kysely, Selectable, Transaction, Updateable } from 'kysely';
import type { DB } from '../kit/db/schema.ts';
import type {
  StaffAccountsTable,
  StaffApiTokensTable,
  StaffSessionsTable,
} from './staff.tables.ts';

type Db = Kysely<DB> | Transaction<DB>;
export type StaffRow = Selectable<StaffAccountsTable>;
export type StaffSessionRow = Selectable<StaffSessionsTable>;
export type StaffTokenRow = Selectable<StaffApiTokensTable>;

export async function insertStaff(db: Db, row: Insertable<StaffAccountsTable>): Promise<void> {
  await db.insertInto('staff_accounts').values(row).execute();
}

export function findStaffById(db: Db, id: string, forUpdate = false) {
  let q = db.selectFrom('staff_accounts').selectAll().where('id', '=', id);
  if (forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

export function findStaffByUsername(db: Db, username: string) {
  return db
    .selectFrom('staff_accounts')
    .selectAll()
    .where('username', '=', username)
    .executeTakeFirst();
}

export function listStaff(db: Db) {
  return db.selectFrom('staff_accounts').selectAll().orderBy('created_at').orderBy('id').execute();
}

export async function countActiveOwners(db: Db): Promise<number> {
  const r = await db
    .selectFrom('staff_accounts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('disabled_at', 'is', null)
    .where((eb) => eb(eb.val('owner'), '=', eb.fn.any('roles')))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function updateStaff(
  db: Db,
  id: string,
  values: Updateable<StaffAccountsTable>,
): Promise<void> {
  await db.updateTable('staff_accounts').set(values).where('id', '=', id).execute();
}

export async function replaceRecoveryCodes(db: Db, staffId: string, hashes: string[]) {
  await db.deleteFrom('staff_recovery_codes').where('staff_id', '=', staffId).execute();
  if (hashes.length)
    await db
      .insertInto('staff_recovery_codes')
      .values(hashes.map((code_hash) => ({ code_hash, staff_id: staffId, used_at: null })))
      .execute();
}

/** Marks an unused recovery code used; true when there was one (so a code works once). */
export async function useRecoveryCode(db: Db, staffId: string, hash: string, at: Date) {
  const r = await db
    .updateTable('staff_recovery_codes')
    .set({ used_at: at })
    .where('staff_id', '=', staffId)
    .where('code_hash', '=', hash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function countUnusedRecoveryCodes(db: Db, staffId: string): Promise<number> {
  const r = await db
    .selectFrom('staff_recovery_codes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('staff_id', '=', staffId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function insertStaffSession(db: Db, row: StaffSessionRow): Promise<void> {
  await db.insertInto('staff_sessions').values(row).execute();
}

export function findStaffSession(db: Db, idHash: string) {
  return db
    .selectFrom('staff_sessions')
    .selectAll()
    .where('id_hash', '=', idHash)
    .executeTakeFirst();
}

export async function updateStaffSession(
  db: Db,
  idHash: string,
  values: Updateable<StaffSessionsTable>,
): Promise<void> {
  await db.updateTable('staff_sessions').set(values).where('id_hash', '=', idHash).execute();
}

export async function deleteStaffSession(db: Db, idHash: string): Promise<void> {
  await db.deleteFrom('staff_sessions').where('id_hash', '=', idHash).execute();
}

export async function deleteStaffSessionsOf(db: Db, staffId: string): Promise<number> {
  const r = await db
    .deleteFrom('staff_sessions')
    .where('staff_id', '=', staffId)
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** Every session of the member but one (their own, after a password change). */
export async function deleteOtherStaffSessions(
  db: Db,
  staffId: string,
  keepIdHash: string,
): Promise<number> {
  const r = await db
    .deleteFrom('staff_sessions')
    .where('staff_id', '=', staffId)
    .where('id_hash', '<>', keepIdHash)
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function insertStaffToken(db: Db, row: StaffTokenRow): Promise<void> {
  await db.insertInto('staff_api_tokens').values(row).execute();
}

export function findLiveStaffToken(db: Db, hash: string) {
  return db
    .selectFrom('staff_api_tokens')
    .selectAll()
    .where('token_hash', '=', hash)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
}

export function listStaffTokens(db: Db, staffId: string) {
  return db
    .selectFrom('staff_api_tokens')
    .selectAll()
    .where('staff_id', '=', staffId)
    .orderBy('created_at', 'desc')
    .execute();
}

export async function revokeStaffToken(db: Db, staffId: string, id: string, at: Date) {
  const r = await db
    .updateTable('staff_api_tokens')
    .set({ revoked_at: at })
    .where('id', '=', id)
    .where('staff_id', '=', staffId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function revokeStaffTokensOf(db: Db, staffId: string, at: Date) {
  await db
    .updateTable('staff_api_tokens')
    .set({ revoked_at: at })
    .where('staff_id', '=', staffId)
    .where('revoked_at', 'is', null)
    .execute();
}

export async function touchStaffToken(db: Db, id: string, at: Date): Promise<void> {
  await db.updateTable('staff_api_tokens').set({ last_used_at: at }).where('id', '=', id).execute();
}

/** The account holder of an order, by its reference (a guest order has none). */
export async function customerOfOrderReference(db: Db, reference: string) {
  const row = await db
    .selectFrom('orders')
    .select('customer_id')
    .where('reference', '=', reference)
    .executeTakeFirst();
  return row?.customer_id ?? undefined;
}
