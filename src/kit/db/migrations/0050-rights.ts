import { sql, type Kysely } from 'kysely';

/**
 * Data-subject requests and their recorded steps (src/rights). The step table's primary key is
 * what makes each step happen once: a resumed run finds the step recorded and skips it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('dsr_requests')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('type', 'text', (c) =>
      c
        .notNull()
        .check(
          sql`type in ('access', 'portability', 'rectification', 'erasure', 'restriction', 'objection')`,
        ),
    )
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('received', 'verified', 'running', 'done', 'refused')`),
    )
    .addColumn('channel', 'text', (c) =>
      c.notNull().check(sql`channel in ('self_service', 'email', 'staff', 'shopify')`),
    )
    .addColumn('customer_id', 'text')
    .addColumn('email_index', 'text')
    .addColumn('email_sealed', 'text')
    .addColumn('received_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('due_at', 'timestamptz', (c) => c.notNull())
    .addColumn('extended_at', 'timestamptz')
    .addColumn('extension_reasons', 'text')
    .addColumn('refused_at', 'timestamptz')
    .addColumn('refusal_reasons', 'text')
    .addColumn('completed_at', 'timestamptz')
    .addCheckConstraint(
      'dsr_requests_subject',
      sql`(customer_id is not null) <> (email_index is not null)`,
    )
    .execute();
  await db.schema
    .createIndex('dsr_requests_open_idx')
    .on('dsr_requests')
    .columns(['status', 'due_at'])
    .execute();
  await db.schema
    .createIndex('dsr_requests_customer_idx')
    .on('dsr_requests')
    .column('customer_id')
    .execute();

  await db.schema
    .createTable('dsr_request_steps')
    .addColumn('request_id', 'uuid', (c) =>
      c.notNull().references('dsr_requests.id').onDelete('cascade'),
    )
    .addColumn('step', 'text', (c) => c.notNull())
    .addColumn('output', 'jsonb')
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`clock_timestamp()`))
    .addPrimaryKeyConstraint('dsr_request_steps_pk', ['request_id', 'step'])
    .execute();

  await db.schema
    .createTable('dsr_exports')
    .addColumn('request_id', 'uuid', (c) =>
      c.primaryKey().references('dsr_requests.id').onDelete('cascade'),
    )
    .addColumn('sealed', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('dsr_notifications')
    .addColumn('request_id', 'uuid', (c) =>
      c.notNull().references('dsr_requests.id').onDelete('cascade'),
    )
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) =>
      c.notNull().check(sql`outcome in ('notified', 'manual', 'impossible')`),
    )
    .addColumn('detail', 'text')
    .addColumn('notified_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('dsr_notifications_pk', ['request_id', 'recipient'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('dsr_notifications').execute();
  await db.schema.dropTable('dsr_exports').execute();
  await db.schema.dropTable('dsr_request_steps').execute();
  await db.schema.dropTable('dsr_requests').execute();
}
