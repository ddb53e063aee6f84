import { sql, type Kysely } from 'kysely';

/**
 * The audit log (src/audit): every staff read of personal data, staff action, staff sign-in and
 * automated disclosure, as a hash chain.
 *
 * `audit_log` is append-only, enforced by triggers rather than by trusting the application (as the
 * consent ledger is). Each row carries its position (1, 2, 3, … with no gaps, assigned by the
 * appender, not by a sequence, so a missing row is a missing number), the hash of the previous
 * row and its own hash over its fields (src/audit/audit-entry.ts).
 *
 * `audit_head` is one row: the position and hash of the last entry. An append locks it FOR UPDATE,
 * which serialises appends from every transaction and every process into one chain.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('audit_log')
    .addColumn('position', 'bigint', (c) => c.primaryKey().check(sql`position > 0`))
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('actor_kind', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text', (c) => c.notNull())
    .addColumn('actor_staff_id', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('subject', 'text')
    // jsonb arrays/objects: the canonical encoding sorts keys itself, so jsonb's order is harmless.
    .addColumn('categories', 'jsonb', (c) => c.notNull())
    .addColumn('access', 'text')
    .addColumn('outcome', 'text')
    .addColumn('reason_sealed', 'text')
    .addColumn('detail', 'jsonb')
    .execute();
  await db.schema
    .createIndex('audit_log_subject')
    .on('audit_log')
    .columns(['subject', 'position'])
    .execute();
  await db.schema
    .createIndex('audit_log_actor')
    .on('audit_log')
    .columns(['actor_id', 'position'])
    .execute();
  await db.schema
    .createIndex('audit_log_action')
    .on('audit_log')
    .columns(['action', 'position'])
    .execute();

  await db.schema
    .createTable('audit_head')
    .addColumn('id', 'boolean', (c) =>
      c
        .primaryKey()
        .defaultTo(true)
        .check(sql`id`),
    )
    .addColumn('position', 'bigint', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  await sql`insert into audit_head (id, position, hash) values (true, 0, ${'0'.repeat(64)})`.execute(
    db,
  );

  await sql`
    create function audit_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'audit log is append-only: % on % refused', tg_op, tg_table_name
        using errcode = '42501';
    end $$`.execute(db);
  await sql`create trigger audit_log_append_only
    before update or delete on audit_log
    for each row execute function audit_append_only()`.execute(db);
  await sql`create trigger audit_log_no_truncate
    before truncate on audit_log
    for each statement execute function audit_append_only()`.execute(db);
  // The head moves forward only; it is never removed.
  await sql`
    create function audit_head_forward() returns trigger language plpgsql as $$
    begin
      if tg_op <> 'UPDATE' or new.position <= old.position then
        raise exception 'audit head only moves forward: % refused', tg_op
          using errcode = '42501';
      end if;
      return new;
    end $$`.execute(db);
  await sql`create trigger audit_head_forward
    before update or delete on audit_head
    for each row execute function audit_head_forward()`.execute(db);
  await sql`create trigger audit_head_no_truncate
    before truncate on audit_head
    for each statement execute function audit_append_only()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('audit_head').execute();
  await db.schema.dropTable('audit_log').execute();
  await sql`drop function audit_head_forward()`.execute(db);
  await sql`drop function audit_append_only()`.execute(db);
}
