/**
 * Backup archives (`custodian backup`) kept in the backup directory: 35 days from when each was
 * made (`backups`), then deleted. The archive's file time is when it was made. A backup cannot be
 * held per customer (it holds everyone), so holds do not apply; a restore of an older archive
 * is refused unless forced, and the shred ledger is re-applied after every restore.
 */
import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { RetentionSweep, SweepCensus, SweepWindow } from '../core/retention-sweeps.ts';

async function archives(dir: string): Promise<{ name: string; madeAt: Date }[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  // Side by side, not one after another: a wait per file is a wake of the process per file.
  const stats = await Promise.all(names.map((name) => stat(path.join(dir, name))));
  const out = names.flatMap((name, k) =>
    stats[k]!.isFile() ? [{ name, madeAt: stats[k]!.mtime }] : [],
  );
  return out.sort(
    (a, b) => a.madeAt.getTime() - b.madeAt.getTime() || a.name.localeCompare(b.name),
  );
}

export function backupsRetention(dir: string): RetentionSweep {
  // The directory is listed (and every archive stat'ed) once per run, by the census, not once
  // per batch: the batches page through that listing. A run's window is made once per sweep.
  const listings = new WeakMap<SweepWindow, { due: string[]; young: Date | null }>();
  const listing = async (w: SweepWindow) => {
    let l = listings.get(w);
    if (!l) {
      const all = await archives(dir);
      l = {
        due: all.filter((a) => a.madeAt < w.before).map((a) => a.name),
        young: all.find((a) => a.madeAt >= w.before)?.madeAt ?? null,
      };
      listings.set(w, l);
    }
    return l;
  };
  return {
    name: 'backups.archives',
    rule: 'backups',
    anchor: 'collected',
    action: 'delete',
    tables: [],
    categories: [],
    ownTransactions: true,
    async due(_db, w, limit) {
      // Handed out once each: the next page of the run's listing.
      return (await listing(w)).due.splice(0, limit);
    },
    async end(_db, names, w) {
      const removed = await Promise.all(
        names.map(async (name) => {
          const file = path.join(dir, path.basename(name));
          // Listed at the run's start: an archive made since under the same name is young.
          const s = await stat(file).catch(() => undefined);
          if (!s?.isFile() || s.mtime >= w.before) return 0;
          await rm(file, { force: true });
          return 1;
        }),
      );
      return removed.reduce<number>((a, b) => a + b, 0);
    },
    async census(_db, w): Promise<SweepCensus> {
      const l = await listing(w);
      return { due: l.due.length, held: 0, nextAnchor: l.young };
    },
  };
}
