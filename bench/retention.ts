/**
 * `npm run bench:retention [-- --customers N --orders N --events N --due SHARE --erasures N]`, or
 * `-- --small` (`--keep` leaves the store for `--reuse`, which sweeps it again without building;
 * `--rounds N`, `--raw-first`, `--statements`, `--only sweep,…`): what every retention sweep costs on a store of the issue's scale (issue 13:
 * 1,000,000 customers, 5,000,000 orders, 20,000,000 browsing events, the default), on PostgreSQL,
 * in its own database `bench_retention` (made anew each run, dropped at its end unless `--keep`).
 *
 * The store is built with set-based SQL (bench/retention-seed.ts), a share of every table past its
 * rule's period. Then, for every registered sweep (all nine manifest rules, and the logs and
 * notices under `system_logs`), one at a time:
 *   1. the due rows are copied aside (a stash table) and put back as step 3 does, so both sides
 *      start from the same physical state;
 *   2. the real RetentionRunner sweeps them (batches of 500, each its own transaction, with its
 *      lease renewal, holds check and count), while a probe requests a real storefront page from
 *      the app (`custodian serve`, another process, on the same database) and times it;
 *   3. the rows are put back as they were (from the stash) and vacuumed, like before the sweep;
 *   4. a raw loop ends the same rows: the same batches of 500, one transaction each, the plain
 *      `DELETE … WHERE key IN (SELECT key … ORDER BY anchor LIMIT 500)` (or UPDATE for an
 *      anonymisation; for a shred, the same plus the vault keys' rows), with no bookkeeping.
 * Where the put-back rows land is up to the free space map, so one restore leaves them on a few
 * pages and the next may scatter them a row a page (at 5,000,000 orders: 4,066 pages against
 * 143,439), whichever side follows it: each side therefore runs twice (`--rounds 2`, the
 * default), once first and once second, and the table gives both rounds together (each round is
 * printed; `--statements` prints the pages before each side, and every statement each side sent).
 * Both must end the same number of rows (else the bench fails). The customer sweeps erase through
 * the rights engine, a fresh cohort of `--erasures` customers each side instead of a stash. The
 * audit log (`audit.entries`, entries hash-chained by the real trail) is deleted only under a
 * recorded cut: its raw side writes each batch's cut (checkpoint line with fsync, and row) before
 * its DELETE, but does not verify the chain first as the sweep does once a run (printed). The
 * seeded log is checkpointed every 1,000 entries, as the running service checkpoints every minute.
 *
 * Goal: every sweep at least 0.5× the raw rate. Figures are of the rows this run seeded, never
 * scaled; the machine may be shared (its load average is printed).
 */
import type { ChildProcess } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql, type Kysely, type Transaction } from 'kysely';
import { createServices, type Services } from '../src/app/services.ts';
import { RetentionSweeps } from '../src/core/retention-sweeps.ts';
import { openDatabase } from '../src/kit/db/database.ts';
import { migrateToLatest } from '../src/kit/db/migrate.ts';
import type { DB } from '../src/kit/db/schema.ts';
import { loadConfig } from '../src/kit/config.ts';
import { createLogger } from '../src/kit/log.ts';
import { RetentionRunner } from '../src/retention/retention-runner.ts';
import { insertMissingProducts } from '../src/shop/catalog.repository.ts';
import { demoProducts } from '../src/shop/catalog-seed.ts';
import { seedAudit, seedErasable, seedStore, type StoreSize } from './retention-seed.ts';
import { keptDigest } from '../src/audit/audit-entry.ts';
import { insertCut, pruneFrontier } from '../src/audit/audit.repository.ts';
import { startCustodian } from './child-server.ts';
import { timeStatements } from './statement-timer.ts';

const { values } = parseArgs({
  options: {
    small: { type: 'boolean', default: false },
    customers: { type: 'string' },
    orders: { type: 'string' },
    events: { type: 'string' },
    due: { type: 'string', default: '0.1' },
    erasures: { type: 'string' },
    only: { type: 'string' },
    keep: { type: 'boolean', default: false },
    reuse: { type: 'boolean', default: false },
    'raw-first': { type: 'boolean', default: false },
    statements: { type: 'boolean', default: false },
    rounds: { type: 'string', default: '2' },
  },
});
// --keep: the store (database, key and checkpoint files) is left as seeded for --reuse, which runs
// the sweeps again on it without building it (same size and clock as the run that kept it).
const KEEP = values.keep || values.reuse;
const REUSE = values.reuse;
// --raw-first: the raw loop runs before the sweep (each on rows put back and vacuumed), to see
// whether the order of the two sides decides the ratio.
const RAW_FIRST = values['raw-first'];
// --statements: every statement each side sends (BEGIN and COMMIT too), counted and timed on the
// bench's own connections (the client's time: the round trip and the server's work), printed
// per side grouped by the statement's start.
const STATEMENTS = values.statements;
const ROUNDS = Number(values.rounds);

/** One side's run: the records it ended, its time, and the page's latencies meanwhile. */
interface Side {
  n: number;
  ms: number;
  during: number[];
}
const small = values.small;
const size: StoreSize = {
  customers: Number(values.customers ?? (small ? 20_000 : 1_000_000)),
  orders: Number(values.orders ?? (small ? 100_000 : 5_000_000)),
  events: Number(values.events ?? (small ? 400_000 : 20_000_000)),
  due: Number(values.due),
};
const ERASURES = Number(values.erasures ?? (small ? 20 : 200));
const ONLY = values.only?.split(',');
const BATCH = 500;
const GOAL = 0.5;
// Another name (BENCH_RETENTION_DB) lets two runs share a server: an A/B side by side.
const DB_NAME = process.env.BENCH_RETENTION_DB ?? 'bench_retention';
if (!/^bench_[a-z0-9_]+$/.test(DB_NAME)) throw new Error(`unsafe database name: ${DB_NAME}`);
const ADMIN_URL = process.env.BENCH_PG_ADMIN ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const URL = ADMIN_URL.replace(/\/[^/]*$/, `/${DB_NAME}`);
const PAGE = '/products/aurora-lace-balconette';
let NOW = new Date(Math.floor(Date.now() / 1000) * 1000);

const fmt = (n: number) => Math.round(n).toLocaleString('en');
const rate = (n: number, ms: number) => (n / ms) * 1000;
const pct = (v: number[], p: number) =>
  [...v].sort((a, b) => a - b)[Math.min(v.length - 1, Math.floor(v.length * p))] ?? 0;
const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

/** A table's rows that a sweep ends, to copy aside and put back: the key columns and which rows. */
interface Stashed {
  table: string;
  key: string[];
  where: ReturnType<typeof sql>;
}

interface Case {
  sweep: string;
  /** The due rows of every table the sweep changes (the baseline is run on them, put back). */
  stash?: (before: Date) => Stashed[];
  /** One raw batch in its transaction: how many records it ended (0: done). */
  raw: (trx: Transaction<DB>, before: Date) => Promise<number>;
  /** For a sweep whose rows cannot be put back (an erasure): seed a fresh cohort for each side. */
  fresh?: () => Promise<string[]>;
  /** After the rows are put back: undo what else the sweep wrote (the audit log's cuts). */
  reset?: () => Promise<void>;
  /** What the raw side does, when it is not the plain batch of the header (printed). */
  note?: string;
}

const n = (r: { numAffectedRows?: bigint }) => Number(r.numAffectedRows ?? 0);

/** Deletes the rows of `table` whose key is among the oldest 500 due by `anchor`. */
function rawDelete(table: string, key: string, anchor: string, where: ReturnType<typeof sql>) {
  return async (trx: Transaction<DB>) =>
    n(
      await sql`delete from ${sql.table(table)} where (${sql.raw(key)}) in (
        select ${sql.raw(key)} from ${sql.table(table)} where ${where}
        order by ${sql.raw(anchor)}, ${sql.raw(key)} limit ${BATCH})`.execute(trx),
    );
}

/**
 * Shreds the accounting keys of subjects with no order and no credit decision left. A shred is
 * the vault's: the key ids on the shred ledger (file, fsync, and table) before the rows go, so
 * the raw side does that too, once per batch.
 */
async function shredFinished(
  services: Services,
  trx: Transaction<DB>,
  subjects: string[],
): Promise<void> {
  if (subjects.length === 0) return;
  const { rows } = await sql<{ s: string }>`select s from unnest(${subjects}::text[]) s
    where not exists (select 1 from orders o where o.subject_id = s)
      and not exists (select 1 from credit_decisions d where d.subject_id = s)`.execute(trx);
  await services.vault.shredMany(
    trx,
    rows.map((r) => r.s),
    'accounting',
  );
}

function cases(services: Services): Case[] {
  const erasable = (closing: boolean) => () => seedErasable(services, ERASURES, NOW, closing);
  // The raw shred of an account: its keys, its pseudonym and its row (cascading to sessions…).
  // With `requests` (closed accounts), what the sweep changes beyond them too: the person's
  // unfinished erasure request marked done, as the engine's `done` step leaves it.
  const rawErase =
    (cohort: () => string[], requests = false) =>
    async (trx: Transaction<DB>) => {
      const ids = cohort().splice(0, BATCH);
      if (ids.length === 0) return 0;
      await services.vault.shredMany(trx, ids, 'profile');
      await services.vault.shredMany(trx, ids, 'accounting');
      await sql`delete from vault_pseudonyms where subject_id = any(${ids})`.execute(trx);
      if (requests)
        await sql`update dsr_requests set status = 'done', completed_at = now()
          where customer_id = any(${ids}::text[]) and type = 'erasure'
            and status in ('verified', 'running')`.execute(trx);
      return n(await sql`delete from customers where id = any(${ids}::uuid[])`.execute(trx));
    };
  // The audit log's frontier (its first entry recorded at or after the boundary), once per loop.
  let frontier: number | undefined;
  let inactive: string[] = [];
  let closed: string[] = [];
  const all: Case[] = [
    {
      sweep: 'customers.inactive',
      fresh: async () => (inactive = await erasable(false)()),
      raw: rawErase(() => inactive),
    },
    {
      sweep: 'customers.closed',
      fresh: async () => (closed = await erasable(true)()),
      raw: rawErase(() => closed, true),
      note:
        "customers.closed: the raw side also marks each account's unfinished erasure request done (the sweep " +
        'finishes it); both sides shred the same keys and delete the same accounts (with their cascades).',
    },
    {
      sweep: 'orders.consumer_trade',
      stash: (b) => [
        {
          table: 'orders',
          key: ['id'],
          where: sql`anonymised_at is null and coalesce(delivered_at, created_at) < ${b}`,
        },
      ],
      raw: async (trx, b) =>
        n(
          await sql`update orders set customer_id = null, email_index = '', contact_sealed = null,
            tracking_id = null, whatsapp_notices = false, carrier = '', anonymised_at = ${NOW}
          where id in (select id from orders where anonymised_at is null
            and coalesce(delivered_at, created_at) < ${b}
            order by coalesce(delivered_at, created_at), id limit ${BATCH})`.execute(trx),
        ),
    },
    {
      sweep: 'orders.vouchers',
      stash: (b) => [
        {
          table: 'orders',
          key: ['id'],
          where: sql`vouchers_ended_at is null and created_at < ${b}`,
        },
      ],
      raw: async (trx, b) =>
        n(
          await sql`update orders set billing_sealed = null, identity_code_sealed = null,
            payment_reference = null, collection_case = null, payment_method = '',
            vouchers_ended_at = ${NOW}
          where id in (select id from orders where vouchers_ended_at is null and created_at < ${b}
            order by created_at, id limit ${BATCH})`.execute(trx),
        ),
    },
    {
      sweep: 'orders.credit_decisions',
      stash: (b) => [
        { table: 'credit_decisions', key: ['id'], where: sql`decided_at < ${b}` },
        {
          table: 'vault_keys',
          key: ['key_id'],
          where: sql`scope = 'accounting' and subject_id in (
            select subject_id from credit_decisions where decided_at < ${b})`,
        },
      ],
      raw: async (trx, b) => {
        const { rows } = await sql<{ subject_id: string }>`delete from credit_decisions
          where id in (select id from credit_decisions where decided_at < ${b}
            order by decided_at, id limit ${BATCH}) returning subject_id`.execute(trx);
        await shredFinished(services, trx, [...new Set(rows.map((r) => r.subject_id))]);
        return rows.length;
      },
    },
    {
      sweep: 'orders.books',
      stash: (b) => [
        {
          table: 'orders',
          key: ['id'],
          where: sql`vouchers_ended_at is not null and created_at < ${b}`,
        },
        {
          table: 'order_lines',
          key: ['order_id', 'position'],
          where: sql`order_id in (select id from orders
            where vouchers_ended_at is not null and created_at < ${b})`,
        },
        {
          table: 'vault_keys',
          key: ['key_id'],
          where: sql`scope = 'accounting' and subject_id in (select subject_id from orders
            where vouchers_ended_at is not null and created_at < ${b})`,
        },
      ],
      raw: async (trx, b) => {
        const { rows } = await sql<{ subject_id: string }>`delete from orders
          where id in (select id from orders where vouchers_ended_at is not null
            and created_at < ${b} order by created_at, id limit ${BATCH})
          returning subject_id`.execute(trx);
        await shredFinished(services, trx, [...new Set(rows.map((r) => r.subject_id))]);
        return rows.length;
      },
    },
    {
      sweep: 'browsing.events',
      stash: (b) => [
        {
          table: 'browsing_events',
          key: ['id'],
          where: sql`occurred_at < ${b} and visitor_id <> ''`,
        },
      ],
      raw: async (trx, b) =>
        n(
          await sql`update browsing_events set visitor_id = '', search = null
          where id in (select id from browsing_events where occurred_at < ${b} and visitor_id <> ''
            order by occurred_at, id limit ${BATCH})`.execute(trx),
        ),
    },
    {
      sweep: 'consent.proof',
      stash: (b) => {
        const due = sql`id in (select id from (select cr.id, lead(cr.decided_at) over (
            partition by cr.visitor_id order by cr.decided_at, cr.seq) as replaced_at
          from consent_records cr) r where replaced_at < ${b})`;
        return [
          {
            table: 'consent_customer_links',
            key: ['record_id'],
            where: sql`record_id in (select id from consent_records where ${due})`,
          },
          { table: 'consent_records', key: ['seq'], where: due },
        ];
      },
      // The same rows: replaced over 3 years ago (every visitor's choices are of one kind here).
      raw: async (trx, b) => {
        const { rows } = await sql<{ id: string }>`select id from (
            select cr.id, cr.seq, lead(cr.decided_at) over (
              partition by cr.visitor_id order by cr.decided_at, cr.seq) as replaced_at
            from consent_records cr where cr.decided_at < ${b}) r
          where replaced_at < ${b} order by replaced_at, seq limit ${BATCH}`.execute(trx);
        if (rows.length === 0) return 0;
        const ids = rows.map((r) => r.id);
        await sql`select set_config('custodian.retention_sweep', 'consent_proof', true)`.execute(
          trx,
        );
        await sql`delete from consent_customer_links where record_id = any(${ids}::uuid[])`.execute(
          trx,
        );
        return n(
          await sql`delete from consent_records where id = any(${ids}::uuid[])`.execute(trx),
        );
      },
    },
    {
      sweep: 'newsletter.unconfirmed',
      stash: (b) => [
        {
          table: 'newsletter_subscriptions',
          key: ['id'],
          where: sql`status = 'pending' and created_at < ${b}`,
        },
        {
          table: 'vault_keys',
          key: ['key_id'],
          where: sql`subject_id in (select id::text from newsletter_subscriptions
            where status = 'pending' and created_at < ${b})`,
        },
        {
          table: 'newsletter_suppressions',
          key: ['email_index'],
          where: sql`suppressed_at < ${b}`,
        },
      ],
      raw: async (trx, b) => {
        const { rows } = await sql<{ id: string }>`delete from newsletter_subscriptions
          where id in (select id from newsletter_subscriptions where status = 'pending'
            and created_at < ${b} order by created_at, id limit ${BATCH}) returning id::text`.execute(
          trx,
        );
        if (rows.length > 0) {
          const ids = rows.map((r) => r.id);
          await services.vault.shredMany(trx, ids, 'profile');
          return rows.length;
        }
        return rawDelete(
          'newsletter_suppressions',
          'email_index',
          'suppressed_at',
          sql`suppressed_at < ${b}`,
        )(trx);
      },
    },
    ...(
      [
        ['disclosures.log', 'disclosures', 'id', 'disclosed_at'],
        ['breaches.notices', 'breach_notices', 'breach_id, subject_pseudonym', 'at'],
        ['policy.notices', 'policy_notices', 'policy_version, customer_id', 'recorded_at'],
        ['notify.bounces', 'mail_bounces', 'email_index', 'bounced_at'],
        ['campaigns.sends', 'campaign_sends', 'campaign_id, subscription_id', 'at'],
        ['rights.source_notices', 'source_notices', 'id', 'sent_at'],
        ['rights.requests', 'dsr_requests', 'id', 'coalesce(completed_at, refused_at)'],
      ] as const
    ).map(([sweep, table, key, anchor]): Case => ({
      sweep,
      stash: (b) => [{ table, key: key.split(', '), where: sql`${sql.raw(anchor)} < ${b}` }],
      raw: (trx, b) => rawDelete(table, key, anchor, sql`${sql.raw(anchor)} < ${b}`)(trx),
    })),
    {
      sweep: 'audit.entries',
      stash: (b) => [{ table: 'audit_log', key: ['position'], where: sql`at < ${b}` }],
      reset: async () => {
        // The sweep's cuts go too (the table is append-only: triggers off while they go).
        await services.database.db.transaction().execute(async (trx) => {
          await sql`set local session_replication_role = replica`.execute(trx);
          await sql`delete from audit_cuts`.execute(trx);
        });
        frontier = undefined;
      },
      note:
        'audit.entries raw side: per batch of 500 below the frontier, a cut (its line on the ' +
        'checkpoint file with fsync, its row) and the DELETE, as the audit log must; not the ' +
        "sweep's verification before its first cut (once a run: from the latest cut to the " +
        'first checkpoint past the due entries; the seed checkpoints every 1,000 entries)',
      raw: async (trx, b) => {
        frontier ??= await pruneFrontier(trx, b);
        const { rows } = await sql<{ position: string; hash: string }>`select position, hash
          from audit_log where position < ${frontier} order by position limit ${BATCH}`.execute(
          trx,
        );
        const last = rows.at(-1);
        if (!last) return 0;
        const mark = {
          rule: 'system_logs',
          boundary: b.toISOString(),
          kept: 0,
          keptDigest: keptDigest([]),
        };
        const cut = { position: Number(last.position), hash: last.hash, at: NOW.toISOString() };
        await services.audit.checkpoints.append({ ...cut, cut: mark });
        await insertCut(trx, { ...cut, ...mark });
        return n(await sql`delete from audit_log where position <= ${cut.position}`.execute(trx));
      },
    },
    {
      sweep: 'retention.holds',
      stash: (b) => [
        { table: 'retention_holds', key: ['id'], where: sql`coalesce(released_at, until) < ${b}` },
        {
          table: 'vault_keys',
          key: ['key_id'],
          where: sql`subject_id in (select 'hold:' || id from retention_holds
            where coalesce(released_at, until) < ${b})`,
        },
      ],
      raw: async (trx, b) => {
        const { rows } = await sql<{ id: string }>`delete from retention_holds
          where id in (select id from retention_holds where coalesce(released_at, until) < ${b}
            order by coalesce(released_at, until), id limit ${BATCH}) returning id`.execute(trx);
        await services.vault.shredMany(
          trx,
          rows.map((r) => `hold:${r.id}`),
          'profile',
        );
        return rows.length;
      },
    },
  ];
  return all.filter((c) => !ONLY || ONLY.includes(c.sweep));
}

/** Copies the due rows aside (the same rows both sides end). */
async function stashRows(db: Kysely<DB>, stashed: Stashed[]): Promise<void> {
  for (const [k, s] of stashed.entries()) {
    const name = `bench_stash_${k}`;
    await sql`drop table if exists ${sql.table(name)}`.execute(db);
    await sql`create unlogged table ${sql.table(name)} as
      select * from ${sql.table(s.table)} where ${s.where}`.execute(db);
  }
}

/** Puts the stashed rows back as they were: triggers and foreign keys off while it does. */
async function restoreRows(db: Kysely<DB>, stashed: Stashed[]): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`set local session_replication_role = replica`.execute(trx);
    for (const [k, s] of stashed.entries()) {
      const name = sql.table(`bench_stash_${k}`);
      const on = sql.join(
        s.key.map((c) => sql`t.${sql.ref(c)} = s.${sql.ref(c)}`),
        sql` and `,
      );
      await sql`delete from ${sql.table(s.table)} t using ${name} s where ${on}`.execute(trx);
      await sql`insert into ${sql.table(s.table)} overriding system value select * from ${name}`.execute(
        trx,
      );
    }
  });
  for (const s of new Set(stashed.map((x) => x.table))) {
    await sql`vacuum analyze ${sql.table(s)}`.execute(db);
  }
}

/** With --statements: how many heap pages each table's due rows lie on, before a side. */
async function layout(db: Kysely<DB>, stashed: Stashed[], side: string): Promise<void> {
  if (!STATEMENTS) return;
  for (const s of stashed) {
    const { rows } = await sql<{
      n: number;
      pages: number;
      size: string;
    }>`select count(*)::int as n,
      count(distinct (ctid::text::point)[0])::int as pages,
      pg_relation_size(${s.table}::regclass) / 8192 as size
      from ${sql.table(s.table)} where ${s.where}`.execute(db);
    const r = rows[0]!;
    console.log(
      `    before ${side}: ${s.table} ${fmt(r.n)} due rows on ${fmt(r.pages)} of its ${fmt(Number(r.size))} pages`,
    );
  }
}

async function rawLoop(db: Kysely<DB>, c: Case, before: Date): Promise<number> {
  let total = 0;
  for (;;) {
    const got = await db.transaction().execute((trx) => c.raw(trx, before));
    if (got === 0) return total;
    total += got;
  }
}

/**
 * A side's work with the time it ended: the probe waits out its request in flight and its pause
 * after the work ends (up to ~25 ms), which is no part of the side's time (at a few batches it
 * was most of it, either way).
 */
async function settled<T>(work: Promise<T>): Promise<{ value: T; at: number }> {
  const value = await work;
  return { value, at: performance.now() };
}

/** The storefront page's latencies (ms), one request at a time, until `until` settles. */
async function probe(url: string, until: Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  let done = false;
  void until.finally(() => (done = true)).catch(() => undefined);
  while (!done) {
    const t = performance.now();
    const res = await fetch(url, { headers: { accept: 'text/html' } });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
    times.push(performance.now() - t);
    await new Promise((r) => setTimeout(r, 20));
  }
  return times;
}

const brief = (v: number[]) =>
  `${pct(v, 0.5).toFixed(1)} / ${pct(v, 0.95).toFixed(1)} / ${pct(v, 0.99).toFixed(1)} (${v.length})`;
const latency = (v: number[]) =>
  `p50 ${pct(v, 0.5).toFixed(1)} / p95 ${pct(v, 0.95).toFixed(1)} / p99 ${pct(v, 0.99).toFixed(1)} ms (${v.length} requests)`;

/** The statements sent on the bench's connections since the last {@link takeTally}. */
const tally = new Map<string, { n: number; ms: number }>();

function takeTally(side: string): void {
  if (!STATEMENTS) return;
  const all = [...tally.entries()].sort((a, b) => b[1].ms - a[1].ms);
  const n = all.reduce((s, [, e]) => s + e.n, 0);
  const ms = all.reduce((s, [, e]) => s + e.ms, 0);
  console.log(`    ${side}: ${fmt(n)} statements, ${fmt(ms)} ms in them`);
  for (const [key, e] of all.slice(0, 12)) {
    console.log(
      `      ${String(e.n).padStart(6)} × ${(e.ms / e.n).toFixed(2).padStart(7)} ms = ${fmt(e.ms).padStart(6)} ms  ${key}`,
    );
  }
  tally.clear();
}

/** Where a kept store's files live (keys, checkpoints, its clock and size), by database name. */
const keptDir = path.join(tmpdir(), `custodian-${DB_NAME}`);
const keptState = path.join(keptDir, 'store.json');

async function main(): Promise<void> {
  if (REUSE) {
    const kept = JSON.parse(readFileSync(keptState, 'utf8')) as { now: string; size: StoreSize };
    NOW = new Date(kept.now);
    Object.assign(size, kept.size);
  }
  console.log(
    `bench:retention on PostgreSQL (${DB_NAME}), ${new Date().toISOString().slice(0, 16)} UTC, ` +
      `load average ${load()} (2 cores, shared with other work)`,
  );
  console.log(
    `size: ${fmt(size.customers)} customers, ${fmt(size.orders)} orders, ${fmt(size.events)} browsing events; ` +
      `${size.due * 100} % of each table due; ${ERASURES} erasures per customer sweep; batches of ${BATCH}`,
  );
  console.log(`goal: every sweep ≥ ${GOAL}× the raw rate on the same rows\n`);
  if (!REUSE) {
    const admin = await openDatabase({ url: ADMIN_URL });
    await sql`drop database if exists ${sql.id(DB_NAME)}`.execute(admin.db);
    await sql`create database ${sql.id(DB_NAME)}`.execute(admin.db);
    await admin.close();
    if (KEEP) rmSync(keptDir, { recursive: true, force: true });
  }

  const dir = KEEP ? keptDir : mkdtempSync(path.join(tmpdir(), 'custodian-bench-retention-'));
  const keyDir = path.join(dir, 'keys');
  const backupDir = path.join(dir, 'backups');
  if (!REUSE) {
    mkdirSync(keyDir, { recursive: true });
    mkdirSync(backupDir, { recursive: true });
  }
  const env = {
    DATABASE_URL: URL,
    DATA_DIR: dir,
    CUSTODIAN_KEY_DIR: keyDir,
    CUSTODIAN_AUDIT_CHECKPOINTS: path.join(keyDir, 'audit-checkpoints.jsonl'),
    BACKUP_DIR: backupDir,
    RETENTION_SCHEDULE: 'off',
  };
  const database = await openDatabase({ url: URL });
  if (STATEMENTS)
    timeStatements(database.pool!, (text, ms) => {
      const key = text.slice(0, 90);
      const e = tally.get(key) ?? { n: 0, ms: 0 };
      e.n += 1;
      e.ms += ms;
      tally.set(key, e);
    });
  let server: ChildProcess | undefined;
  try {
    await migrateToLatest(database);
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...env });
    const services = await createServices(config, createLogger('silent'), database);
    const db = database.db;
    const t = performance.now();
    if (REUSE) {
      console.log(`the store kept at ${NOW.toISOString()} (--reuse)`);
      // The last run's sweeps changed tables by hundreds of thousands of rows; a server without
      // autovacuum (as on the project's machine) would plan this run on the build's statistics.
      await sql`analyze`.execute(db);
      console.log(`  analyzed in ${((performance.now() - t) / 1000).toFixed(0)} s\n`);
    } else {
      await insertMissingProducts(db, demoProducts);
      console.log('building the store:');
      await seedStore(db, size, NOW);
      // Kept, the store is whole: a later run may sweep the audit log too.
      if (KEEP || !ONLY || ONLY.includes('audit.entries')) {
        await seedAudit(
          db,
          size.customers,
          Math.floor(size.customers * size.due),
          NOW,
          services.audit.checkpoints,
        );
      }
      await sql`vacuum analyze`.execute(db);
      console.log(`  built and vacuumed in ${((performance.now() - t) / 1000).toFixed(0)} s\n`);
      if (KEEP) writeFileSync(keptState, JSON.stringify({ now: NOW.toISOString(), size }));
    }

    const started = await startCustodian(path.resolve(import.meta.dirname, '..'), env);
    server = started.child;
    const page = `${started.url}${PAGE}`;
    await probe(page, new Promise((r) => setTimeout(r, 1000))); // warm
    const idle = await probe(page, new Promise((r) => setTimeout(r, 5000)));
    console.log(`storefront ${PAGE}, idle: ${latency(idle)}\n`);

    const rows: string[][] = [];
    const table = [
      [
        'sweep',
        'rule',
        'action',
        'rows',
        'sweep rows/s',
        'raw rows/s',
        '× raw',
        'goal',
        'page during sweep, p50/p95/p99 ms (n)',
        'page during raw',
      ],
    ];
    for (const c of cases(services)) {
      const sweep = services.retention.sweeps.get(c.sweep);
      if (!sweep) throw new Error(`no sweep ${c.sweep}`);
      const sweeps = new RetentionSweeps();
      sweeps.register(sweep);
      const runner = new RetentionRunner({
        database,
        sweeps,
        manifest: () => services.policy.manifest,
        log: createLogger('silent'),
        now: () => NOW,
        batchSize: BATCH,
      });
      const before = runner.window(sweep, NOW, { customerIds: [], orderIds: [] })!.before;
      const stashed = c.stash?.(before) ?? [];
      await stashRows(db, stashed);
      // Both sides start from the same physical state: the due rows put back from the stash and
      // vacuumed (on the freshly seeded heap the sweep paid page images and table growth the raw
      // side did not), and what the other side wrote undone.
      const fromStash = async () => {
        if (c.fresh) await c.fresh();
        await restoreRows(db, stashed);
        await c.reset?.();
      };
      const sweepSide = async (): Promise<Side> => {
        await fromStash();
        await layout(db, stashed, 'sweep');
        tally.clear();
        const t0 = performance.now();
        const run = settled(runner.run({ trigger: 'bench' }));
        const during = await probe(page, run);
        const { value: report, at } = await run;
        const ms = at - t0;
        const swept = report.sweeps[0]!;
        if (swept.errors > 0) throw new Error(`${c.sweep} failed in the runner`);
        takeTally(`${c.sweep} sweep`);
        return { n: swept.processed, ms, during };
      };
      const rawSide = async (): Promise<Side> => {
        await fromStash();
        await layout(db, stashed, 'raw');
        tally.clear();
        const t0 = performance.now();
        const rawRun = settled(rawLoop(db, c, before));
        const during = await probe(page, rawRun);
        const { value: n, at } = await rawRun;
        takeTally(`${c.sweep} raw`);
        return { n, ms: at - t0, during };
      };
      // Several rounds alternate which side goes first (--rounds), from --raw-first's side.
      const sweepRuns: Side[] = [];
      const rawRuns: Side[] = [];
      for (let r = 0; r < ROUNDS; r++) {
        const rawFirst = RAW_FIRST !== (r % 2 === 1);
        if (rawFirst) rawRuns.push(await rawSide());
        sweepRuns.push(await sweepSide());
        if (!rawFirst) rawRuns.push(await rawSide());
        const [sw, rw] = [sweepRuns.at(-1)!, rawRuns.at(-1)!];
        if (ROUNDS > 1 || RAW_FIRST) {
          console.log(
            `    round ${r + 1} (${rawFirst ? 'raw first' : 'sweep first'}): sweep ${fmt(rate(sw.n, sw.ms))} ` +
              `rows/s, raw ${fmt(rate(rw.n, rw.ms))} rows/s, ${(rate(sw.n, sw.ms) / rate(rw.n, rw.ms)).toFixed(2)}× ` +
              `[load ${load()}]`,
          );
        }
      }
      // Kept: the store is left as seeded, for the next run on it.
      if (KEEP && !c.fresh) {
        await restoreRows(db, stashed);
        await c.reset?.();
      }
      const sum = (v: Side[], f: (s: Side) => number) => v.reduce((a, x) => a + f(x), 0);
      const swept = { processed: sum(sweepRuns, (x) => x.n) };
      const sweepMs = sum(sweepRuns, (x) => x.ms);
      const during = sweepRuns.flatMap((x) => x.during);
      const rawN = sum(rawRuns, (x) => x.n);
      const rawMs = sum(rawRuns, (x) => x.ms);
      const duringRaw = rawRuns.flatMap((x) => x.during);
      if (sweepRuns.some((x, k) => x.n !== rawRuns[k]!.n)) {
        throw new Error(
          `${c.sweep}: the sweep ended ${sweepRuns.map((x) => x.n).join(', ')} rows, the raw loop ${rawRuns.map((x) => x.n).join(', ')}`,
        );
      }
      const ratio = rate(swept.processed, sweepMs) / rate(rawN, rawMs);
      const row = [
        c.sweep,
        sweep.rule,
        sweep.action,
        fmt(swept.processed / sweepRuns.length), // a round's
        fmt(rate(swept.processed, sweepMs)),
        fmt(rate(rawN, rawMs)),
        ratio.toFixed(2),
        ratio >= GOAL ? 'met' : 'missed',
        brief(during),
        brief(duringRaw),
      ];
      rows.push(row);
      console.log(`  ${row.join(' | ')}   [load ${load()}]`);
      if (swept.processed === 0) throw new Error(`${c.sweep}: nothing was due`);
    }
    // Backup archives are files, not rows: the sweep and a raw `rm` of as many, same batches.
    if (!ONLY || ONLY.includes('backups.archives')) {
      rows.push(await backups(services, backupDir));
      console.log(`  ${rows.at(-1)!.join(' | ')}`);
    }
    console.log(`\n${[...table, ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n')}`);
    for (const c of cases(services)) if (c.note) console.log(`\n${c.note}`);
    console.log(`\nstorefront idle: ${latency(idle)}; load average at the end ${load()}`);
  } finally {
    if (server) {
      const exited = new Promise((r) => server!.once('exit', r));
      server.kill('SIGTERM');
      await exited;
    }
    await database.close();
    if (!KEEP) {
      rmSync(dir, { recursive: true, force: true });
      // Gigabytes at full scale: gone with the run unless kept for --reuse.
      const admin = await openDatabase({ url: ADMIN_URL });
      await sql`drop database if exists ${sql.id(DB_NAME)}`.execute(admin.db);
      await admin.close();
    }
  }
}

async function backups(services: Services, dir: string): Promise<string[]> {
  const files = 2000;
  const old = new Date(NOW.getTime() - 40 * 86_400_000);
  const make = () => {
    for (let k = 0; k < files; k++) {
      const f = path.join(dir, `backup-${k}.tar.gz`);
      writeFileSync(f, 'archive');
      utimesSync(f, old, old);
    }
  };
  const sweeps = new RetentionSweeps();
  sweeps.register(services.retention.sweeps.get('backups.archives')!);
  const runner = new RetentionRunner({
    database: services.database,
    sweeps,
    manifest: () => services.policy.manifest,
    log: createLogger('silent'),
    now: () => NOW,
    batchSize: BATCH,
  });
  make();
  let t = performance.now();
  const swept = (await runner.run({ trigger: 'bench' })).sweeps[0]!.processed;
  const sweepMs = performance.now() - t;
  make();
  t = performance.now();
  let removed = 0;
  for (;;) {
    const names = readdirSync(dir).slice(0, BATCH);
    if (names.length === 0) break;
    for (const name of names) rmSync(path.join(dir, name));
    removed += names.length;
  }
  const rawMs = performance.now() - t;
  if (removed !== swept)
    throw new Error(`backups: the sweep ended ${swept}, the raw loop ${removed}`);
  const ratio = rate(swept, sweepMs) / rate(removed, rawMs);
  return [
    'backups.archives',
    'backups',
    'delete',
    fmt(swept),
    fmt(rate(swept, sweepMs)),
    fmt(rate(removed, rawMs)),
    ratio.toFixed(2),
    ratio >= GOAL ? 'met' : 'missed',
    '(files; not timed)',
    '',
  ];
}

await main();
process.exit(0);
