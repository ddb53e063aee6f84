/** Campaigns, their per-subscription send records, and the list a campaign goes to. */
import type { Insertable, Kysely, Selectable, Transaction } from 'kysely';
import type { DB } from '../kit/db/schema.ts';
import type { CampaignSendsTable, CampaignsTable } from './campaigns.tables.ts';
import { customerOrEmail, isCustomerOrEmailOf } from '../core/customer-or-email.ts';

type Db = Kysely<DB> | Transaction<DB>;
export type CampaignRow = Selectable<CampaignsTable>;
export type SendRow = Selectable<CampaignSendsTable>;

export async function insertCampaign(db: Db, row: Insertable<CampaignsTable>): Promise<void> {
  await db.insertInto('campaigns').values(row).execute();
}

export function findCampaign(db: Db, id: string): Promise<CampaignRow | undefined> {
  return db.selectFrom('campaigns').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Locks the campaign row: two workers never start or finish the same campaign at once. */
export function lockCampaign(db: Transaction<DB>, id: string): Promise<CampaignRow | undefined> {
  return db.selectFrom('campaigns').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export function listCampaigns(db: Db, limit: number): Promise<CampaignRow[]> {
  return db
    .selectFrom('campaigns')
    .selectAll()
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
}

export async function updateCampaign(
  db: Db,
  id: string,
  values: Partial<
    Pick<CampaignRow, 'status' | 'audience' | 'started_at' | 'finished_at'> &
      Pick<
        CampaignRow,
        'subject_en' | 'subject_fi' | 'subject_sv' | 'body_en' | 'body_fi' | 'body_sv'
      >
  >,
): Promise<void> {
  await db.updateTable('campaigns').set(values).where('id', '=', id).execute();
}

/** The newsletter's list: confirmed subscriptions whose address is not suppressed. */
function listQuery(db: Db) {
  return db
    .selectFrom('newsletter_subscriptions as s')
    .where('s.status', '=', 'confirmed')
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('newsletter_suppressions as x')
            .select('x.email_index')
            .whereRef('x.email_index', '=', 's.email_index'),
        ),
      ),
    );
}

export async function countList(db: Db): Promise<number> {
  const r = await listQuery(db)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export interface ListEntry {
  id: string;
  customer_id: string | null;
  account_index: string;
  email_sealed: string;
  lang: string;
}

/**
 * The next subscriptions this campaign has not handled yet, in id order after `after`. Reading
 * past the last handled id (rather than from the start) keeps each batch one index range scan.
 */
export function nextUnhandled(
  db: Db,
  campaignId: string,
  after: string | null,
  limit: number,
): Promise<ListEntry[]> {
  let q = listQuery(db)
    .select(['s.id', 's.customer_id', 's.account_index', 's.email_sealed', 's.lang'])
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('campaign_sends as c')
            .select('c.subscription_id')
            .where('c.campaign_id', '=', campaignId)
            .whereRef('c.subscription_id', '=', 's.id'),
        ),
      ),
    );
  if (after) q = q.where('s.id', '>', after);
  return q.orderBy('s.id').limit(limit).execute();
}

export async function insertSends(db: Db, rows: CampaignSendsTable[]): Promise<void> {
  if (rows.length === 0) return;
  await db.insertInto('campaign_sends').values(rows).execute();
}

export async function markSent(db: Db, campaignId: string, subscriptionId: string): Promise<void> {
  await db
    .updateTable('campaign_sends')
    .set({ outcome: 'sent' })
    .where('campaign_id', '=', campaignId)
    .where('subscription_id', '=', subscriptionId)
    .execute();
}

export async function countOutcomes(
  db: Db,
  campaignId: string,
): Promise<Record<SendRow['outcome'], number>> {
  const rows = await db
    .selectFrom('campaign_sends')
    .select(['outcome', (eb) => eb.fn.countAll<string>().as('n')])
    .where('campaign_id', '=', campaignId)
    .groupBy('outcome')
    .execute();
  const counts = { sent: 0, claimed: 0, skipped: 0 };
  for (const r of rows) counts[r.outcome] = Number(r.n);
  return counts;
}

/** A data-subject request's view: by account, or by the email blind index of a guest. */
export function sendsOfSubject(
  db: Db,
  s: { customerId: string | null; emailIndex: string | null },
): Promise<(SendRow & { subject_en: string })[]> {
  if (!s.customerId && !s.emailIndex) return Promise.resolve([]);
  return db
    .selectFrom('campaign_sends as c')
    .innerJoin('campaigns as k', 'k.id', 'c.campaign_id')
    .selectAll('c')
    .select('k.subject_en')
    .where((eb) =>
      eb.or([
        ...(s.customerId ? [eb('c.customer_id', '=', s.customerId)] : []),
        ...(s.emailIndex ? [eb('c.account_index', '=', s.emailIndex)] : []),
      ]),
    )
    .orderBy('c.at')
    .execute();
}

/**
 * {@link deleteSendsOfSubject} for several people in one statement: how many rows each lost (a
 * row that is two people's is the first's, as when they are erased one after the other).
 */
export async function deleteSendsOfSubjects(
  db: Db,
  people: readonly { customerId: string | null; emailIndex: string | null }[],
): Promise<number[]> {
  const counts = people.map(() => 0);
  const theirs = customerOrEmail(people, 'account_index');
  if (!theirs) return counts;
  const rows = await db
    .deleteFrom('campaign_sends')
    .where(theirs)
    .returning(['customer_id', 'account_index'])
    .execute();
  for (const r of rows) {
    const i = people.findIndex((s) => isCustomerOrEmailOf(s, r.customer_id, r.account_index));
    if (i >= 0) counts[i]! += 1;
  }
  return counts;
}

export async function deleteSendsOfSubject(
  db: Db,
  s: { customerId: string | null; emailIndex: string | null },
): Promise<number> {
  if (!s.customerId && !s.emailIndex) return 0;
  const r = await db
    .deleteFrom('campaign_sends')
    .where((eb) =>
      eb.or([
        ...(s.customerId ? [eb('customer_id', '=', s.customerId)] : []),
        ...(s.emailIndex ? [eb('account_index', '=', s.emailIndex)] : []),
      ]),
    )
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}
