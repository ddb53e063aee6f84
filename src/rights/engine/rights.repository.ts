/** Data-subject requests, their steps, exports and Art. 19 notices. Only this file touches them. */
import { isUuid } from '../../kit/db/uuid.ts';
import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { NoticeOutcome } from './rights.ts';
import type { DsrRequestsTable } from './rights.tables.ts';
import type { Executor } from '../../core/personal-data-registry.ts';
import { customerOrEmail, isCustomerOrEmailOf } from '../../core/customer-or-email.ts';

export type RequestRow = Selectable<DsrRequestsTable>;

export async function insertRequest(
  db: Executor,
  values: Insertable<DsrRequestsTable>,
): Promise<RequestRow> {
  return db.insertInto('dsr_requests').values(values).returningAll().executeTakeFirstOrThrow();
}

/** Several requests in one statement (erasures created together by a retention sweep). */
export async function insertRequests(
  db: Executor,
  values: Insertable<DsrRequestsTable>[],
): Promise<void> {
  if (values.length === 0) return;
  await db.insertInto('dsr_requests').values(values).execute();
}

export async function findRequest(db: Executor, id: string): Promise<RequestRow | undefined> {
  if (!isUuid(id)) return undefined;
  return db.selectFrom('dsr_requests').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The request, locked until the transaction ends: steps of one request never run side by side. */
export async function lockRequest(db: Executor, id: string): Promise<RequestRow | undefined> {
  if (!isUuid(id)) return undefined;
  return db
    .selectFrom('dsr_requests')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

/**
 * {@link lockRequest} for several requests, locked in id order (two callers locking overlapping
 * sets never deadlock), in one statement. Malformed or missing ids are left out.
 */
export async function lockRequests(db: Executor, ids: readonly string[]): Promise<RequestRow[]> {
  const valid = [...new Set(ids.filter(isUuid))];
  if (valid.length === 0) return [];
  return db
    .selectFrom('dsr_requests')
    .selectAll()
    .where('id', 'in', valid)
    .orderBy('id')
    .forUpdate()
    .execute();
}

export async function updateRequest(
  db: Executor,
  id: string,
  patch: Updateable<DsrRequestsTable>,
): Promise<void> {
  await updateRequests(db, [id], patch);
}

/** {@link updateRequest} for several requests in one statement (erasures run together). */
export async function updateRequests(
  db: Executor,
  ids: readonly string[],
  patch: Updateable<DsrRequestsTable>,
): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('dsr_requests')
    .set(patch)
    .where('id', 'in', [...ids])
    .execute();
}

export async function listOpenRequests(db: Executor): Promise<RequestRow[]> {
  return db
    .selectFrom('dsr_requests')
    .selectAll()
    .where('status', 'in', ['received', 'verified', 'running', 'partial'])
    .orderBy('due_at')
    .orderBy('id')
    .execute();
}

/** Unconfirmed requests whose time to be confirmed ended before `now`. */
export async function listUnconfirmedBefore(db: Executor, now: Date): Promise<string[]> {
  const rows = await db
    .selectFrom('dsr_requests')
    .select('id')
    .where('status', '=', 'received')
    .where('confirm_by', '<=', now)
    .execute();
  return rows.map((r) => r.id);
}

/** Requests a worker should be running: verified or started, not yet finished. */
export async function listRunnableIds(db: Executor): Promise<string[]> {
  const rows = await db
    .selectFrom('dsr_requests')
    .select('id')
    .where('status', 'in', ['verified', 'running'])
    .execute();
  return rows.map((r) => r.id);
}

export async function listRequestsOfCustomer(
  db: Executor,
  customerId: string,
): Promise<RequestRow[]> {
  return db
    .selectFrom('dsr_requests')
    .selectAll()
    .where('customer_id', '=', customerId)
    .orderBy('received_at', 'desc')
    .execute();
}

export async function hasStep(db: Executor, requestId: string, step: string): Promise<boolean> {
  const row = await db
    .selectFrom('dsr_request_steps')
    .select('step')
    .where('request_id', '=', requestId)
    .where('step', '=', step)
    .executeTakeFirst();
  return row !== undefined;
}

export async function stepOutput(db: Executor, requestId: string, step: string): Promise<unknown> {
  const row = await db
    .selectFrom('dsr_request_steps')
    .select('output')
    .where('request_id', '=', requestId)
    .where('step', '=', step)
    .executeTakeFirst();
  return row?.output;
}

/** Every step recorded for each of the requests, with its output, in one statement, by request. */
export async function recordedStepsOf(
  db: Executor,
  requestIds: readonly string[],
  only: {
    /** False: the steps' names only (each output undefined), for callers that only skip. */
    outputs?: boolean;
    /** Only the steps whose name starts so. */
    prefix?: string;
  } = {},
): Promise<Map<string, Map<string, unknown>>> {
  const out = new Map<string, Map<string, unknown>>(requestIds.map((id) => [id, new Map()]));
  if (requestIds.length === 0) return out;
  const outputs = only.outputs !== false;
  let query = db
    .selectFrom('dsr_request_steps')
    .select(['request_id', 'step'])
    .$if(outputs, (q) => q.select('output'))
    .where('request_id', 'in', requestIds);
  if (only.prefix !== undefined)
    query = query.where('step', 'like', `${only.prefix.replace(/[\\%_]/g, '\\$&')}%`);
  const rows = (await query.execute()) as { request_id: string; step: string; output?: unknown }[];
  for (const r of rows) out.get(r.request_id)?.set(r.step, r.output);
  return out;
}

export async function insertStep(
  db: Executor,
  requestId: string,
  step: string,
  output: unknown,
): Promise<void> {
  await db
    .insertInto('dsr_request_steps')
    .values({
      request_id: requestId,
      step,
      output: output === undefined ? null : JSON.stringify(output),
    })
    .execute();
}

/**
 * Several steps, of one request or several, in one statement, each recorded as done `agoMs`
 * before it (when its work ended, by the database's clock), so they keep their order and their
 * durations.
 */
export async function insertStepsOf(
  db: Executor,
  steps: { requestId: string; step: string; output: unknown; agoMs: number }[],
): Promise<void> {
  if (steps.length === 0) return;
  // One JSON parameter, not four per step: a batch of erasures records thousands of steps in one
  // transaction, and a multi-row VALUES of that many parameters (or arrays of escaped JSON
  // texts) cost more to build, send and parse than the insert itself.
  const rows = steps.map((s) => ({
    r: s.requestId,
    s: s.step,
    // As JSON text: an output of null is recorded as JSON null, an undefined one as SQL NULL.
    o: s.output === undefined ? null : JSON.stringify(s.output),
    a: s.agoMs,
  }));
  await sql`insert into dsr_request_steps (request_id, step, output, recorded_at)
    select r, s, o::jsonb, clock_timestamp() - a * interval '1 millisecond'
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as v(r uuid, s text, o text, a float8)`.execute(
    db,
  );
}

export async function listSteps(
  db: Executor,
  requestId: string,
): Promise<{ step: string; output: unknown; recorded_at: Date }[]> {
  return db
    .selectFrom('dsr_request_steps')
    .select(['step', 'output', 'recorded_at'])
    .where('request_id', '=', requestId)
    .orderBy('recorded_at')
    .orderBy('step')
    .execute();
}

export async function insertExport(db: Executor, requestId: string, sealed: string): Promise<void> {
  await db.insertInto('dsr_exports').values({ request_id: requestId, sealed }).execute();
}

export async function findExport(db: Executor, requestId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('dsr_exports')
    .select('sealed')
    .where('request_id', '=', requestId)
    .executeTakeFirst();
  return row?.sealed;
}

/** Art. 19 notices as passed on, of one request or several, in one statement. */
export async function insertNotifications(
  db: Executor,
  notices: readonly {
    requestId: string;
    recipient: string;
    outcome: NoticeOutcome;
    detail: string | null;
  }[],
): Promise<void> {
  if (notices.length === 0) return;
  await db
    .insertInto('dsr_notifications')
    .values(
      notices.map((n) => ({
        request_id: n.requestId,
        recipient: n.recipient,
        outcome: n.outcome,
        detail: n.detail,
      })),
    )
    .execute();
}

export async function listNotifications(
  db: Executor,
  requestId: string,
): Promise<
  { recipient: string; outcome: NoticeOutcome; detail: string | null; notified_at: Date }[]
> {
  return db
    .selectFrom('dsr_notifications')
    .select(['recipient', 'outcome', 'detail', 'notified_at'])
    .where('request_id', '=', requestId)
    .orderBy('recipient')
    .execute();
}

/** A subject's requests (by account, or by email index when without one), oldest first. */
export async function listRequestsOfSubject(
  db: Executor,
  subject: { customerId: string | null; emailIndex: string | null },
): Promise<RequestRow[]> {
  if (!subject.customerId && !subject.emailIndex) return [];
  return db
    .selectFrom('dsr_requests')
    .selectAll()
    .where((eb) =>
      eb.or([
        ...(subject.customerId ? [eb('customer_id', '=', subject.customerId)] : []),
        ...(subject.emailIndex ? [eb('email_index', '=', subject.emailIndex)] : []),
      ]),
    )
    .orderBy('received_at')
    .orderBy('id')
    .execute();
}

/**
 * Whether each person has a request {@link listRequestsOfSubject} finds besides `requestId` (the
 * erasure itself): one statement for all.
 */
export async function haveOtherRequests(
  db: Executor,
  people: readonly { customerId: string | null; emailIndex: string | null; requestId: string }[],
): Promise<boolean[]> {
  const theirs = customerOrEmail(people, 'email_index');
  if (!theirs) return people.map(() => false);
  const rows = await db
    .selectFrom('dsr_requests')
    .select(['id', 'customer_id', 'email_index'])
    .where(theirs)
    .execute();
  return people.map((s) =>
    rows.some((r) => r.id !== s.requestId && isCustomerOrEmailOf(s, r.customer_id, r.email_index)),
  );
}

export async function deleteExports(db: Executor, requestIds: string[]): Promise<number> {
  if (requestIds.length === 0) return 0;
  const result = await db
    .deleteFrom('dsr_exports')
    .where('request_id', 'in', requestIds)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/**
 * Forgets what the steps recorded (keeping that they happened), for each of the requests, in one
 * statement: the email index a run held while it needed it. Step outputs are otherwise never
 * changed.
 */
export async function clearStepOutputs(
  db: Executor,
  requestIds: readonly string[],
  steps: readonly string[],
): Promise<void> {
  if (requestIds.length === 0 || steps.length === 0) return;
  await sql`update dsr_request_steps set output = null
    where request_id = any(${[...requestIds]}::uuid[]) and step = any(${[...steps]}::text[])`.execute(
    db,
  );
}

/**
 * Erasures fulfilled in part, waiting on legal holds: each with its latest held record
 * (held-record.ts: the `held` step's output, or a later `held-update:<n>`'s; `{ until, holds }`).
 */
export async function listPartialErasures(
  db: Executor,
): Promise<{ id: string; output: unknown }[]> {
  const rows = await db
    .selectFrom('dsr_requests as r')
    .innerJoin('dsr_request_steps as s', (j) =>
      j
        .onRef('s.request_id', '=', 'r.id')
        .on((eb) => eb.or([eb('s.step', '=', 'held'), eb('s.step', 'like', 'held-update:%')])),
    )
    .select(['r.id', 's.output'])
    .where('r.status', '=', 'partial')
    .orderBy('r.received_at')
    .orderBy('r.id')
    .orderBy('s.recorded_at')
    .execute();
  // Oldest record first within a request: the last one kept is the latest.
  const latest = new Map<string, unknown>();
  for (const r of rows) latest.set(r.id, r.output);
  return [...latest].map(([id, output]) => ({ id, output }));
}

/** Every held record (`held`, `held-update:<n>`) of the partial erasures, oldest first. */
export async function listPartialHeldRecords(
  db: Executor,
): Promise<{ id: string; output: unknown; recorded_at: Date }[]> {
  return db
    .selectFrom('dsr_requests as r')
    .innerJoin('dsr_request_steps as s', (j) =>
      j
        .onRef('s.request_id', '=', 'r.id')
        .on((eb) => eb.or([eb('s.step', '=', 'held'), eb('s.step', 'like', 'held-update:%')])),
    )
    .select(['r.id', 's.output', 's.recorded_at'])
    .where('r.status', '=', 'partial')
    .orderBy('r.id')
    .orderBy('s.recorded_at')
    .execute();
}

/** How many `held-update:<n>` steps the request has (the next is n + 1). */
export async function countHeldUpdates(db: Executor, requestId: string): Promise<number> {
  const row = await db
    .selectFrom('dsr_request_steps')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('request_id', '=', requestId)
    .where('step', 'like', 'held-update:%')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
