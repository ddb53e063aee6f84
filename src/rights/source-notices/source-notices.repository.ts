/** Rows of `source_notices` (Art. 14 notices owed and given). */
import { sql, type Insertable, type Kysely, type Selectable, type Transaction } from 'kysely';
import { ownOrGuest, ownOrGuestOfEach } from '../../core/own-or-guest.ts';
import type { SubjectRef } from '../../core/personal-data-registry.ts';
import type { DB } from '../../kit/db/schema.ts';
import type { SourceNoticesTable } from './source-notices.tables.ts';

type Db = Kysely<DB> | Transaction<DB>;
export type SourceNoticeRow = Selectable<SourceNoticesTable>;

/**
 * Records a notice as owed unless one is already recorded for this person and source; the id
 * of the new row, or undefined when there was one (a repeat, a retry, a concurrent arrival).
 */
export async function insertNoticeOnce(
  db: Db,
  row: Insertable<SourceNoticesTable>,
): Promise<string | undefined> {
  const r = await db
    .insertInto('source_notices')
    .values(row)
    .onConflict((oc) => oc.columns(['subject_key', 'source']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return r?.id;
}

/**
 * Claims an owed notice for one sender until `leaseUntil`: null when it was sent or another
 * sender holds it. The claim is one conditional UPDATE, so of two senders exactly one wins.
 */
export async function claimNotice(
  db: Db,
  id: string,
  now: Date,
  leaseUntil: Date,
): Promise<SourceNoticeRow | undefined> {
  return db
    .updateTable('source_notices')
    .set({ lease_until: leaseUntil, attempts: sql`attempts + 1` })
    .where('id', '=', id)
    .where('sent_at', 'is', null)
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', now)]))
    .returningAll()
    .executeTakeFirst();
}

export async function markSent(db: Db, id: string, at: Date): Promise<void> {
  await db
    .updateTable('source_notices')
    .set({ sent_at: at, lease_until: null })
    .where('id', '=', id)
    .execute();
}

/** Lets another attempt take the notice at once (the send failed; the sweep retries). */
export async function releaseNotice(db: Db, id: string): Promise<void> {
  await db.updateTable('source_notices').set({ lease_until: null }).where('id', '=', id).execute();
}

/** Owed notices nobody holds, oldest first. */
export function pendingNoticeIds(db: Db, now: Date, limit: number): Promise<{ id: string }[]> {
  return db
    .selectFrom('source_notices')
    .select('id')
    .where('sent_at', 'is', null)
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', now)]))
    .orderBy('due_at')
    .limit(limit)
    .execute();
}

/** Whether each person has a notice {@link noticesOf} finds: one statement for all. */
export async function haveNotices(db: Db, people: readonly SubjectRef[]): Promise<boolean[]> {
  if (!people.some((s) => s.customerId || s.emailIndex)) return people.map(() => false);
  const rows = await db
    .selectFrom('source_notices')
    .select(['customer_id', 'email_index'])
    .where(ownOrGuest(people))
    .execute();
  return ownOrGuestOfEach(rows, people).map((own) => own.length > 0);
}

/** A person's notices: by account, or a guest's by email index (as orders find theirs). */
export function noticesOf(db: Db, { customerId, emailIndex }: SubjectRef) {
  if (!customerId && !emailIndex) return Promise.resolve([] as SourceNoticeRow[]);
  return db
    .selectFrom('source_notices')
    .selectAll()
    .where((eb) =>
      eb.or([
        ...(customerId ? [eb('customer_id', '=', customerId)] : []),
        ...(emailIndex
          ? [eb.and([eb('customer_id', 'is', null), eb('email_index', '=', emailIndex)])]
          : []),
      ]),
    )
    .orderBy('received_at')
    .execute();
}

export async function deleteNotices(db: Db, ids: string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const r = await db.deleteFrom('source_notices').where('id', 'in', ids).executeTakeFirst();
  return Number(r.numDeletedRows);
}
