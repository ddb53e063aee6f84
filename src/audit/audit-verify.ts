/**
 * Verifies the audit chain: streams every entry in position order, recomputes each hash, checks
 * each link to the previous entry, and compares the end of the chain with the head row and with
 * every checkpoint kept outside the database. The first entry that fails is named by position.
 *
 * What each tamper looks like here:
 * - an entry edited in place: its recomputed hash differs from its stored hash (or, if the
 *   tamperer recomputed it, the next entry's `prev_hash` no longer matches);
 * - an entry deleted: its position is missing;
 * - an entry inserted (later ones renumbered): the entry after it does not link to it, and its
 *   own hash covered its old position;
 * - two entries swapped: the hash covers the position, so the first of them fails;
 * - the tail cut off: the head row or a checkpoint names a position past the last entry;
 * - the whole chain rewritten after a point: a checkpoint's hash differs.
 *
 * Checkpoints are read before the head and the head before the entries, so an append that
 * commits while this runs is simply not yet looked at, never mistaken for tampering.
 *
 * After a retention cut (audit.retention.ts) the chain starts at the latest cut: entry N+1 must
 * point at the hash the cut recorded for entry N. The cut itself must be a line of the checkpoint
 * file (the sweep writes it there before it commits), preceded there by a checkpoint at or past
 * its position (the pruned entries were anchored outside the database before they went); the
 * entries a hold kept at or before it must give the digest it recorded. So someone with the
 * database alone cannot delete more entries and move the cut ('forged_cut'), nor drop a kept
 * one ('cut_mismatch'). The cut is read before the checkpoints, because its line is written
 * before its row commits.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Kysely } from 'kysely';
import type { DB } from '../kit/db/schema.ts';
import { entryHash, GENESIS_HASH, keptDigest } from './audit-entry.ts';
import type { Checkpoint, CheckpointStore } from './audit-checkpoints.ts';
import * as repo from './audit.repository.ts';
import type { StoredCut, StoredEntry } from './audit.repository.ts';

export type ChainFault =
  /** The entry's fields do not give its stored hash. */
  | 'edited'
  /** The entry does not point at the hash of the entry before it. */
  | 'broken_link'
  /** No entry at this position, though later ones exist. */
  | 'missing'
  /** The chain ends before this position, which the head or a checkpoint has seen. */
  | 'truncated'
  /** The entry's hash is not the one checkpointed for this position. */
  | 'checkpoint_mismatch'
  /** The latest cut is not one the retention sweep wrote to the checkpoint file. */
  | 'forged_cut'
  /** The entries kept at or before the cut (held) are not the ones it recorded. */
  | 'cut_mismatch';

export interface VerifyResult {
  ok: boolean;
  /** Entries checked. */
  entries: number;
  head: { position: number; hash: string };
  checkpoints: { count: number; latest: number | null; location: string };
  /** The first bad position and what is wrong there. */
  fault?: VerifyFault | undefined;
  /** The latest retention cut: entries up to its position were pruned (but `kept` held ones). */
  cut?: { position: number; at: string; rule: string; kept: number } | undefined;
}

export interface VerifyFault {
  position: number;
  kind: ChainFault;
  message: string;
}

export interface VerifyOptions {
  checkpoints?: CheckpointStore | undefined;
  /** Entries per query. */
  batch?: number | undefined;
  /**
   * Start after this entry, already verified (a checkpoint, or an earlier run): only its own hash
   * is checked again, then the entries after it. What lies before it is not looked at; the full
   * run (`custodian audit verify`) leaves this out.
   */
  from?: { position: number; hash: string } | undefined;
  /**
   * Stop at this entry, a checkpoint's position (the retention cut's anchor): the entries up to
   * it are checked as in a full run, and the chain must reach it; what lies after it, the head
   * row and later checkpoints are not looked at. The full run leaves this out.
   */
  to?: number | undefined;
  /**
   * The latest cut and then the checkpoints, read in that order by the caller (the retention
   * sweep, which needs them to choose `to`): not read again. A retry after a cut that committed
   * meanwhile reads both afresh.
   */
  read?: { cut: StoredCut | undefined; checkpoints: Checkpoint[] } | undefined;
}

/** Entries hashed between two yields to the event loop: a page is ~10 ms of hashing, not ~200. */
const YIELD_EVERY = 500;

export async function verifyChain(
  db: Kysely<DB>,
  options: VerifyOptions = {},
): Promise<VerifyResult> {
  const cut = options.read ? options.read.cut : await repo.latestCut(db);
  const result = await verifyAfterCut(db, cut, options);
  // A cut that committed while this ran removed entries it expected: run once more from it.
  if (result.fault && (await repo.latestCut(db))?.seq !== cut?.seq)
    return verifyAfterCut(db, await repo.latestCut(db), { ...options, read: undefined });
  return result;
}

async function verifyAfterCut(
  db: Kysely<DB>,
  cut: StoredCut | undefined,
  options: VerifyOptions,
): Promise<VerifyResult> {
  const checkpoints = options.read?.checkpoints ?? (await options.checkpoints?.read()) ?? [];
  const head = await repo.readHead(db);
  // position → hash; null when two checkpoints disagree (the log was rewritten between them).
  const expected = new Map<number, string | null>();
  for (const c of checkpoints) {
    const prior = expected.get(c.position);
    expected.set(c.position, prior === undefined || prior === c.hash ? c.hash : null);
  }
  const latest = checkpoints.reduce<number | null>((m, c) => Math.max(m ?? 0, c.position), null);
  const result = (fault?: VerifyResult['fault'], entries = 0): VerifyResult => ({
    ok: fault === undefined,
    entries,
    head,
    checkpoints: {
      count: checkpoints.length,
      latest,
      location: options.checkpoints?.location ?? 'none',
    },
    fault,
    cut: cut && { position: cut.position, at: cut.at, rule: cut.rule, kept: cut.kept },
  });

  const batch = options.batch ?? 10_000;
  let position = 0;
  let prevHash = GENESIS_HASH;
  let entries = 0;
  if (cut) {
    const fault = await checkCut(db, cut, checkpoints, options.checkpoints?.location);
    if (fault) return result(fault, 0);
    position = cut.position;
    prevHash = cut.hash;
  }
  // A start at or before the cut is gone (pruned): the cut is the start then.
  const from =
    options.from && options.from.position > (cut?.position ?? 0) ? options.from : undefined;
  if (from) {
    const fault = await checkStart(db, from);
    if (fault) return result(fault, 0);
    position = from.position;
    prevHash = from.hash;
  }
  // Stop at the head (anything past it was appended after this run began), or at `to`. The next
  // page is fetched while this one is hashed (PostgreSQL works on it meanwhile).
  const last = options.to === undefined ? head.position : Math.min(options.to, head.position);
  const fetchAfter = (after: number) =>
    after < last
      ? repo.entriesAfter(db, after, Math.min(batch, last - after))
      : Promise.resolve([]);
  let next = fetchAfter(position);
  for (;;) {
    const page = await next;
    if (page.length === 0) break;
    next = fetchAfter(page.at(-1)!.position);
    for (const e of page) {
      const fault = checkEntry(e, position + 1, prevHash, expected.get(position + 1));
      if (fault) {
        // The prefetch must settle before the caller may close the pool.
        await next.catch(() => undefined);
        return result(fault, entries);
      }
      position = e.position;
      prevHash = e.hash;
      entries += 1;
      // Hashing is synchronous: let the process's other work (a storefront request) run between
      // chunks, so a long verify never holds the event loop for a whole page.
      if (entries % YIELD_EVERY === 0) await nextTurn();
    }
  }

  const end = options.to ?? Math.max(head.position, latest ?? 0);
  if (position < end) {
    const by =
      position < head.position ? 'the head row' : `a checkpoint (${options.checkpoints?.location})`;
    return result(
      {
        position: position + 1,
        kind: 'truncated',
        message: `the log ends at entry ${position}, but ${by} has seen entry ${end}: the tail was removed`,
      },
      entries,
    );
  }
  // The head row is compared only when the run reached it.
  if (last === head.position && head.position > 0 && head.hash !== prevHash) {
    return result(
      {
        position: head.position,
        kind: 'edited',
        message: `entry ${head.position} is not the entry the head row recorded`,
      },
      entries,
    );
  }
  return result(undefined, entries);
}

/** The cut must be the sweep's (in the file, after a checkpoint covering it) and its kept entries intact. */
async function checkCut(
  db: Kysely<DB>,
  cut: StoredCut,
  checkpoints: Checkpoint[],
  location: string | undefined,
): Promise<VerifyFault | undefined> {
  const at = checkpoints.findIndex(
    (c) =>
      c.cut !== undefined &&
      c.position === cut.position &&
      c.hash === cut.hash &&
      c.cut.rule === cut.rule &&
      c.cut.keptDigest === cut.keptDigest,
  );
  const forged = (why: string): VerifyFault => ({
    position: cut.position,
    kind: 'forged_cut',
    message: `the cut at entry ${cut.position} ${why}: it is not one the retention sweep made`,
  });
  if (at < 0) return forged(`is not in the checkpoint file (${location ?? 'none'})`);
  if (!checkpoints.slice(0, at).some((c) => !c.cut && c.position >= cut.position))
    return forged('follows no checkpoint that covered the entries it removed');
  if (checkpoints.some((c) => c.position === cut.position && c.hash !== cut.hash))
    return {
      position: cut.position,
      kind: 'checkpoint_mismatch',
      message: `entry ${cut.position}, where the cut resumes the chain, differs from its checkpoint`,
    };
  const kept = await repo.entriesThrough(db, cut.position);
  for (const e of kept) {
    if (entryHash(e) !== e.hash)
      return {
        position: e.position,
        kind: 'edited',
        message: `entry ${e.position}, kept by a hold, does not match its hash: it was changed`,
      };
  }
  if (keptDigest(kept) !== cut.keptDigest)
    return {
      position: cut.position,
      kind: 'cut_mismatch',
      message: `the entries kept at or before entry ${cut.position} (${kept.length}, the cut recorded ${cut.kept}) are not the ones the cut kept: one was removed, added or replaced`,
    };
  return undefined;
}

/** The entry a partial run starts after must still be the one verified before. */
async function checkStart(
  db: Kysely<DB>,
  from: { position: number; hash: string },
): Promise<VerifyFault | undefined> {
  const e = await repo.entryAt(db, from.position);
  if (!e)
    return {
      position: from.position,
      kind: 'truncated',
      message: `entry ${from.position}, verified before, is gone: the tail was removed`,
    };
  if (entryHash(e) !== e.hash)
    return {
      position: from.position,
      kind: 'edited',
      message: `entry ${from.position} does not match its hash: it was changed or moved`,
    };
  if (e.hash !== from.hash)
    return {
      position: from.position,
      kind: 'checkpoint_mismatch',
      message: `entry ${from.position} differs from the one verified before: the log was rewritten at or before this position`,
    };
  return undefined;
}

function checkEntry(
  e: StoredEntry,
  want: number,
  prevHash: string,
  checkpointed: string | null | undefined,
): VerifyFault | undefined {
  if (e.position !== want) {
    return {
      position: want,
      kind: 'missing',
      message: `entry ${want} is missing (the next is ${e.position})`,
    };
  }
  if (entryHash(e) !== e.hash) {
    return {
      position: want,
      kind: 'edited',
      message: `entry ${want} does not match its hash: it was changed or moved`,
    };
  }
  if (e.prevHash !== prevHash) {
    return {
      position: want,
      kind: 'broken_link',
      message: `entry ${want} does not follow entry ${want - 1}: an entry before it was changed, removed or inserted`,
    };
  }
  if (checkpointed !== undefined && checkpointed !== e.hash) {
    return {
      position: want,
      kind: 'checkpoint_mismatch',
      message: `entry ${want} differs from its checkpoint: the log was rewritten at or before this position`,
    };
  }
  return undefined;
}
