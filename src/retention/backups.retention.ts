/**
 * Backup archives (`custodian backup`) kept in the backup directory: 35 days from when each was
 * made (`backups`), then deleted. The archive's file time is when it was made. A backup cannot be
 * held per customer (it holds everyone), so holds do not apply; a restore of an older archive
 * is refused unless forced, and the shred ledger is re-applied after every restore.
 */
import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { RetentionSweep, SweepCensus } from '../core/retention-sweeps.ts';

async function archives(dir: string): Promise<{ name: string; madeAt: Date }[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const out: { name: string; madeAt: Date }[] = [];
  for (const name of names) {
    const s = await stat(path.join(dir, name));
    if (s.isFile()) out.push({ name, madeAt: s.mtime });
  }
  return out.sort(
    (a, b) => a.madeAt.getTime() - b.madeAt.getTime() || a.name.localeCompare(b.name),
  );
}

export function backupsRetention(dir: string): RetentionSweep {
  return {
    name: 'backups.archives',
    rule: 'backups',
    anchor: 'collected',
    action: 'delete',
    tables: [],
    categories: [],
    ownTransactions: true,
    async due(_db, w, limit) {
      return (await archives(dir))
        .filter((a) => a.madeAt < w.before)
        .slice(0, limit)
        .map((a) => a.name);
    },
    async end(_db, names) {
      for (const name of names) await rm(path.join(dir, path.basename(name)), { force: true });
      return names.length;
    },
    async census(_db, w): Promise<SweepCensus> {
      const all = await archives(dir);
      const young = all.filter((a) => a.madeAt >= w.before);
      return {
        due: all.length - young.length,
        held: 0,
        nextAnchor: young[0]?.madeAt ?? null,
      };
    },
  };
}
