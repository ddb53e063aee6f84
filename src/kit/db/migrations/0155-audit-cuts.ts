import { sql, type Kysely } from 'kysely';

/**
 * The audit log's retention (src/audit/audit.retention.ts): entries older than `system_logs` are
 * deleted, and each deletion is anchored by a cut.
 *
 * `audit_cuts` is append-only: one row per cut, naming the last position it covers, that entry's
 * chain hash (where the kept chain resumes), the rule and boundary it was cut under, and a digest
 * of the entries at or before it that a legal hold kept. Its position never moves back.
 *
 * `audit_log` stays append-only except for one thing: a row may be deleted once a cut covers its
 * position. The cut (in the same transaction) must come first, so the database itself refuses a
 * deletion the sweep did not anchor; a superuser can still switch triggers off, which is why the
 * cut is also written to the checkpoint file outside the database (docs/audit.md).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('audit_cuts')
    .addColumn('seq', 'serial', (c) => c.primaryKey())
    .addColumn('position', 'bigint', (c) => c.notNull().check(sql`position > 0`))
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('rule', 'text', (c) => c.notNull())
    .addColumn('boundary', 'timestamptz', (c) => c.notNull())
    .addColumn('kept', 'integer', (c) => c.notNull())
    .addColumn('kept_digest', 'text', (c) => c.notNull())
    .execute();
  await sql`create trigger audit_cuts_append_only
    before update or delete on audit_cuts
    for each row execute function audit_append_only()`.execute(db);
  await sql`create trigger audit_cuts_no_truncate
    before truncate on audit_cuts
    for each statement execute function audit_append_only()`.execute(db);
  await sql`
    create function audit_cut_forward() returns trigger language plpgsql as $$
    begin
      if new.position < (select coalesce(max(position), 0) from audit_cuts) then
        raise exception 'an audit cut never moves back' using errcode = '42501';
      end if;
      return new;
    end $$`.execute(db);
  await sql`create trigger audit_cuts_forward
    before insert on audit_cuts
    for each row execute function audit_cut_forward()`.execute(db);

  await sql`
    create function audit_log_prune_only() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' and old.position <= (select coalesce(max(position), 0) from audit_cuts) then
        return old;
      end if;
      raise exception 'audit log is append-only: % on % refused', tg_op, tg_table_name
        using errcode = '42501';
    end $$`.execute(db);
  await sql`drop trigger audit_log_append_only on audit_log`.execute(db);
  await sql`create trigger audit_log_append_only
    before update or delete on audit_log
    for each row execute function audit_log_prune_only()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger audit_log_append_only on audit_log`.execute(db);
  await sql`create trigger audit_log_append_only
    before update or delete on audit_log
    for each row execute function audit_append_only()`.execute(db);
  await sql`drop function audit_log_prune_only()`.execute(db);
  await db.schema.dropTable('audit_cuts').execute();
  await sql`drop function audit_cut_forward()`.execute(db);
}
