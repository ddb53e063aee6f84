/** Sealed details of a request (rectification text, erasure confirmation). Only this file. */
import type { Executor } from './personal-data-registry.ts';
import type { RequestDetailKind } from './request-details.tables.ts';

export async function insertDetail(
  db: Executor,
  requestId: string,
  kind: RequestDetailKind,
  sealed: string,
): Promise<void> {
  await db
    .insertInto('dsr_request_details')
    .values({ request_id: requestId, kind, sealed })
    .execute();
}

export async function findDetail(
  db: Executor,
  requestId: string,
  kind: RequestDetailKind,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('dsr_request_details')
    .select('sealed')
    .where('request_id', '=', requestId)
    .where('kind', '=', kind)
    .executeTakeFirst();
  return row?.sealed;
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
