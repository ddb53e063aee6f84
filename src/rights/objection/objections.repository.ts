/** What objection requests object to, and staff decisions. Only this file touches `dsr_objections`. */
import { isUuid } from '../../kit/db/uuid.ts';
import type { Selectable } from 'kysely';
import type { Executor } from '../../core/personal-data-registry.ts';
import type {
  DsrObjectionsTable,
  ObjectionDecision,
  ObjectionScope,
} from '../restriction/restrictions.tables.ts';

export type ObjectionRow = Selectable<DsrObjectionsTable>;

export async function insertObjection(
  db: Executor,
  values: { requestId: string; scope: ObjectionScope; purposes: string[] },
): Promise<void> {
  await db
    .insertInto('dsr_objections')
    .values({
      request_id: values.requestId,
      scope: values.scope,
      purposes: JSON.stringify(values.purposes),
    })
    .execute();
}

export async function findObjection(
  db: Executor,
  requestId: string,
): Promise<ObjectionRow | undefined> {
  if (!isUuid(requestId)) return undefined;
  return db
    .selectFrom('dsr_objections')
    .selectAll()
    .where('request_id', '=', requestId)
    .executeTakeFirst();
}

/** An objection on other grounds that staff have not decided yet: its run waits. */
export async function awaitsDecision(db: Executor, requestId: string): Promise<boolean> {
  const row = await findObjection(db, requestId);
  return row?.scope === 'other' && row.decision === null;
}

export async function recordDecision(
  db: Executor,
  requestId: string,
  values: { decision: ObjectionDecision; decidedAt: Date; reasonsSealed: string },
): Promise<void> {
  await db
    .updateTable('dsr_objections')
    .set({
      decision: values.decision,
      decided_at: values.decidedAt,
      reasons_sealed: values.reasonsSealed,
    })
    .where('request_id', '=', requestId)
    .execute();
}

export async function markAnswered(db: Executor, requestId: string, at: Date): Promise<void> {
  await db
    .updateTable('dsr_objections')
    .set({ answered_at: at })
    .where('request_id', '=', requestId)
    .execute();
}

/** Purposes the customer's upheld objections stopped (Art. 21(1)). */
export async function upheldPurposesOf(db: Executor, customerId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('dsr_objections as o')
    .innerJoin('dsr_requests as r', 'r.id', 'o.request_id')
    .select('o.purposes')
    .where('r.customer_id', '=', customerId)
    .where('o.decision', '=', 'upheld')
    .execute();
  return [...new Set(rows.flatMap((r) => r.purposes))].sort();
}

/** The customer's objections with their requests (the access export and erasure). */
export async function objectionsOf(
  db: Executor,
  customerId: string,
): Promise<(ObjectionRow & { received_at: Date })[]> {
  return db
    .selectFrom('dsr_objections as o')
    .innerJoin('dsr_requests as r', 'r.id', 'o.request_id')
    .selectAll('o')
    .select('r.received_at')
    .where('r.customer_id', '=', customerId)
    .orderBy('r.received_at')
    .execute();
}

/** Which of these customers have an objection {@link objectionsOf} finds: one statement. */
export async function customersWithObjections(
  db: Executor,
  customerIds: readonly string[],
): Promise<Set<string>> {
  if (customerIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('dsr_objections as o')
    .innerJoin('dsr_requests as r', 'r.id', 'o.request_id')
    .select('r.customer_id')
    .where('r.customer_id', 'in', [...customerIds])
    .execute();
  return new Set(rows.flatMap((r) => (r.customer_id ? [r.customer_id] : [])));
}

/** Erasure: the decisions go (the requests themselves stay, keyed by id only). */
export async function deleteObjections(db: Executor, requestIds: string[]): Promise<number> {
  if (requestIds.length === 0) return 0;
  const rows = await db
    .deleteFrom('dsr_objections')
    .where('request_id', 'in', requestIds)
    .returning('request_id')
    .execute();
  return rows.length;
}

/**
 * Objections on other grounds still waiting for a staff decision, with their requests, the one
 * due first first (the staff console's list).
 */
export async function listAwaitingDecision(db: Executor, limit: number) {
  return db
    .selectFrom('dsr_objections as o')
    .innerJoin('dsr_requests as r', 'r.id', 'o.request_id')
    .select(['o.request_id', 'o.purposes', 'r.status', 'r.received_at', 'r.due_at'])
    .where('o.scope', '=', 'other')
    .where('o.decision', 'is', null)
    .where('r.status', 'in', ['received', 'verified', 'running'])
    .orderBy('r.due_at')
    .orderBy('o.request_id')
    .limit(limit)
    .execute();
}
