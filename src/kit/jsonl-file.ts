/**
 * Append-only JSON-lines files kept outside the database on purpose (the shred ledger, the audit
 * checkpoints): a restore of the database cannot take back what they record. One node writes its
 * own file; other nodes' files are read, never written.
 *
 * @example
 *   appendJsonLines(file, [entry]);               // on disk (fsync) before it returns
 *   const entries = readJsonLines(file, parseEntry); // [] when the file does not exist yet
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import path from 'node:path';

/** Appends the values, one line each, and fsyncs before returning. */
export function appendJsonLines(file: string, values: readonly unknown[]): void {
  if (values.length === 0) return;
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const fd = openSync(file, 'a', 0o600);
  try {
    writeSync(fd, values.map((v) => JSON.stringify(v) + '\n').join(''));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Every line's object that `accept` turns into a value, in file order. A line that is not a JSON
 * object (a torn last line after a crash mid-write) or that `accept` refuses (undefined) is
 * skipped; a missing file has no lines.
 */
export function readJsonLines<T>(
  file: string,
  accept: (value: Record<string, unknown>) => T | undefined,
): T[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const out: T[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    const accepted = accept(value as Record<string, unknown>);
    if (accepted !== undefined) out.push(accepted);
  }
  return out;
}
