/** Customer rows. Values are already sealed or hashed by the service; this file only stores. */
import { memoReadMany } from '../kit/db/read-memo.ts';
import { isUuid } from '../kit/db/uuid.ts';
import {
  sql,
  type Insertable,
  type Kysely,
  type Selectable,
  type Transaction,
  type Updateable,
} from 'kysely';
import type { DB } from '../kit/db/schema.ts';
import { withNewKeys, type KeyRow } from '../kit/vault/vault.repository.ts';
import type { CustomersTable } from './customers.tables.ts';

type Db = Kysely<DB> | Transaction<DB>;
export type CustomerRow = Selectable<CustomersTable>;

/**
 * The columns a profile is opened from, in either layout (customer-profile.ts). A read that only
 * opens the profile selects these, not the whole row: each further column is parsed on every
 * read, a timestamp into a Date (docs/vault.md, "The app's read, lean").
 */
export const PROFILE_COLUMNS = [
  'id',
  'profile_record',
  'email_sealed',
  'name_sealed',
  'phone_sealed',
  'address_sealed',
  'birthday_sealed',
] as const;
export type CustomerProfileRow = Pick<CustomerRow, (typeof PROFILE_COLUMNS)[number]>;

/** What the account page shows besides the profile (AccountService `profile`). */
export const ACCOUNT_COLUMNS = [
  ...PROFILE_COLUMNS,
  'email_verified_at',
  'password_hash',
  'policy_version',
  'policy_accepted_at',
  'created_at',
] as const;
export type CustomerAccountRow = Pick<CustomerRow, (typeof ACCOUNT_COLUMNS)[number]>;

/**
 * A new account; `keys` (`vault.newSubjectKeys`) are its vault keys, written in the same
 * statement: a create costs one statement, and the row never exists without its keys.
 */
export async function insertCustomer(
  db: Db,
  row: Insertable<CustomersTable>,
  keys: readonly KeyRow[] = [],
): Promise<void> {
  await withNewKeys(db, keys).insertInto('customers').values(row).execute();
}

/** The account; any id that is not a uuid (a request subject of another kind) names none. */
export async function findCustomerById(db: Db, id: string): Promise<CustomerRow | undefined> {
  return (await findCustomersByIds(db, [id]))[0];
}

/**
 * {@link findCustomerById} for several ids in one statement (none for those read before in the
 * same memo scope): each id's account, in order. An export reads the account three times (the
 * run, the module, the summary's language); a batch of erasures reads every account once, for
 * its verified address and then its contact.
 */
export async function findCustomersByIds(
  db: Db,
  ids: readonly string[],
): Promise<(CustomerRow | undefined)[]> {
  return memoReadMany(
    db,
    ids.map((id) => `customers\0${id}`),
    async (asked) => {
      const wanted = asked.map((i) => ids[i]!);
      const valid = wanted.filter(isUuid);
      const rows =
        valid.length > 0
          ? await db.selectFrom('customers').selectAll().where('id', 'in', valid).execute()
          : [];
      const byId = new Map(rows.map((r) => [r.id, r]));
      return wanted.map((id) => byId.get(id));
    },
  );
}

/** The account's profile and what its page shows; undefined as {@link findCustomerById}. */
export async function findCustomerAccount(
  db: Db,
  id: string,
): Promise<CustomerAccountRow | undefined> {
  if (!isUuid(id)) return undefined;
  return db.selectFrom('customers').select(ACCOUNT_COLUMNS).where('id', '=', id).executeTakeFirst();
}

export function findCustomerByEmailIndex(
  db: Db,
  emailIndex: string,
): Promise<CustomerRow | undefined> {
  return db
    .selectFrom('customers')
    .selectAll()
    .where('email_index', '=', emailIndex)
    .executeTakeFirst();
}

/**
 * Locks the row for the rest of the transaction and reads its profile, to seal it again with a
 * change (rectification, email change): the profile columns only, what `resealProfile` opens.
 */
export function lockCustomer(
  db: Transaction<DB>,
  id: string,
): Promise<CustomerProfileRow | undefined> {
  return db
    .selectFrom('customers')
    .select(PROFILE_COLUMNS)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

export async function updateCustomer(
  db: Db,
  id: string,
  changes: Updateable<CustomersTable>,
): Promise<void> {
  await db
    .updateTable('customers')
    .set({ ...changes, updated_at: new Date(), last_active_at: new Date() })
    .where('id', '=', id)
    .execute();
}

export function listSessionsOf(
  db: Db,
  customerId: string,
): Promise<{ created_at: Date; expires_at: Date }[]> {
  return db
    .selectFrom('customer_sessions')
    .select(['created_at', 'expires_at'])
    .where('customer_id', '=', customerId)
    .orderBy('created_at')
    .execute();
}

/**
 * Closes an account a legal hold keeps (Art. 17(3)(e)): its rows stay as they are, sealed, but
 * nothing opens it any more. The blind indexes that find it by address or by Google/Facebook
 * identity are replaced by values no sign-in can produce (so the same address can register again
 * as a stranger, as after an erasure), the password goes, and sessions and tokens end.
 */
export async function closeHeldAccount(db: Db, customerId: string): Promise<void> {
  await db
    .updateTable('customers')
    .set({ email_index: `closed:${customerId}`, password_hash: null })
    .where('id', '=', customerId)
    .execute();
  await db
    .updateTable('customer_sign_ins')
    .set({ subject_index: sql<string>`'closed:' || id::text` })
    .where('customer_id', '=', customerId)
    .execute();
  await db.deleteFrom('customer_sessions').where('customer_id', '=', customerId).execute();
  await db.deleteFrom('customer_tokens').where('customer_id', '=', customerId).execute();
}

/** Deletes the account; sessions, tokens and sign-ins cascade. Returns the rows deleted. */
export async function deleteCustomer(db: Db, customerId: string): Promise<number> {
  const r = await db.deleteFrom('customers').where('id', '=', customerId).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** {@link deleteCustomer} for several accounts in one statement: the ids of those deleted. */
export async function deleteCustomers(
  db: Db,
  customerIds: readonly string[],
): Promise<Set<string>> {
  if (customerIds.length === 0) return new Set();
  const rows = await db
    .deleteFrom('customers')
    .where('id', 'in', [...customerIds])
    .returning('id')
    .execute();
  return new Set(rows.map((r) => r.id));
}
