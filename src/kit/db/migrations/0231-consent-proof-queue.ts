import { sql, type Kysely } from 'kysely';

/**
 * The consent-proof sweep's work list for one retention run (src/consent/consent-retention.repository.ts).
 * A record's anchor is the time of the next record of the same browser (or customer) about the
 * same things, which only a window over the ledger's expired part tells; worked out per batch it
 * made a run quadratic in the backlog. A run now works it out once, into `consent_proof_queue`,
 * and every batch reads on from where the last one stopped (`consent_proof_queue_run`: the run the
 * queue was filled for and the last (replaced_at, seq) taken, moved in the batch's transaction).
 *
 * Nothing here is written by the consent writer: the sweep alone fills and reads it, and it is
 * only a hint. A batch deletes a queued record only after checking, in its own transaction, what
 * may have changed since the fill (a customer's links), so a stale or lost queue can delay an
 * ending but never cause a wrong one. Unlogged for that reason: a crash that empties it costs the
 * next run one window more (a run whose id the run row does not name fills the queue anew).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create unlogged table consent_proof_queue (
      record_id uuid primary key,
      replaced_at timestamptz not null,
      seq bigint not null,
      -- A chain without a browser: its customer's links, which an erasure may delete since.
      by_customer boolean not null
    )`.execute(db);
  // The order batches take them in: the oldest anchor first, as the window ordered them.
  await sql`create unique index consent_proof_queue_order on consent_proof_queue (replaced_at, seq)`.execute(
    db,
  );
  await sql`
    create unlogged table consent_proof_queue_run (
      id integer primary key check (id = 1),
      run text not null,
      after_at timestamptz not null,
      after_seq bigint not null,
      filled_at timestamptz not null
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table consent_proof_queue_run`.execute(db);
  await sql`drop table consent_proof_queue`.execute(db);
}
