import { sql, type Kysely } from 'kysely';

/**
 * The consent ledger (GDPR Art. 7(1): the controller must be able to show that consent was given).
 *
 * `consent_texts` keeps every distinct banner text ever shown, by its SHA-256, so a record can be
 * shown with the exact words the person saw. `consent_records` holds one row per choice. Both are
 * append-only, enforced by triggers rather than by trusting the application.
 *
 * The customer link is a separate table on purpose: it is the one narrow path erasure may take
 * (delete the link rows of a customer), leaving the pseudonymous records as proof without a
 * person behind them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('consent_texts')
    .addColumn('hash', 'text', (c) => c.primaryKey())
    .addColumn('lang', 'text', (c) => c.notNull())
    .addColumn('policy_version', 'integer', (c) => c.notNull())
    // Text, not jsonb: the exact bytes hashed, so anyone can re-check the hash.
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('first_shown_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('consent_records')
    .addColumn('seq', 'bigint', (c) => c.generatedAlwaysAsIdentity().primaryKey())
    .addColumn('id', 'uuid', (c) => c.notNull().unique())
    .addColumn('visitor_id', 'text')
    .addColumn('decided_at', 'timestamptz', (c) => c.notNull())
    .addColumn('policy_version', 'integer', (c) => c.notNull())
    .addColumn('text_hash', 'text', (c) => c.references('consent_texts.hash'))
    // { analytics: true, marketing: false, ... } or a channel: { newsletter: true }
    .addColumn('decisions', 'jsonb', (c) => c.notNull())
    .addColumn('gpc', 'boolean', (c) => c.notNull())
    .addColumn('dnt', 'boolean', (c) => c.notNull())
    .addColumn('explicit', 'boolean', (c) => c.notNull())
    .addColumn('source', 'text', (c) =>
      c.notNull().check(sql`source in ('banner', 'privacy_center', 'api')`),
    )
    .addColumn('lang', 'text')
    .execute();
  await db.schema
    .createIndex('consent_records_visitor')
    .on('consent_records')
    .columns(['visitor_id', 'seq'])
    .execute();
  await db.schema
    .createIndex('consent_records_decided_at')
    .on('consent_records')
    .column('decided_at')
    .execute();

  await db.schema
    .createTable('consent_customer_links')
    .addColumn('record_id', 'uuid', (c) =>
      c.primaryKey().references('consent_records.id').onDelete('restrict'),
    )
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('consent_customer_links_customer')
    .on('consent_customer_links')
    .column('customer_id')
    .execute();

  await sql`
    create function consent_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'consent ledger is append-only: % on % refused', tg_op, tg_table_name
        using errcode = '42501';
    end $$`.execute(db);
  for (const table of ['consent_records', 'consent_texts']) {
    await sql`create trigger ${sql.id(`${table}_append_only`)}
      before update or delete on ${sql.table(table)}
      for each row execute function consent_append_only()`.execute(db);
    await sql`create trigger ${sql.id(`${table}_no_truncate`)}
      before truncate on ${sql.table(table)}
      for each statement execute function consent_append_only()`.execute(db);
  }
  // A link may be deleted (erasure unlinks), never rewritten to point at someone else.
  await sql`create trigger consent_customer_links_no_update
    before update on consent_customer_links
    for each row execute function consent_append_only()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('consent_customer_links').execute();
  await db.schema.dropTable('consent_records').execute();
  await db.schema.dropTable('consent_texts').execute();
  await sql`drop function consent_append_only()`.execute(db);
}
