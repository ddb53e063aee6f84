/**
 * The shred ledger: an append-only list of destroyed data keys and erased pseudonym links. It
 * holds only random ids (no subject ids, no personal data), so it may be kept and copied freely.
 *
 * The file copy lives apart from the database (by default `DATA_DIR/keys/shred-ledger.jsonl`,
 * never inside a database backup); the vault also keeps a copy in the `vault_shred_ledger`
 * table. Re-applying the union of both after a restore, and at every start, is what stops an old
 * backup from bringing a destroyed key back (docs/vault.md).
 *
 * Several app processes on one database (docs/deploy.md): each appends to a file of its own and
 * reads the others' (`CUSTODIAN_SHRED_LEDGER_PEERS`), so a re-application on any node after a
 * restore destroys again what every node shredded, not only what it shredded itself.
 */
import { appendJsonLines, readJsonLines } from '../jsonl-file.ts';

export type ShredOp = 'shred-key' | 'unlink-pseudonym';

export interface ShredLedgerEntry {
  op: ShredOp;
  /** A data key id or a pseudonym link id: random, meaningless without the database. */
  id: string;
  at: string;
}

export interface ShredLedger {
  append(entries: ShredLedgerEntry[]): Promise<void>;
  /** Every entry this ledger can see: its own and (a file ledger) its peers'. */
  read(): Promise<ShredLedgerEntry[]>;
  /** Only what was appended here; absent, the same as `read`. */
  readOwn?(): Promise<ShredLedgerEntry[]>;
}

export function memoryShredLedger(initial: ShredLedgerEntry[] = []): ShredLedger {
  const entries = [...initial];
  return {
    append: async (more) => void entries.push(...more),
    read: async () => [...entries],
  };
}

/**
 * A JSON-lines file, appended with fsync before the database is touched; `peers`: other nodes'
 * files, read with it (their entries first), never written.
 */
export function fileShredLedger(file: string, peers: readonly string[] = []): ShredLedger {
  return {
    append: async (entries) => appendJsonLines(file, entries),
    read: async () => [...peers, file].flatMap(readLedgerFile),
    readOwn: async () => readLedgerFile(file),
  };
}

/**
 * One node's file; a node that has not shredded yet has none. A torn last line (crash mid-write)
 * is skipped; the database copy still has the entry.
 */
function readLedgerFile(file: string): ShredLedgerEntry[] {
  return readJsonLines(file, (v): ShredLedgerEntry | undefined => {
    const e = v as Partial<ShredLedgerEntry>;
    if ((e.op !== 'shred-key' && e.op !== 'unlink-pseudonym') || typeof e.id !== 'string') {
      return undefined;
    }
    return { op: e.op, id: e.id, at: typeof e.at === 'string' ? e.at : '' };
  });
}
