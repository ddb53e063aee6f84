import { sql, type Kysely } from 'kysely';

/**
 * Publishing policy versions (src/policy, issue 14): each version carries its change note in
 * en/fi/sv and whether it touches a consent purpose (only then the banner asks again); each
 * notice of a significant version to a customer is recorded once (the primary key is what makes
 * a resumed run skip the customers already told); a run's progress is one row per version.
 * `mail_bounces` keeps the blind index of addresses that bounced: no notice is sent to them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('policy_versions')
    .addColumn('notes', 'jsonb')
    // True unless the publisher found the consent texts and purposes unchanged: before this
    // migration every significant version re-asked consent, and a row written without the
    // column still does.
    .addColumn('touches_consent', 'boolean', (c) => c.notNull().defaultTo(true))
    .execute();

  await db.schema
    .createTable('policy_notice_runs')
    .addColumn('policy_version', 'integer', (c) =>
      c.primaryKey().references('policy_versions.version'),
    )
    .addColumn('total', 'integer', (c) => c.notNull())
    .addColumn('started_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('finished_at', 'timestamptz')
    .execute();

  await db.schema
    .createTable('policy_notices')
    .addColumn('policy_version', 'integer', (c) =>
      c.notNull().references('policy_notice_runs.policy_version'),
    )
    .addColumn('customer_id', 'uuid', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) =>
      c.notNull().check(sql`outcome in ('sent', 'suppressed', 'erased')`),
    )
    .addColumn('lang', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('policy_notices_pk', ['policy_version', 'customer_id'])
    .execute();
  await db.schema
    .createIndex('policy_notices_customer')
    .on('policy_notices')
    .column('customer_id')
    .execute();

  await db.schema
    .createTable('mail_bounces')
    .addColumn('email_index', 'text', (c) => c.primaryKey())
    .addColumn('bounced_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('mail_bounces').execute();
  await db.schema.dropTable('policy_notices').execute();
  await db.schema.dropTable('policy_notice_runs').execute();
  await db.schema
    .alterTable('policy_versions')
    .dropColumn('notes')
    .dropColumn('touches_consent')
    .execute();
}
