import { sql, type Kysely } from 'kysely';

/**
 * Rate-limit counters shared by every app process on one PostgreSQL (src/kit/web/rate-limit.ts).
 * The shape is the one rate-limiter-flexible's PostgreSQL store reads and writes (it is told the
 * table exists rather than creating it at run time): `key` is the limiter's prefix and a keyed
 * hash of the caller's key, `expire` milliseconds since the epoch. Unlogged: counters lost in a
 * crash only give an attacker a fresh window, and every attempt writes here. On PGlite the
 * counters stay in memory and the table stays empty.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create unlogged table rate_limits (
      key varchar(255) primary key,
      points integer not null default 0,
      expire bigint
    )`.execute(db);
  // The library deletes expired rows every five minutes by `expire`.
  await sql`create index rate_limits_expire on rate_limits (expire)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table rate_limits`.execute(db);
}
