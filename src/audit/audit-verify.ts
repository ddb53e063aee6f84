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
 */
import type { Kysely } from 'kysely';
import type { DB } from '../kit/db/schema.ts';
import { entryHash, GENESIS_HASH } from './audit-entry.ts';
import type { CheckpointStore } from './audit-checkpoints.ts';
import * as repo from './audit.repository.ts';
import type { StoredEntry } from './audit.repository.ts';

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
  | 'checkpoint_mismatch';

export interface VerifyResult {
  ok: boolean;
  /** Entries checked. */
  entries: number;
  head: { position: number; hash: string };
  checkpoints: { count: number; latest: number | null; location: string };
  /** The first bad position and what is wrong there. */
  fault?: VerifyFault | undefined;
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
}

export async function verifyChain(
  db: Kysely<DB>,
  options: VerifyOptions = {},
): Promise<VerifyResult> {
  const checkpoints = (await options.checkpoints?.read()) ?? [];
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
  });

  const batch = options.batch ?? 10_000;
  let position = 0;
  let prevHash = GENESIS_HASH;
  let entries = 0;
  const from = options.from && options.from.position > 0 ? options.from : undefined;
  if (from) {
    const fault = await checkStart(db, from);
    if (fault) return result(fault, 0);
    position = from.position;
    prevHash = from.hash;
  }
  // Stop at the head: anything past it was appended after this run began. The next page is
  // fetched while this one is hashed (PostgreSQL works on it meanwhile).
  const fetchAfter = (after: number) =>
    after < head.position
      ? repo.entriesAfter(db, after, Math.min(batch, head.position - after))
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
    }
  }

  const end = Math.max(head.position, latest ?? 0);
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
  if (head.position > 0 && head.hash !== prevHash) {
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
