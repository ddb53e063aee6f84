/**
 * Backup archives (`custodian backup`) kept in the backup directory: 35 days from when each was
 * made (`backups`), then deleted. The archive's file time is when it was made. A backup cannot be
 * held per customer (it holds everyone), so holds do not apply; a restore of an older archive
 * is refused unless forced, and the shred ledger is re-applied after every restore.
 */
import { readdirSync, statSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { RetentionSweep, SweepCensus, SweepWindow } from '../core/retention-sweeps.ts';

/**
 * Files handled between two yields to the event loop. Each is a stat (and an unlink) done
 * synchronously: a few microseconds on a local disk, where the promise API costs a thread-pool
 * round trip and a wake of the process per call (measured: about twice the time for 2,000
 * archives). A chunk holds the loop about a millisecond, never a whole batch.
 */
const CHUNK = 64;

async function archives(dir: string): Promise<{ name: string; madeAt: Date }[]> {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const out: { name: string; madeAt: Date }[] = [];
  for (let k = 0; k < names.length; k++) {
    const s = statSync(path.join(dir, names[k]!), { throwIfNoEntry: false });
    if (s?.isFile()) out.push({ name: names[k]!, madeAt: s.mtime });
    if (k % CHUNK === CHUNK - 1) await nextTurn();
  }
  return out.sort(
    (a, b) => a.madeAt.getTime() - b.madeAt.getTime() || a.name.localeCompare(b.name),
  );
}

/**
 * Removes the archive if it is still an expired file: listed at the run's start, it may since
 * have been replaced by one made under the same name, which is young and stays. An archive
 * already gone (removed by hand meanwhile) is not counted.
 */
function removeIfExpired(file: string, before: Date): number {
  const s = statSync(file, { throwIfNoEntry: false });
  if (!s?.isFile() || s.mtime >= before) return 0;
  try {
    unlinkSync(file);
    return 1;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw err;
  }
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
      let removed = 0;
      for (let k = 0; k < names.length; k++) {
        removed += removeIfExpired(path.join(dir, path.basename(names[k]!)), w.before);
        if (k % CHUNK === CHUNK - 1) await nextTurn();
      }
      return removed;
    },
    async census(_db, w): Promise<SweepCensus> {
      const l = await listing(w);
      return { due: l.due.length, held: 0, nextAnchor: l.young };
    },
  };
}
