/** Google/Facebook identities linked to accounts. */
import type { Insertable, Kysely, Selectable, Transaction } from 'kysely';
import type { DB } from '../../kit/db/schema.ts';
import type { CustomerSignInsTable } from '../customers.tables.ts';

type Db = Kysely<DB> | Transaction<DB>;
export type SignInRow = Selectable<CustomerSignInsTable>;

export function findSignIn(
  db: Db,
  provider: string,
  subjectIndex: string,
): Promise<SignInRow | undefined> {
  return db
    .selectFrom('customer_sign_ins')
    .selectAll()
    .where('provider', '=', provider)
    .where('subject_index', '=', subjectIndex)
    .executeTakeFirst();
}

export function listSignIns(db: Db, customerId: string): Promise<SignInRow[]> {
  return db
    .selectFrom('customer_sign_ins')
    .selectAll()
    .where('customer_id', '=', customerId)
    .orderBy('linked_at')
    .execute();
}

export async function insertSignIn(db: Db, row: Insertable<CustomerSignInsTable>): Promise<void> {
  await db.insertInto('customer_sign_ins').values(row).execute();
}

/** Each sign-in refreshes what the provider told us, and when. */
export async function updateSignInProfile(
  db: Db,
  id: string,
  profileSealed: string,
  receivedAt: Date,
): Promise<void> {
  await db
    .updateTable('customer_sign_ins')
    .set({ profile_sealed: profileSealed, received_at: receivedAt })
    .where('id', '=', id)
    .execute();
}
