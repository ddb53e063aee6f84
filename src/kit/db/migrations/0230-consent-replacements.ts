import { sql, type Kysely } from 'kysely';

/**
 * When each consent record was replaced, stored, so the `consent.proof` sweep reads its due
 * records from an index range instead of a window over the ledger every batch (docs/retention.md).
 *
 * A record's replacement time is the decision time of the next record of the same browser (or,
 * without a visitor id, of the same linked customer) about the same kind of choice (the same set
 * of decision keys), ordered by (decided_at, seq): the window the sweep used before, kept as it
 * was. It lives beside the ledger, not in it: the ledger is the proof and stays byte for byte as
 * it was written (its append-only trigger is unchanged, no update of a record is ever allowed),
 * while the replacement time is derived and moves (a late record of a browser, a customer link
 * written after its record, an erasure's unlink). A record the next has not replaced yet has no
 * row.
 *
 * The database keeps it, so no writer can forget: statement triggers on the ledger's inserts and
 * on the links' inserts and deletes recompute the whole partition (browser, or customer) of every
 * record they touch. Each recompute first takes an advisory lock per partition (held to commit),
 * so of two transactions touching one browser the later one waits for the earlier's commit and
 * then sees its rows (read committed: each statement in the trigger takes a new snapshot); the
 * last to commit writes the answer over all committed rows, the same the window gives. A
 * statement touching more partitions than the lock table should hold (a bulk seed) takes one
 * exclusive lock instead; the small ones take it shared.
 */
const LOCK_ALL = 0x636f6e73656e74n; // 'consent', the key every refresh holds (shared, or alone)

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table consent_replacements (
    record_id uuid primary key,
    seq bigint not null,
    replaced_at timestamptz not null
  )`.execute(db);

  // Exactly the window the sweep computed, over the whole ledger.
  await sql`insert into consent_replacements (record_id, seq, replaced_at)
    select id, seq, replaced_at from (
      select cr.id, cr.seq, lead(cr.decided_at) over (
          partition by coalesce(cr.visitor_id, 'customer:' || l.customer_id, cr.id::text), kk.kind
          order by cr.decided_at, cr.seq
        ) as replaced_at
      from consent_records cr
      left join consent_customer_links l on l.record_id = cr.id
      cross join lateral (
        select string_agg(k, ',' order by k) as kind from jsonb_object_keys(cr.decisions) k
      ) kk
    ) w where replaced_at is not null`.execute(db);
  // The sweep's order: anchor, then the ledger's key.
  await sql`create index consent_replacements_due on consent_replacements (replaced_at, seq)`.execute(
    db,
  );

  // The locks of these browsers' and customers' partitions, held to commit. Taken again by the
  // same transaction they are granted at once, so a statement that will touch both kinds takes
  // them all first, in one order (the sweep's delete), and never waits holding some.
  await sql`
    create function consent_replacements_lock(visitors text[], customers text[])
      returns void language plpgsql as $$
    begin
      if cardinality(visitors) + cardinality(customers) = 0 then
        return;
      end if;
      if cardinality(visitors) + cardinality(customers) > 1000 then
        perform pg_advisory_xact_lock(${sql.raw(String(LOCK_ALL))}::bigint);
      else
        perform pg_advisory_xact_lock_shared(${sql.raw(String(LOCK_ALL))}::bigint);
        -- In one order everywhere, so two batches sharing browsers never deadlock.
        perform pg_advisory_xact_lock(k) from (
          select hashtextextended('v:' || v, 0) as k from unnest(visitors) v
          union select hashtextextended('c:' || c, 0) from unnest(customers) c
          order by 1) keys;
      end if;
    end $$`.execute(db);

  // The partitions of these browsers and customers, recomputed under their locks. The members
  // are the window's partitions: a browser's records, or a customer's linked records of no
  // browser (a record of no browser and no customer is alone, never replaced).
  await sql`
    create function consent_replacements_refresh(visitors text[], customers text[])
      returns void language plpgsql as $$
    begin
      if cardinality(visitors) + cardinality(customers) = 0 then
        return;
      end if;
      perform consent_replacements_lock(visitors, customers);
      -- Every lookup is by key (lateral, kept apart by offset 0; scalar subqueries; = any): the
      -- plan is cached with no estimate of these sets, and the hash join the planner otherwise
      -- picks reads the whole ledger for every batch.
      with members as (
        select cr.id, cr.seq, cr.decided_at, cr.decisions, cr.visitor_id as part
        from unnest(visitors) v cross join lateral (
          select * from consent_records where visitor_id = v offset 0) cr
        union all
        select cr.id, cr.seq, cr.decided_at, cr.decisions, 'customer:' || c
        from unnest(customers) c
        cross join lateral (
          select record_id from consent_customer_links where customer_id = c offset 0) l
        cross join lateral (select * from consent_records where id = l.record_id offset 0) cr
        where cr.visitor_id is null
      ), computed as (
        select m.id, m.seq, lead(m.decided_at) over (
            partition by m.part, kk.kind order by m.decided_at, m.seq) as replaced_at
        from members m cross join lateral (
          select string_agg(k, ',' order by k) as kind from jsonb_object_keys(m.decisions) k
        ) kk
      ), changed as (
        -- Only rows whose time moves are written: the rest are never locked or rewritten.
        select c.id, c.seq, c.replaced_at from computed c
        where c.replaced_at is distinct from (
          select r.replaced_at from consent_replacements r where r.record_id = c.id)
      ), gone as (
        delete from consent_replacements
        where record_id = any(array(select id from changed where replaced_at is null))
      )
      insert into consent_replacements (record_id, seq, replaced_at)
      select id, seq, replaced_at from changed where replaced_at is not null
      on conflict (record_id) do update set replaced_at = excluded.replaced_at;
    end $$`.execute(db);

  await sql`
    create function consent_records_replacements() returns trigger language plpgsql as $$
    begin
      perform consent_replacements_refresh(
        array(select distinct visitor_id from added where visitor_id is not null), '{}');
      return null;
    end $$`.execute(db);
  await sql`create trigger consent_records_replacements
    after insert on consent_records referencing new table as added
    for each statement execute function consent_records_replacements()`.execute(db);

  // A link moves a record of no browser into its customer's partition.
  await sql`
    create function consent_links_replacements_linked() returns trigger language plpgsql as $$
    begin
      perform consent_replacements_refresh('{}', array(
        select distinct a.customer_id from added a
        where (select visitor_id from consent_records where id = a.record_id) is null));
      return null;
    end $$`.execute(db);
  await sql`create trigger consent_links_replacements_linked
    after insert on consent_customer_links referencing new table as added
    for each statement execute function consent_links_replacements_linked()`.execute(db);

  // An unlink (erasure, or the sweep before it deletes the record) takes it out again: the
  // record is alone, never replaced, and its customer's other records are recomputed without it.
  await sql`
    create function consent_links_replacements_unlinked() returns trigger language plpgsql as $$
    begin
      perform consent_replacements_refresh('{}', array(
        select distinct o.customer_id from removed o
        where (select visitor_id from consent_records where id = o.record_id) is null));
      delete from consent_replacements where record_id = any(array(
        select o.record_id from removed o
        where (select visitor_id from consent_records where id = o.record_id) is null));
      return null;
    end $$`.execute(db);
  await sql`create trigger consent_links_replacements_unlinked
    after delete on consent_customer_links referencing old table as removed
    for each statement execute function consent_links_replacements_unlinked()`.execute(db);

  // Only the retention sweep deletes records: the next record before a deleted one may now be
  // a later one (the window over what is left), so its browser's partition is recomputed.
  await sql`
    create function consent_records_replacements_deleted() returns trigger language plpgsql as $$
    begin
      perform consent_replacements_refresh(
        array(select distinct visitor_id from removed where visitor_id is not null), '{}');
      delete from consent_replacements where record_id = any(array(select id from removed));
      return null;
    end $$`.execute(db);
  await sql`create trigger consent_records_replacements_deleted
    after delete on consent_records referencing old table as removed
    for each statement execute function consent_records_replacements_deleted()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger consent_records_replacements_deleted on consent_records`.execute(db);
  await sql`drop trigger consent_links_replacements_unlinked on consent_customer_links`.execute(db);
  await sql`drop trigger consent_links_replacements_linked on consent_customer_links`.execute(db);
  await sql`drop trigger consent_records_replacements on consent_records`.execute(db);
  await sql`drop function consent_links_replacements_unlinked()`.execute(db);
  await sql`drop function consent_links_replacements_linked()`.execute(db);
  await sql`drop function consent_records_replacements()`.execute(db);
  await sql`drop function consent_records_replacements_deleted()`.execute(db);
  await sql`drop function consent_replacements_refresh(text[], text[])`.execute(db);
  await sql`drop function consent_replacements_lock(text[], text[])`.execute(db);
  await sql`drop table consent_replacements`.execute(db);
}
