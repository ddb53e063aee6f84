/** Processing restrictions (Art. 18). Only this file touches `processing_restrictions`. */
import type { Selectable } from 'kysely';
import type { Executor } from '../../core/personal-data-registry.ts';
import type { ProcessingRestrictionsTable } from './restrictions.tables.ts';
import { countBy } from '../../kit/count-by.ts';

export type RestrictionRow = Selectable<ProcessingRestrictionsTable>;

/** The restriction holding for the customer now, if any. */
export async function findActiveRestriction(
  db: Executor,
  customerId: string,
): Promise<RestrictionRow | undefined> {
  return db
    .selectFrom('processing_restrictions')
    .selectAll()
    .where('customer_id', '=', customerId)
    .where('lifted_at', 'is', null)
    .executeTakeFirst();
}

/** Records a restriction unless one already holds (the partial unique index keeps it single). */
export async function insertRestriction(
  db: Executor,
  values: { customerId: string; requestId: string | null; since: Date },
): Promise<boolean> {
  const inserted = await db
    .insertInto('processing_restrictions')
    .values({ customer_id: values.customerId, request_id: values.requestId, since: values.since })
    .onConflict((oc) => oc.column('customer_id').where('lifted_at', 'is', null).doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}

export async function markLiftNoticeSent(db: Executor, id: string, at: Date): Promise<void> {
  await db
    .updateTable('processing_restrictions')
    .set({ lift_notice_sent_at: at })
    .where('id', '=', id)
    .where('lifted_at', 'is', null)
    .execute();
}

/** Lifts the restriction, only once its lift notice was sent; says whether it did. */
export async function liftRestriction(db: Executor, id: string, at: Date): Promise<boolean> {
  const rows = await db
    .updateTable('processing_restrictions')
    .set({ lifted_at: at })
    .where('id', '=', id)
    .where('lifted_at', 'is', null)
    .where('lift_notice_sent_at', 'is not', null)
    .returning('id')
    .execute();
  return rows.length > 0;
}

/** Every restriction of the customer, past and present (the access export). */
export async function listRestrictionsOf(
  db: Executor,
  customerId: string,
): Promise<RestrictionRow[]> {
  return db
    .selectFrom('processing_restrictions')
    .selectAll()
    .where('customer_id', '=', customerId)
    .orderBy('since')
    .execute();
}

export async function deleteRestrictionsOf(db: Executor, customerId: string): Promise<number> {
  const rows = await db
    .deleteFrom('processing_restrictions')
    .where('customer_id', '=', customerId)
    .returning('id')
    .execute();
  return rows.length;
}

/** {@link deleteRestrictionsOf} for several customers in one statement: how many each lost. */
export async function deleteRestrictionsOfMany(
  db: Executor,
  customerIds: readonly string[],
): Promise<Map<string, number>> {
  if (customerIds.length === 0) return new Map();
  const rows = await db
    .deleteFrom('processing_restrictions')
    .where('customer_id', 'in', [...customerIds])
    .returning('customer_id')
    .execute();
  return countBy(rows, (r) => r.customer_id);
}

/** Which of these customers are restricted now (the staff queue's flag). */
export async function restrictedAmong(db: Executor, customerIds: string[]): Promise<Set<string>> {
  if (customerIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('processing_restrictions')
    .select('customer_id')
    .where('customer_id', 'in', customerIds)
    .where('lifted_at', 'is', null)
    .execute();
  return new Set(rows.map((r) => r.customer_id));
}

/** Every restriction in force, the oldest first (the staff console's list). */
export async function listActiveRestrictions(
  db: Executor,
  limit: number,
): Promise<RestrictionRow[]> {
  return db
    .selectFrom('processing_restrictions')
    .selectAll()
    .where('lifted_at', 'is', null)
    .orderBy('since')
    .orderBy('id')
    .limit(limit)
    .execute();
}
