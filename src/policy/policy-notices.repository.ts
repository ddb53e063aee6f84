/**
 * The notices of significant policy versions: one run per version (`policy_notice_runs`) and one
 * row per customer told (`policy_notices`). The recipients are read from `customers` here, the
 * one query outside this feature's tables: the run walks every account in id order and needs
 * the sealed address in the same transaction that records the notice (its profile columns, in
 * either layout: src/customers/customer-profile.ts opens them).
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../kit/db/schema.ts';
import type { PolicyNoticesTable } from './policy.tables.ts';
import { countBy } from '../kit/count-by.ts';

type Db = Kysely<DB> | Transaction<DB>;

export type NoticeOutcome = PolicyNoticesTable['outcome'];

export interface NoticeRecipient {
  id: string;
  lang: string;
  emailIndex: string;
  profile_record: string | null;
  email_sealed: string | null;
}

export interface NoticeRunRow {
  policyVersion: number;
  total: number;
  startedAt: Date;
  finishedAt: Date | null;
}

/**
 * Starts the run of a version once: its total is the accounts that registered under an older
 * version (later ones accepted this version when they registered).
 */
export async function startRun(db: Db, policyVersion: number): Promise<void> {
  await sql`insert into policy_notice_runs (policy_version, total)
    select ${policyVersion}, count(*)::int from customers where policy_version < ${policyVersion}
    on conflict (policy_version) do nothing`.execute(db);
}

export async function findRun(db: Db, policyVersion: number): Promise<NoticeRunRow | undefined> {
  return db
    .selectFrom('policy_notice_runs')
    .select([
      'policy_version as policyVersion',
      'total',
      'started_at as startedAt',
      'finished_at as finishedAt',
    ])
    .where('policy_version', '=', policyVersion)
    .executeTakeFirst();
}

export async function unfinishedRuns(db: Db): Promise<number[]> {
  const rows = await db
    .selectFrom('policy_notice_runs')
    .select('policy_version')
    .where('finished_at', 'is', null)
    .orderBy('policy_version')
    .execute();
  return rows.map((r) => r.policy_version);
}

export async function finishRun(db: Db, policyVersion: number, at: Date): Promise<void> {
  await db
    .updateTable('policy_notice_runs')
    .set({ finished_at: at })
    .where('policy_version', '=', policyVersion)
    .where('finished_at', 'is', null)
    .execute();
}

/** Counts of the notices recorded so far, by outcome. */
export async function countNotices(
  db: Db,
  policyVersion: number,
): Promise<Record<NoticeOutcome, number>> {
  const rows = await db
    .selectFrom('policy_notices')
    .select(['outcome', (eb) => eb.fn.countAll<string>().as('n')])
    .where('policy_version', '=', policyVersion)
    .groupBy('outcome')
    .execute();
  const counts: Record<NoticeOutcome, number> = { sent: 0, suppressed: 0, erased: 0 };
  for (const r of rows) counts[r.outcome] = Number(r.n);
  return counts;
}

/** The next accounts not yet recorded for this version, in id order. */
export async function nextRecipients(
  db: Db,
  policyVersion: number,
  limit: number,
): Promise<NoticeRecipient[]> {
  return db
    .selectFrom('customers as c')
    .select(['c.id', 'c.lang', 'c.email_index as emailIndex', 'c.profile_record', 'c.email_sealed'])
    .where('c.policy_version', '<', policyVersion)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('policy_notices as n')
            .select('n.customer_id')
            .where('n.policy_version', '=', policyVersion)
            .whereRef('n.customer_id', '=', 'c.id'),
        ),
      ),
    )
    .orderBy('c.id')
    .limit(limit)
    .execute();
}

/** The same account read again inside the notice's transaction, locked against a second worker. */
export async function lockRecipient(db: Db, id: string): Promise<NoticeRecipient | undefined> {
  return db
    .selectFrom('customers')
    .select(['id', 'lang', 'email_index as emailIndex', 'profile_record', 'email_sealed'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

/** Records a notice; false when it was already recorded (another worker, or a resumed run). */
export async function recordNotice(
  db: Db,
  row: { policyVersion: number; customerId: string; outcome: NoticeOutcome; lang: string },
): Promise<boolean> {
  const result = await db
    .insertInto('policy_notices')
    .values({
      policy_version: row.policyVersion,
      customer_id: row.customerId,
      outcome: row.outcome,
      lang: row.lang,
    })
    .onConflict((oc) => oc.columns(['policy_version', 'customer_id']).doNothing())
    .returning('customer_id')
    .executeTakeFirst();
  return result !== undefined;
}

export async function noticesOf(
  db: Db,
  customerId: string,
): Promise<{ policyVersion: number; outcome: NoticeOutcome; lang: string; recordedAt: Date }[]> {
  return db
    .selectFrom('policy_notices')
    .select(['policy_version as policyVersion', 'outcome', 'lang', 'recorded_at as recordedAt'])
    .where('customer_id', '=', customerId)
    .orderBy('policy_version')
    .execute();
}

export async function deleteNoticesOf(db: Db, customerId: string): Promise<number> {
  const result = await db
    .deleteFrom('policy_notices')
    .where('customer_id', '=', customerId)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** {@link deleteNoticesOf} for several customers in one statement: how many each lost. */
export async function deleteNoticesOfMany(
  db: Db,
  customerIds: readonly string[],
): Promise<Map<string, number>> {
  if (customerIds.length === 0) return new Map();
  const rows = await db
    .deleteFrom('policy_notices')
    .where('customer_id', 'in', [...customerIds])
    .returning('customer_id')
    .execute();
  return countBy(rows, (r) => r.customer_id);
}
