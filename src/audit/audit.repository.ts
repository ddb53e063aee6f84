/** The audit log's storage. Only this file touches `audit_log` and `audit_head`. */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../kit/db/schema.ts';
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

export async function moveHead(trx: Transaction<DB>, head: ChainHead): Promise<void> {
  await trx.updateTable('audit_head').set(head).execute();
}

/** Inserts entries (already chained), a few thousand rows per statement. */
export async function insertEntries(db: Executor, entries: StoredEntry[]): Promise<void> {
  for (let i = 0; i < entries.length; i += 2000) {
    await db
      .insertInto('audit_log')
      .values(
        entries.slice(i, i + 2000).map((e) => ({
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
        })),
      )
      .execute();
  }
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
  return {
    position: r.position,
    prevHash: r.prev_hash,
    hash: r.hash,
    at: r.at.toISOString(),
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

/** Entries after `position`, in chain order: keyset pages for streaming the whole log. */
export async function entriesAfter(
  db: Executor,
  position: number,
  limit: number,
): Promise<StoredEntry[]> {
  const rows = await db
    .selectFrom('audit_log')
    .select(columns)
    .where('position', '>', position)
    .orderBy('position')
    .limit(limit)
    .execute();
  return rows.map(toEntry);
}

export async function entryAt(db: Executor, position: number): Promise<StoredEntry | undefined> {
  const row = await db
    .selectFrom('audit_log')
    .select(columns)
    .where('position', '=', position)
    .executeTakeFirst();
  return row && toEntry(row);
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
