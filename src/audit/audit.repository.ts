/** The audit log's storage. Only this file touches `audit_log`, `audit_head` and `audit_cuts`. */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../kit/db/schema.ts';
import { among } from '../core/retention-sweeps.ts';
import type { AuditDetail, ChainedEntry } from './audit-entry.ts';

type Executor = Kysely<DB> | Transaction<DB>;

export interface StoredEntry extends ChainedEntry {
  hash: string;
}

export interface ChainHead {
  position: number;
  hash: string;
}

/**
 * The head, locked until the caller's transaction ends: the one point every append passes, so
 * appends from concurrent transactions and processes queue here and form one chain.
 */
export async function lockHead(trx: Transaction<DB>): Promise<ChainHead> {
  return trx
    .selectFrom('audit_head')
    .select(['position', 'hash'])
    .forUpdate()
    .executeTakeFirstOrThrow();
}

export async function readHead(db: Executor): Promise<ChainHead> {
  return db.selectFrom('audit_head').select(['position', 'hash']).executeTakeFirstOrThrow();
}

const CHUNK = 2000;

function toRow(e: StoredEntry) {
  return {
    position: e.position,
    prev_hash: e.prevHash,
    hash: e.hash,
    at: e.at,
    actor_kind: e.actorKind,
    actor_id: e.actorId,
    actor_staff_id: e.actorStaffId,
    action: e.action,
    subject: e.subject,
    categories: JSON.stringify(e.categories),
    access: e.access,
    outcome: e.outcome,
    reason_sealed: e.reasonSealed,
    detail: e.detail === null ? null : JSON.stringify(e.detail),
  };
}

/** Inserts entries (already chained), a few thousand rows per statement; leaves the head. */
export async function insertEntries(db: Executor, entries: StoredEntry[]): Promise<void> {
  for (let i = 0; i < entries.length; i += CHUNK) {
    await db
      .insertInto('audit_log')
      .values(entries.slice(i, i + CHUNK).map(toRow))
      .execute();
  }
}

/**
 * Inserts chained entries and moves the head to the last of them. A usual append is one
 * statement (the insert and the head update as one data-modifying CTE): each round trip is paid
 * while the head is locked.
 */
export async function appendEntries(trx: Transaction<DB>, entries: StoredEntry[]): Promise<void> {
  const last = entries.at(-1);
  if (!last) return;
  await insertEntries(trx, entries.slice(0, -CHUNK));
  await trx
    .with('appended', (db) => db.insertInto('audit_log').values(entries.slice(-CHUNK).map(toRow)))
    .updateTable('audit_head')
    .set({ position: last.position, hash: last.hash })
    .execute();
}

type Row = {
  position: number;
  prev_hash: string;
  hash: string;
  at: Date;
  actor_kind: string;
  actor_id: string;
  actor_staff_id: string | null;
  action: string;
  subject: string | null;
  categories: string[];
  access: string | null;
  outcome: string | null;
  reason_sealed: string | null;
  detail: AuditDetail | null;
};

function toEntry(r: Row): StoredEntry {
  return toChainEntry({ ...r, at: r.at.toISOString() });
}

const columns = [
  'position',
  'prev_hash',
  'hash',
  'at',
  'actor_kind',
  'actor_id',
  'actor_staff_id',
  'action',
  'subject',
  'categories',
  'access',
  'outcome',
  'reason_sealed',
  'detail',
] as const;

/**
 * The columns as the chain hashes them, for verification, which reads every entry it checks:
 * `at` as the ISO string the hash covers, where the driver would parse a timestamp into a Date per
 * row (most of a verify's read). `to_char`'s milliseconds truncate, as the driver's Date does.
 */
const chainColumns = sql`position, prev_hash, hash,
  to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as at, actor_kind, actor_id,
  actor_staff_id, action, subject, categories, access, outcome, reason_sealed, detail`;

type ChainRow = Omit<Row, 'at'> & { at: string };

function toChainEntry(r: ChainRow): StoredEntry {
  return {
    position: Number(r.position),
    prevHash: r.prev_hash,
    hash: r.hash,
    at: r.at,
    actorKind: r.actor_kind,
    actorId: r.actor_id,
    actorStaffId: r.actor_staff_id,
    action: r.action,
    subject: r.subject,
    categories: r.categories,
    access: r.access,
    outcome: r.outcome,
    reasonSealed: r.reason_sealed,
    detail: r.detail,
  };
}

/** Entries after `position`, in chain order: keyset pages for verifying the whole log. */
export async function entriesAfter(
  db: Executor,
  position: number,
  limit: number,
): Promise<StoredEntry[]> {
  const { rows } = await sql<ChainRow>`select ${chainColumns} from audit_log
    where position > ${position} order by position limit ${limit}`.execute(db);
  return rows.map(toChainEntry);
}

export async function entryAt(db: Executor, position: number): Promise<StoredEntry | undefined> {
  const { rows } = await sql<ChainRow>`select ${chainColumns} from audit_log
    where position = ${position}`.execute(db);
  return rows[0] && toChainEntry(rows[0]);
}

export interface EntryFilter {
  /** A staff id: entries it made, directly or through one of its API tokens. */
  staffId?: string | undefined;
  subject?: string | undefined;
  /** One action, or every action under a prefix ending in '.', e.g. 'staff.'. */
  action?: string | undefined;
  /** Only entries before this position (the next page of a newest-first listing). */
  before?: number | undefined;
  limit: number;
}

/** Newest first. */
export async function findEntries(db: Executor, f: EntryFilter): Promise<StoredEntry[]> {
  let q = db.selectFrom('audit_log').select(columns);
  if (f.staffId !== undefined) {
    const staffId = f.staffId;
    q = q.where((eb) =>
      eb.or([
        eb.and([eb('actor_kind', '=', 'staff'), eb('actor_id', '=', staffId)]),
        eb('actor_staff_id', '=', staffId),
      ]),
    );
  }
  if (f.subject !== undefined) q = q.where('subject', '=', f.subject);
  if (f.action !== undefined) {
    q = f.action.endsWith('.')
      ? q.where(sql<boolean>`starts_with(action, ${f.action})`)
      : q.where('action', '=', f.action);
  }
  if (f.before !== undefined) q = q.where('position', '<', f.before);
  const rows = await q.orderBy('position', 'desc').limit(f.limit).execute();
  return rows.map(toEntry);
}

/** Every entry about any of these pseudonyms, oldest first (the Art. 15 copy). */
export async function entriesAboutSubjects(
  db: Executor,
  pseudonyms: string[],
): Promise<StoredEntry[]> {
  if (pseudonyms.length === 0) return [];
  const rows = await db
    .selectFrom('audit_log')
    .select(columns)
    .where('subject', 'in', pseudonyms)
    .orderBy('position')
    .execute();
  return rows.map(toEntry);
}

export async function countEntriesAboutSubject(db: Executor, pseudonym: string): Promise<number> {
  const row = await db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('subject', '=', pseudonym)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** {@link countEntriesAboutSubject} for several pseudonyms in one statement (none: absent). */
export async function countEntriesAboutSubjects(
  db: Executor,
  pseudonyms: readonly string[],
): Promise<Map<string, number>> {
  if (pseudonyms.length === 0) return new Map();
  const rows = await db
    .selectFrom('audit_log')
    .select(['subject', (eb) => eb.fn.countAll<string>().as('n')])
    .where('subject', 'in', [...new Set(pseudonyms)])
    .groupBy('subject')
    .execute();
  return new Map(rows.flatMap((r) => (r.subject ? [[r.subject, Number(r.n)] as const] : [])));
}

// The log's retention (audit.retention.ts): cuts, and the entries they remove.

export interface StoredCut {
  seq: number;
  position: number;
  hash: string;
  at: string;
  rule: string;
  boundary: string;
  kept: number;
  keptDigest: string;
}

export async function latestCut(db: Executor): Promise<StoredCut | undefined> {
  const r = await db
    .selectFrom('audit_cuts')
    .selectAll()
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  return (
    r && {
      seq: r.seq,
      position: Number(r.position),
      hash: r.hash,
      at: r.at.toISOString(),
      rule: r.rule,
      boundary: r.boundary.toISOString(),
      kept: r.kept,
      keptDigest: r.kept_digest,
    }
  );
}

export async function insertCut(db: Executor, c: Omit<StoredCut, 'seq'>): Promise<void> {
  await db
    .insertInto('audit_cuts')
    .values({
      position: c.position,
      hash: c.hash,
      at: c.at,
      rule: c.rule,
      boundary: c.boundary,
      kept: c.kept,
      kept_digest: c.keptDigest,
    })
    .execute();
}

/** Every entry still stored at or before `position`, in chain order (what a cut kept, and its own). */
export async function entriesThrough(db: Executor, position: number): Promise<StoredEntry[]> {
  const { rows } = await sql<ChainRow>`select ${chainColumns} from audit_log
    where position <= ${position} order by position`.execute(db);
  return rows.map(toChainEntry);
}

/**
 * What a cut up to `upTo` (or the latest cut's position, if further) stands on, in one round
 * trip: the latest cut, and the position and hash of every entry still stored up to there, in
 * chain order (its hash, the digest of what it keeps) without reading and parsing whole entries.
 */
export async function cutBasis(
  db: Executor,
  upTo: number,
): Promise<{
  prev: { position: number; hash: string } | undefined;
  stored: { position: number; hash: string }[];
}> {
  const { rows } = await sql<{ position: number; hash: string; cut: boolean }>`
    with prev as (select position, hash from audit_cuts order by seq desc limit 1)
    select position, hash, false as cut from audit_log
      where position <= greatest(${upTo}::bigint, (select position from prev))
    union all select position, hash, true from prev
    order by cut, position`.execute(db);
  const prev = rows.at(-1)?.cut ? rows.pop() : undefined;
  return {
    prev: prev && { position: Number(prev.position), hash: prev.hash },
    stored: rows.map((r) => ({ position: Number(r.position), hash: r.hash })),
  };
}

export interface DueCutBasis {
  /** The latest cut. */
  prev: { position: number; hash: string } | undefined;
  /** Every entry still stored up to the last due one (or the latest cut, if further). */
  stored: { position: number; hash: string }[];
  /** The due positions among them ({@link prunable}), oldest first. */
  due: number[];
}

/**
 * {@link prunable} and {@link cutBasis} in one round trip: up to `limit` positions before the
 * frontier that no hold keeps, and what a cut of them stands on. Nothing when none is due.
 */
export async function dueCutBasis(
  db: Executor,
  frontier: number,
  held: readonly string[],
  limit: number,
): Promise<DueCutBasis> {
  const basis = await readDueCutBasis(db, frontier, held, limit, frontier);
  // The latest cut is below the frontier unless the period grew since it was made: then the
  // entries up to it are read without the bound.
  if (basis.prev && basis.prev.position >= frontier) {
    return readDueCutBasis(db, frontier, held, limit, undefined);
  }
  return basis;
}

async function readDueCutBasis(
  db: Executor,
  frontier: number,
  held: readonly string[],
  limit: number,
  below: number | undefined,
): Promise<DueCutBasis> {
  // `below`, a bound the planner knows (the run's frontier): without it the stored entries'
  // range, known only as the statement runs, was estimated at a third of the log, and at
  // 1,000,000 entries that put the statement over the JIT threshold: 30-40 ms of compiling in
  // every batch, for 500 rows.
  const { rows } = await sql<{ position: number; hash: string; due: boolean; cut: boolean }>`
    with prev as (select position, hash from audit_cuts order by seq desc limit 1),
      due as (select position from audit_log where position < ${frontier}
        and not ${heldEntry(held)} order by position limit ${limit})
    select position, hash, position in (select position from due) as due, false as cut
      from audit_log
      where exists (select 1 from due)
        and position <= greatest((select max(position) from due), (select position from prev))
        ${below === undefined ? sql`` : sql`and position < ${below}`}
    union all select position, hash, false, true from prev where exists (select 1 from due)
    order by cut, position`.execute(db);
  const prev = rows.at(-1)?.cut ? rows.pop() : undefined;
  return {
    prev: prev && { position: Number(prev.position), hash: prev.hash },
    stored: rows.map((r) => ({ position: Number(r.position), hash: r.hash })),
    due: rows.filter((r) => r.due).map((r) => Number(r.position)),
  };
}

/**
 * The first position recorded at or after `before`, or one past the last entry: every entry
 * before it is older than the boundary, so a cut up to it leaves every younger entry alone even
 * where two appends' clocks crossed.
 */
export async function pruneFrontier(db: Executor, before: Date): Promise<number> {
  const { rows } = await sql<{ young: string | null; last: string | null }>`
    select (select min(position) from audit_log where at >= ${before}) as young,
           (select max(position) from audit_log) as last`.execute(db);
  const r = rows[0]!;
  return r.young !== null ? Number(r.young) : Number(r.last ?? 0) + 1;
}

/** An entry about, or by, one of the held people (by pseudonym). */
function heldEntry(pseudonyms: readonly string[]) {
  return sql<boolean>`(${among('subject', pseudonyms)} or (actor_kind = 'customer' and ${among('actor_id', pseudonyms)}))`;
}

/** Up to `limit` positions before the frontier that no hold keeps, oldest first. */
export async function prunable(
  db: Executor,
  frontier: number,
  held: readonly string[],
  limit: number,
): Promise<number[]> {
  const { rows } = await sql<{ position: string }>`
    select position from audit_log where position < ${frontier} and not ${heldEntry(held)}
    order by position limit ${limit}`.execute(db);
  return rows.map((r) => Number(r.position));
}

/**
 * The census of a run, with its frontier ({@link pruneFrontier}) found in the same statement:
 * the entries before it that no hold keeps (due) and that one keeps (held), and the first entry
 * recorded at or after the boundary (when the next falls due).
 */
export async function pruneCensus(
  db: Executor,
  before: Date,
  held: readonly string[],
  options: { next: boolean } = { next: true },
): Promise<{ frontier: number; due: number; held: number; nextAnchor: Date | null }> {
  // The next anchor reads every entry kept (`at` has no index): a run does not ask for it.
  const next = options.next
    ? sql`(select min(at) from audit_log where at >= ${before})`
    : sql`null::timestamptz`;
  const { rows } = await sql<{ frontier: number; due: string; held: string; next: Date | null }>`
    with f as (select coalesce((select min(position) from audit_log where at >= ${before}),
        (select coalesce(max(position), 0) + 1 from audit_log)) as frontier)
    select f.frontier,
      (select count(*) from audit_log where position < f.frontier and not ${heldEntry(held)}) as due,
      (select count(*) from audit_log where position < f.frontier and ${heldEntry(held)}) as held,
      ${next} as next
    from f`.execute(db);
  const r = rows[0]!;
  return {
    frontier: Number(r.frontier),
    due: Number(r.due),
    held: Number(r.held),
    nextAnchor: r.next === null ? null : new Date(r.next),
  };
}

/** Deletes entries a cut covers (the trigger refuses any other). One array parameter, not 500. */
export async function deleteEntries(db: Executor, positions: readonly number[]): Promise<number> {
  if (positions.length === 0) return 0;
  const r =
    await sql`delete from audit_log where position = any(${[...positions]}::bigint[])`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}
