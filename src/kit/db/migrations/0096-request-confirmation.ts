import { sql, type Kysely } from 'kysely';

/**
 * Unconfirmed requests (src/rights): a request nobody has confirmed yet has not started its Art.
 * 12(3) month. `deadline_from` is when it did start (its confirmation; null: at receipt, as
 * for a signed-in customer's), `confirm_by` when an unconfirmed one expires, and `expired` the
 * status it then ends in, out of the queue, its sealed address shredded.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('dsr_requests').addColumn('deadline_from', 'timestamptz').execute();
  await db.schema.alterTable('dsr_requests').addColumn('confirm_by', 'timestamptz').execute();
  await sql`alter table dsr_requests drop constraint dsr_requests_status_check`.execute(db);
  await sql`alter table dsr_requests add constraint dsr_requests_status_check
    check (status in ('received', 'verified', 'running', 'done', 'refused', 'expired'))`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table dsr_requests drop constraint dsr_requests_status_check`.execute(db);
  await sql`alter table dsr_requests add constraint dsr_requests_status_check
    check (status in ('received', 'verified', 'running', 'done', 'refused'))`.execute(db);
  await db.schema.alterTable('dsr_requests').dropColumn('confirm_by').execute();
  await db.schema.alterTable('dsr_requests').dropColumn('deadline_from').execute();
}
