import { sql, type Kysely } from 'kysely';

/**
 * The access export's last lookups by customer that had no index of their own, so at a store's
 * scale they scanned the table (as credit decisions and subscriptions did before 0071):
 * `processing_restrictions` had only a partial index of the restrictions in force, and the
 * export reads every restriction, lifted ones too, in `since` order; `retention_holds` had none
 * (the export read every hold of every customer and kept the customer's).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index processing_restrictions_customer
    on processing_restrictions (customer_id, since)`.execute(db);
  await sql`create index retention_holds_customer on retention_holds (customer_id, placed_at)
    where customer_id is not null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index retention_holds_customer`.execute(db);
  await sql`drop index processing_restrictions_customer`.execute(db);
}
