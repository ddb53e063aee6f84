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
  fault?: { position: number; kind: ChainFault; message: string } | undefined;
}

export interface VerifyOptions {
  checkpoints?: CheckpointStore | undefined;
  /** Entries per query. */
  batch?: number | undefined;
}

export async function verifyChain(
  db: Kysely<DB>,
  options: VerifyOptions = {},
): Promise<VerifyResult> {
  const checkpoints = (await options.checkpoints?.read()) ?? [];
  const head = await repo.readHead(db);
  const expected = new Map<number, string>();
  const seen = new Set<string>();
  for (const c of checkpoints) {
    const prior = expected.get(c.position);
    // Two checkpoints disagreeing about one position: the log was rewritten between them.
    if (prior !== undefined && prior !== c.hash) seen.add(`conflict:${c.position}`);
    expected.set(c.position, c.hash);
  }
  const latest = checkpoints.length ? Math.max(...checkpoints.map((c) => c.position)) : null;
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
  // Stop at the head: anything past it was appended after this run began.
  while (position < head.position) {
    const page = await repo.entriesAfter(db, position, Math.min(batch, head.position - position));
    if (page.length === 0) break;
    for (const e of page) {
      const want = position + 1;
      if (e.position !== want) {
        return result(
          {
            position: want,
            kind: 'missing',
            message: `entry ${want} is missing (the next is ${e.position})`,
          },
          entries,
        );
      }
      if (entryHash(e) !== e.hash) {
        return result(
          {
            position: want,
            kind: 'edited',
            message: `entry ${want} does not match its hash: it was changed or moved`,
          },
          entries,
        );
      }
      if (e.prevHash !== prevHash) {
        return result(
          {
            position: want,
            kind: 'broken_link',
            message: `entry ${want} does not follow entry ${want - 1}: an entry before it was changed, removed or inserted`,
          },
          entries,
        );
      }
      const checkpointed = expected.get(want);
      if (checkpointed !== undefined && (checkpointed !== e.hash || seen.has(`conflict:${want}`))) {
        return result(
          {
            position: want,
            kind: 'checkpoint_mismatch',
            message: `entry ${want} differs from its checkpoint: the log was rewritten at or before this position`,
          },
          entries,
        );
      }
      position = want;
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
