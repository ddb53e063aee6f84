import { sql, type Kysely } from 'kysely';

/**
 * The breach register (GDPR Art. 33(5), 34; src/breaches): every suspected breach, notified or
 * not, with the facts, the effects, the remedial action and the reasoning. A row is never
 * deleted: a trigger refuses it, so no code path (and no hurried hand) can tidy the register up.
 *
 * `breach_notices`: each person told under Art. 34, by vault pseudonym (never an address), one
 * row per breach and person, so a notification run that stops halfway resumes without telling
 * anyone twice.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('breaches')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('nature', 'text', (c) =>
      c.notNull().check(sql`nature in ('confidentiality', 'integrity', 'availability')`),
    )
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('occurred_at', 'timestamptz')
    .addColumn('discovered_at', 'timestamptz', (c) => c.notNull())
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('categories', 'jsonb', (c) => c.notNull())
    .addColumn('approx_people', 'integer', (c) => c.notNull().check(sql`approx_people >= 0`))
    .addColumn('approx_records', 'integer', (c) => c.notNull().check(sql`approx_records >= 0`))
    .addColumn('consequences', 'jsonb', (c) => c.notNull())
    .addColumn('consequences_text', 'text', (c) => c.notNull())
    .addColumn('measures', 'jsonb', (c) => c.notNull())
    .addColumn('measures_text', 'text', (c) => c.notNull())
    .addColumn('risk', 'text', (c) => c.notNull().check(sql`risk in ('unlikely', 'risk', 'high')`))
    .addColumn('assessment', 'text', (c) => c.notNull())
    .addColumn('delay_reason', 'text')
    .addColumn('authority_notified_at', 'timestamptz')
    .addColumn('authority_reference', 'text')
    .addColumn('people_notified', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('people_unreachable', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('breaches_discovered_idx')
    .on('breaches')
    .column('discovered_at')
    .execute();
  await sql`
    create function breaches_keep() returns trigger language plpgsql as $$
    begin
      raise exception 'the breach register keeps every breach (GDPR Art. 33(5)): no delete';
    end $$`.execute(db);
  await sql`
    create trigger breaches_no_delete before delete on breaches
    for each row execute function breaches_keep()`.execute(db);

  await db.schema
    .createTable('breach_notices')
    .addColumn('breach_id', 'uuid', (c) => c.notNull().references('breaches.id'))
    .addColumn('subject_pseudonym', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('sending', 'sent', 'unreachable')`),
    )
    .addColumn('lang', 'text')
    .addColumn('mail_id', 'text')
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('breach_notices_pk', ['breach_id', 'subject_pseudonym'])
    .execute();
  await db.schema
    .createIndex('breach_notices_subject_idx')
    .on('breach_notices')
    .column('subject_pseudonym')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('breach_notices').execute();
  await sql`drop trigger breaches_no_delete on breaches`.execute(db);
  await db.schema.dropTable('breaches').execute();
  await sql`drop function breaches_keep()`.execute(db);
}
