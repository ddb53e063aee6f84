import { sql, type Kysely } from 'kysely';

/**
 * An erasure fulfilled in part because a legal hold keeps some of the data (GDPR Art. 17(3)(e),
 * src/rights/engine/held-erasures.ts): status `partial` until the hold ends and the engine
 * completes it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table dsr_requests drop constraint dsr_requests_status_check`.execute(db);
  await sql`alter table dsr_requests add constraint dsr_requests_status_check
    check (status in ('received', 'verified', 'running', 'done', 'refused', 'expired', 'partial'))`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table dsr_requests drop constraint dsr_requests_status_check`.execute(db);
  await sql`alter table dsr_requests add constraint dsr_requests_status_check
    check (status in ('received', 'verified', 'running', 'done', 'refused', 'expired'))`.execute(
    db,
  );
}
