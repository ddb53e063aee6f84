/**
 * Worker threads that seal the seed's batches (seal-worker.ts), one per core by default: sealing
 * (an AES-GCM operation per field, a key wrap per data key) and COPY encoding are most of the
 * seed's CPU, and one thread cannot keep PostgreSQL busy. Each batch comes back as COPY text per
 * table, moved (not copied) to the main thread, which writes it in its own transaction.
 *
 * The workers run the built `dist/seal-worker.js` next to the bundle, or the TypeScript source
 * through tsx when the app itself runs from source (tests, `CUSTODIAN_FROM_SOURCE=1`).
 *
 * @example
 *   const pool = await openSealPool(init, 2);
 *   const batch = await pool.seal([{ i: 0, emailIndex }]); // COPY text per table
 *   await pool.close();
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Vault } from '../kit/vault/vault.ts';
import type { Product } from '../shop/catalog.ts';
import type { BatchContext } from './seal-batch.ts';
import type { SeedTable } from './seed.repository.ts';

export interface SealWorkerInit {
  masterKey: Buffer;
  indexKey: Buffer;
  /** UTC midnight the dates count back from, in ms. */
  today: number;
  products: Product[];
  context: Omit<BatchContext, 'vault'>;
}

export interface SealJob {
  id: number;
  fresh: { i: number; emailIndex: string }[];
}

export interface SealReply {
  id: number;
  /** COPY text per table (absent where the batch has no row). */
  tables: Partial<Record<SeedTable, Uint8Array>>;
  counts: Partial<Record<SeedTable, number>>;
}

export interface SealedBatch {
  tables: Partial<Record<SeedTable, Buffer>>;
  counts: Partial<Record<SeedTable, number>>;
}

export interface SealPool {
  seal(fresh: SealJob['fresh']): Promise<SealedBatch>;
  close(): Promise<void>;
}

/** A made-up address whose blind index shows that a worker's vault indexes like the app's. */
export const KEY_PROBE = 'seal-worker-probe@example.test';

interface Ready {
  masterKeyId: string;
  probe: string;
}

type Reply = SealReply | { id: number; error: string } | ({ ready: true } & Ready);

/** A worker running seal-worker.ts: the build's file, or the source through tsx. */
function startWorker(init: SealWorkerInit): Worker {
  const fromSource = import.meta.url.endsWith('.ts');
  const entry = new URL(fromSource ? './seal-worker.ts' : './seal-worker.js', import.meta.url);
  if (!fromSource) return new Worker(entry, { workerData: init });
  // tsx's `register()` (the `import` build of `tsx/esm/api`: require.resolve would give the CJS
  // one, which fails to load from here) hooks TypeScript into this thread's loader.
  const tsxDir = path.dirname(createRequire(import.meta.url).resolve('tsx/package.json'));
  const tsx = pathToFileURL(path.join(tsxDir, 'dist', 'esm', 'api', 'index.mjs')).href;
  return new Worker(
    `const { workerData } = require('node:worker_threads');
     import(workerData.tsx).then((m) => m.register()).then(() => import(workerData.entry));`,
    { eval: true, workerData: { ...init, tsx, entry: entry.href } },
  );
}

/**
 * `size` workers holding the vault's keys. Checks that each worker's vault wraps with the same
 * master key and indexes with the same index key as `vault` (the app's): a batch sealed
 * under other keys could never be opened or found.
 */
export async function openSealPool(
  init: SealWorkerInit,
  size: number,
  vault: Pick<Vault, 'masterKeyId' | 'blindIndex'>,
): Promise<SealPool> {
  const expect: Ready = {
    masterKeyId: vault.masterKeyId,
    probe: vault.blindIndex('email', KEY_PROBE),
  };
  const pending = new Map<
    number,
    { worker: Worker; resolve: (b: SealedBatch) => void; reject: (e: Error) => void }
  >();
  const load = new Map<Worker, number>();
  let nextId = 1;
  let closing = false;
  const failAll = (worker: Worker, error: Error) => {
    for (const [id, p] of pending) {
      if (p.worker !== worker) continue;
      pending.delete(id);
      p.reject(error);
    }
  };

  const workers = Array.from({ length: size }, () => startWorker(init));
  try {
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            load.set(worker, 0);
            worker.on('message', (msg: Reply) => {
              if ('ready' in msg) {
                if (msg.masterKeyId !== expect.masterKeyId || msg.probe !== expect.probe) {
                  reject(new Error('The seed workers hold other vault keys than the app.'));
                } else resolve();
                return;
              }
              const p = pending.get(msg.id);
              if (!p) return;
              pending.delete(msg.id);
              load.set(worker, load.get(worker)! - 1);
              if ('error' in msg) return p.reject(new Error(msg.error));
              const tables: SealedBatch['tables'] = {};
              for (const [t, bytes] of Object.entries(msg.tables) as [SeedTable, Uint8Array][]) {
                tables[t] = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
              }
              p.resolve({ tables, counts: msg.counts });
            });
            worker.on('error', (err) => {
              reject(err);
              failAll(worker, err);
            });
            worker.on('exit', (code) => {
              const err = new Error(`A seed worker stopped (exit code ${code}).`);
              reject(err);
              if (!closing) failAll(worker, err);
            });
          }),
      ),
    );
  } catch (err) {
    closing = true;
    await Promise.all(workers.map((w) => w.terminate()));
    throw err;
  }

  return {
    seal(fresh) {
      // The least busy worker: batches differ in size, so round robin would let one fall behind.
      const worker = workers.reduce((a, b) => (load.get(b)! < load.get(a)! ? b : a));
      load.set(worker, load.get(worker)! + 1);
      const id = nextId++;
      return new Promise<SealedBatch>((resolve, reject) => {
        pending.set(id, { worker, resolve, reject });
        worker.postMessage({ id, fresh } satisfies SealJob);
      });
    },
    async close() {
      closing = true;
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
