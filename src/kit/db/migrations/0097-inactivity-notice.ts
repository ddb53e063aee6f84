import type { Kysely } from 'kysely';

/**
 * When an inactive customer was told their account will be erased (src/customers,
 * `customers.inactive`): the erasure waits for a notice sent after the last activity.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('customers')
    .addColumn('inactivity_notice_at', 'timestamptz')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('customers').dropColumn('inactivity_notice_at').execute();
}
