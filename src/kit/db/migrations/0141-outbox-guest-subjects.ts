import { sql, type Kysely } from 'kysely';

/**
 * The outbox keeps mail to guests too: a guest order's vault subject is `guest_<uuid>`, not a
 * uuid, so `customer_id` (the subject the message is sealed under) becomes text. Before this,
 * every mail to a guest failed to be kept when no SMTP server was configured.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table notify_outbox alter column customer_id type text`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`delete from notify_outbox where customer_id not similar to '[0-9a-f-]{36}'`.execute(db);
  await sql`alter table notify_outbox alter column customer_id type uuid using customer_id::uuid`.execute(
    db,
  );
}
