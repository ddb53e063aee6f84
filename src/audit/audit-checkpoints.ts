/**
 * Checkpoints of the audit chain's head, kept outside the database (by default
 * `DATA_DIR/audit/checkpoints.jsonl`, or `CUSTODIAN_AUDIT_CHECKPOINTS`), as the shred ledger is.
 * Whoever can rewrite the database can cut the chain's tail and move the head back; they cannot
 * also take back a position and hash already written here. Each line holds a position, a hash
 * and a time: no personal data, so the file may be copied anywhere (the further from the database,
 * the better: a log shipper, a WORM bucket). A retention cut is written here too, before it
 * commits: a line with `cut`, so a cut made in the database alone shows as forged.
 *
 * Several app processes on one database (docs/deploy.md): each appends to a file of its own and
 * reads the others' (`CUSTODIAN_AUDIT_CHECKPOINTS_PEERS`), so `audit verify` and a retention cut
 * on any node see every node's checkpoints and cuts. Peers' lines come first and each file's lines
 * stay in their order (a cut is checked against the checkpoints written before it in its file);
 * the last line read is this process's own, which is what `checkpoint()` compares the head with.
 *
 * @example
 *   const file = fileCheckpoints(config.auditCheckpoints);
 *   await file.append({ position: 120, hash, at: new Date().toISOString() });
 */
import { appendJsonLines, readJsonLines } from '../kit/jsonl-file.ts';

export interface Checkpoint {
  position: number;
  hash: string;
  at: string;
  /** Present on a cut's line: the entries up to `position` were pruned (src/audit/audit.retention.ts). */
  cut?: CutMark | undefined;
}

/** What a cut's line adds: the rule, its boundary, and the entries a hold kept (count, digest). */
export interface CutMark {
  rule: string;
  boundary: string;
  kept: number;
  keptDigest: string;
}

export interface CheckpointStore {
  append(checkpoint: Checkpoint): Promise<void>;
  read(): Promise<Checkpoint[]>;
  /** Where it is, for messages. */
  readonly location: string;
}

export function memoryCheckpoints(initial: Checkpoint[] = []): CheckpointStore {
  const entries = [...initial];
  return {
    location: 'memory',
    append: async (c) => void entries.push(c),
    read: async () => [...entries],
  };
}

/** A JSON-lines file, appended with fsync; `peers`: other nodes' files, read, never written. */
export function fileCheckpoints(file: string, peers: readonly string[] = []): CheckpointStore {
  return {
    location: peers.length ? [...peers, file].join(', ') : file,
    append: async (c) => appendJsonLines(file, [c]),
    read: async () => [...peers, file].flatMap(readCheckpointFile),
  };
}

/**
 * One node's file; a node that has not checkpointed yet has none. A torn last line (crash
 * mid-write) is skipped: the next checkpoint covers it.
 */
function readCheckpointFile(file: string): Checkpoint[] {
  return readJsonLines(file, (v): Checkpoint | undefined => {
    const c = v as Partial<Checkpoint>;
    if (
      !Number.isSafeInteger(c.position) ||
      typeof c.hash !== 'string' ||
      !/^[0-9a-f]{64}$/.test(c.hash)
    ) {
      return undefined;
    }
    return {
      position: c.position!,
      hash: c.hash,
      at: typeof c.at === 'string' ? c.at : '',
      ...(isCutMark(c.cut) ? { cut: c.cut } : {}),
    };
  });
}

function isCutMark(v: unknown): v is CutMark {
  const c = v as Partial<CutMark> | null | undefined;
  return (
    typeof c === 'object' &&
    c !== null &&
    typeof c.rule === 'string' &&
    typeof c.boundary === 'string' &&
    Number.isSafeInteger(c.kept) &&
    typeof c.keptDigest === 'string'
  );
}
