import { sql, type Kysely } from 'kysely';

/**
 * Retention (src/retention): the record of every run and of each sweep in it, legal holds, the
 * lease that lets one runner at a time sweep across processes, and the columns the sweeps need:
 * a customer's last activity, an order's anonymisation and voucher end, a billing copy that can
 * end before its order row does. The consent ledger stays append-only, except for the one
 * deletion its retention rule makes (consent_proof), which the sweep announces in its own
 * transaction with `set_config('custodian.retention_sweep', 'consent_proof', true)`.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('retention_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('trigger', 'text', (c) => c.notNull())
    .addColumn('as_of', 'timestamptz', (c) => c.notNull())
    .addColumn('started_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('finished_at', 'timestamptz')
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('running', 'done', 'failed', 'interrupted')`),
    )
    .execute();
  await db.schema
    .createTable('retention_run_sweeps')
    .addColumn('run_id', 'text', (c) =>
      c.notNull().references('retention_runs.id').onDelete('cascade'),
    )
    .addColumn('sweep', 'text', (c) => c.notNull())
    .addColumn('rule', 'text', (c) => c.notNull())
    .addColumn('processed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('held', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('errors', 'integer', (c) => c.notNull().defaultTo(0))
    // The error's type and a fixed message only: driver messages can quote stored values.
    .addColumn('error', 'text')
    .addColumn('duration_ms', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('retention_run_sweeps_pk', ['run_id', 'sweep'])
    .execute();
  await db.schema
    .createTable('retention_holds')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('customer_id', 'text')
    .addColumn('order_id', 'text')
    // Why staff hold the data may itself name people: sealed under `hold:<id>`.
    .addColumn('reason_sealed', 'text', (c) => c.notNull())
    .addColumn('placed_by', 'text', (c) => c.notNull())
    .addColumn('placed_at', 'timestamptz', (c) => c.notNull())
    .addColumn('until', 'timestamptz', (c) => c.notNull())
    .addColumn('released_at', 'timestamptz')
    .addCheckConstraint(
      'retention_holds_one_target',
      sql`(customer_id is null) <> (order_id is null)`,
    )
    .execute();
  await db.schema
    .createTable('retention_lease')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('holder', 'text')
    .addColumn('until', 'timestamptz')
    .execute();
  await sql`insert into retention_lease (id) values (1)`.execute(db);

  await db.schema
    .alterTable('customers')
    .addColumn('last_active_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`update customers set last_active_at = greatest(created_at, updated_at)`.execute(db);
  await db.schema
    .createIndex('customers_last_active')
    .on('customers')
    .column('last_active_at')
    .execute();

  await db.schema.alterTable('orders').addColumn('anonymised_at', 'timestamptz').execute();
  await db.schema.alterTable('orders').addColumn('vouchers_ended_at', 'timestamptz').execute();
  await sql`alter table orders alter column billing_sealed drop not null`.execute(db);
  await db.schema.createIndex('orders_created_at').on('orders').column('created_at').execute();

  await db.schema
    .createIndex('browsing_events_occurred_at')
    .on('browsing_events')
    .column('occurred_at')
    .execute();
  await db.schema
    .createIndex('disclosures_disclosed_at')
    .on('disclosures')
    .column('disclosed_at')
    .execute();

  await sql`
    create or replace function consent_append_only() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' and tg_table_name = 'consent_records'
         and coalesce(current_setting('custodian.retention_sweep', true), '') = 'consent_proof' then
        return old;
      end if;
      raise exception 'consent ledger is append-only: % on % refused', tg_op, tg_table_name
        using errcode = '42501';
    end $$`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    create or replace function consent_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'consent ledger is append-only: % on % refused', tg_op, tg_table_name
        using errcode = '42501';
    end $$`.execute(db);
  await db.schema.dropIndex('disclosures_disclosed_at').execute();
  await db.schema.dropIndex('browsing_events_occurred_at').execute();
  await db.schema.dropIndex('orders_created_at').execute();
  await db.schema.alterTable('orders').dropColumn('vouchers_ended_at').execute();
  await db.schema.alterTable('orders').dropColumn('anonymised_at').execute();
  await db.schema.dropIndex('customers_last_active').execute();
  await db.schema.alterTable('customers').dropColumn('last_active_at').execute();
  await db.schema.dropTable('retention_lease').execute();
  await db.schema.dropTable('retention_holds').execute();
  await db.schema.dropTable('retention_run_sweeps').execute();
  await db.schema.dropTable('retention_runs').execute();
}
