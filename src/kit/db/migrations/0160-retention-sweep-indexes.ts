import { sql, type Kysely } from 'kysely';

/**
 * Indexes in the order each retention sweep reads its due records (anchor, then key), so a batch
 * reads its 500 oldest rows from an index instead of scanning and sorting every expired row of
 * the table: without them a sweep's batches grow slower with the backlog (quadratic over a run),
 * and at a store's scale a sweep ran at a tenth of a plain DELETE of the same rows. Partial where
 * a sweep only ever sees part of the table (orders not yet anonymised, events not yet
 * anonymised, pending subscriptions).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // browsing.events: `occurred_at < before and visitor_id <> '' order by occurred_at, id`.
  await sql`create index browsing_events_due on browsing_events (occurred_at, id)
    where visitor_id <> ''`.execute(db);
  // orders.consumer_trade, orders.vouchers, orders.books: each its own scope and anchor.
  await sql`create index orders_due_consumer_trade on orders (coalesce(delivered_at, created_at), id)
    where anonymised_at is null`.execute(db);
  await sql`create index orders_due_vouchers on orders (created_at, id)
    where vouchers_ended_at is null`.execute(db);
  await sql`create index orders_due_books on orders (created_at, id)
    where vouchers_ended_at is not null`.execute(db);
  // customers.inactive: the latest order of each customer (the account's last activity).
  await sql`create index orders_customer_created on orders (customer_id, created_at)`.execute(db);
  await sql`create index customers_inactivity_notice on customers (inactivity_notice_at)
    where inactivity_notice_at is not null`.execute(db);
  await sql`create index credit_decisions_due on credit_decisions (decided_at, id)`.execute(db);
  // The logs (system_logs) and the newsletter's unconfirmed rows (consent_proof).
  await sql`create index disclosures_due on disclosures (disclosed_at, id)`.execute(db);
  await sql`create index breach_notices_due on breach_notices (at)`.execute(db);
  await sql`create index policy_notices_due on policy_notices (recorded_at)`.execute(db);
  await sql`create index campaign_sends_due on campaign_sends (at)`.execute(db);
  await sql`create index source_notices_due on source_notices (sent_at, id)
    where sent_at is not null`.execute(db);
  await sql`create index mail_bounces_due on mail_bounces (bounced_at)`.execute(db);
  await sql`create index newsletter_subscriptions_due on newsletter_subscriptions (created_at)
    where status = 'pending'`.execute(db);
  await sql`create index newsletter_suppressions_due on newsletter_suppressions (suppressed_at)`.execute(
    db,
  );
  await sql`create index dsr_requests_finished on dsr_requests (coalesce(completed_at, refused_at))
    where status in ('done', 'refused', 'expired')`.execute(db);
  // The disclosure log's old index on its anchor alone is covered by the new one.
  await sql`drop index disclosures_disclosed_at`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`create index disclosures_disclosed_at on disclosures (disclosed_at)`.execute(db);
  for (const name of [
    'browsing_events_due',
    'orders_due_consumer_trade',
    'orders_due_vouchers',
    'orders_due_books',
    'orders_customer_created',
    'customers_inactivity_notice',
    'credit_decisions_due',
    'disclosures_due',
    'breach_notices_due',
    'policy_notices_due',
    'campaign_sends_due',
    'source_notices_due',
    'mail_bounces_due',
    'newsletter_subscriptions_due',
    'newsletter_suppressions_due',
    'dsr_requests_finished',
  ]) {
    await sql`drop index ${sql.id(name)}`.execute(db);
  }
}
