/** Newsletter subscriptions, their hashed confirmation tokens and the suppression list. */
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { DB } from '../kit/db/schema.ts';
import type { NewsletterSubscriptionsTable } from './newsletter.tables.ts';
import { customerOrEmail, isCustomerOrEmailOf } from '../core/customer-or-email.ts';

type Db = Kysely<DB> | Transaction<DB>;
export type SubscriptionRow = Selectable<NewsletterSubscriptionsTable>;

export async function findByEmailIndex(
  db: Db,
  emailIndex: string,
): Promise<SubscriptionRow | undefined> {
  return db
    .selectFrom('newsletter_subscriptions')
    .selectAll()
    .where('email_index', '=', emailIndex)
    .executeTakeFirst();
}

export async function findById(db: Db, id: string): Promise<SubscriptionRow | undefined> {
  return db
    .selectFrom('newsletter_subscriptions')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Whether each person has a subscription {@link findBySubject} finds: one statement for all. */
export async function haveSubscriptions(
  db: Db,
  people: readonly { customerId: string | null; emailIndex: string | null }[],
): Promise<boolean[]> {
  const theirs = customerOrEmail(people, 'account_index');
  if (!theirs) return people.map(() => false);
  const rows = await db
    .selectFrom('newsletter_subscriptions')
    .select(['customer_id', 'account_index'])
    .where(theirs)
    .execute();
  return people.map((s) =>
    rows.some((r) => isCustomerOrEmailOf(s, r.customer_id, r.account_index)),
  );
}

/** A data-subject request's view: by account, or by the email blind index of a guest. */
export async function findBySubject(
  db: Db,
  s: { customerId: string | null; emailIndex: string | null },
): Promise<SubscriptionRow[]> {
  if (!s.customerId && !s.emailIndex) return [];
  return db
    .selectFrom('newsletter_subscriptions')
    .selectAll()
    .where((eb) =>
      eb.or([
        ...(s.customerId ? [eb('customer_id', '=', s.customerId)] : []),
        ...(s.emailIndex ? [eb('account_index', '=', s.emailIndex)] : []),
      ]),
    )
    .execute();
}

export async function insertSubscription(
  db: Db,
  row: Omit<SubscriptionRow, 'created_at' | 'confirmed_at' | 'consent_record_id'>,
): Promise<void> {
  await db.insertInto('newsletter_subscriptions').values(row).execute();
}

export async function replacePending(
  db: Db,
  id: string,
  values: Pick<
    SubscriptionRow,
    'email_sealed' | 'phone_sealed' | 'sms' | 'lang' | 'consent_text' | 'customer_id'
  >,
): Promise<void> {
  await db.updateTable('newsletter_subscriptions').set(values).where('id', '=', id).execute();
}

export async function markConfirmed(
  db: Db,
  id: string,
  at: Date,
  consentRecordId: string,
): Promise<void> {
  await db
    .updateTable('newsletter_subscriptions')
    .set({ status: 'confirmed', confirmed_at: at, consent_record_id: consentRecordId })
    .where('id', '=', id)
    .execute();
}

export async function deleteSubscription(db: Db, id: string): Promise<number> {
  const r = await db.deleteFrom('newsletter_subscriptions').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function listConfirmed(db: Db): Promise<SubscriptionRow[]> {
  return db
    .selectFrom('newsletter_subscriptions')
    .selectAll()
    .where('status', '=', 'confirmed')
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('newsletter_suppressions')
            .select('email_index')
            .whereRef(
              'newsletter_suppressions.email_index',
              '=',
              'newsletter_subscriptions.email_index',
            ),
        ),
      ),
    )
    .orderBy('created_at')
    .execute();
}

export async function insertToken(
  db: Db,
  t: { tokenHash: string; subscriptionId: string; expiresAt: Date },
): Promise<void> {
  await db
    .insertInto('newsletter_tokens')
    .values({ token_hash: t.tokenHash, subscription_id: t.subscriptionId, expires_at: t.expiresAt })
    .execute();
}

/** Marks an unused, unexpired token used; the subscription it confirms, if any. */
export async function consumeToken(
  db: Db,
  tokenHash: string,
  now: Date,
): Promise<string | undefined> {
  const row = await db
    .updateTable('newsletter_tokens')
    .set({ used_at: now })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returning('subscription_id')
    .executeTakeFirst();
  return row?.subscription_id;
}

export async function suppress(db: Db, emailIndex: string): Promise<void> {
  await db
    .insertInto('newsletter_suppressions')
    .values({ email_index: emailIndex })
    .onConflict((oc) => oc.column('email_index').doNothing())
    .execute();
}

export async function unsuppress(db: Db, emailIndex: string): Promise<void> {
  await db.deleteFrom('newsletter_suppressions').where('email_index', '=', emailIndex).execute();
}

export async function isSuppressed(db: Db, emailIndex: string): Promise<boolean> {
  const row = await db
    .selectFrom('newsletter_suppressions')
    .select('email_index')
    .where('email_index', '=', emailIndex)
    .executeTakeFirst();
  return row !== undefined;
}
