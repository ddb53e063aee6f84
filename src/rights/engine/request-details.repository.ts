/** Sealed details of a request (rectification text, erasure confirmation). Only this file. */
import type { Executor } from '../../core/personal-data-registry.ts';
import type { RequestDetailKind } from './request-details.tables.ts';

export async function insertDetail(
  db: Executor,
  requestId: string,
  kind: RequestDetailKind,
  sealed: string,
): Promise<void> {
  await insertDetails(db, kind, [{ requestId, sealed }]);
}

/** {@link insertDetail} for several requests in one statement (erasures run together). */
export async function insertDetails(
  db: Executor,
  kind: RequestDetailKind,
  details: readonly { requestId: string; sealed: string }[],
): Promise<void> {
  if (details.length === 0) return;
  await db
    .insertInto('dsr_request_details')
    .values(details.map((d) => ({ request_id: d.requestId, kind, sealed: d.sealed })))
    .execute();
}

export async function findDetail(
  db: Executor,
  requestId: string,
  kind: RequestDetailKind,
): Promise<string | undefined> {
  return (await findDetails(db, [requestId], kind)).get(requestId);
}

/** {@link findDetail} for several requests in one statement: the sealed text of each that has one. */
export async function findDetails(
  db: Executor,
  requestIds: readonly string[],
  kind: RequestDetailKind,
): Promise<Map<string, string>> {
  if (requestIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('dsr_request_details')
    .select(['request_id', 'sealed'])
    .where('request_id', 'in', [...requestIds])
    .where('kind', '=', kind)
    .execute();
  return new Map(rows.map((r) => [r.request_id, r.sealed]));
}

export async function deleteDetail(
  db: Executor,
  requestId: string,
  kind: RequestDetailKind,
): Promise<void> {
  await db
    .deleteFrom('dsr_request_details')
    .where('request_id', '=', requestId)
    .where('kind', '=', kind)
    .execute();
}

/** {@link deleteDetail} for several requests in one statement (erasures run together). */
export async function deleteDetails(
  db: Executor,
  requestIds: readonly string[],
  kind: RequestDetailKind,
): Promise<void> {
  if (requestIds.length === 0) return;
  await db
    .deleteFrom('dsr_request_details')
    .where('request_id', 'in', requestIds)
    .where('kind', '=', kind)
    .execute();
}

/** Which of these customers have details of the kind {@link detailsOfCustomer} finds. */
export async function customersWithDetails(
  db: Executor,
  customerIds: readonly string[],
  kind: RequestDetailKind,
): Promise<Set<string>> {
  if (customerIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('dsr_request_details as d')
    .innerJoin('dsr_requests as r', 'r.id', 'd.request_id')
    .select('r.customer_id')
    .where('r.customer_id', 'in', [...customerIds])
    .where('d.kind', '=', kind)
    .execute();
  return new Set(rows.flatMap((r) => (r.customer_id ? [r.customer_id] : [])));
}

/** The customer's requests that hold details of `kind`, with their sealed text. */
export async function detailsOfCustomer(
  db: Executor,
  customerId: string,
  kind: RequestDetailKind,
): Promise<{ request_id: string; received_at: Date; sealed: string }[]> {
  return db
    .selectFrom('dsr_request_details as d')
    .innerJoin('dsr_requests as r', 'r.id', 'd.request_id')
    .select(['d.request_id', 'r.received_at', 'd.sealed'])
    .where('r.customer_id', '=', customerId)
    .where('d.kind', '=', kind)
    .orderBy('r.received_at')
    .execute();
}
