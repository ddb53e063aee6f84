/**
 * The seed's worker thread (started by seal-pool.ts, one per core): builds, seals and encodes
 * whole batches, so the main thread only checks which customers exist and streams COPY. It holds
 * its own vault over the same keys as the app's (the pool checks the key ids match), but writes
 * nothing: the keys it drafts go to PostgreSQL in the batch's own transaction, like every row.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createVault } from '../kit/vault/vault.ts';
import { customerActivity } from './customer-activity.ts';
import { sealBatch } from './seal-batch.ts';
import { copyTargets, finishCopy } from './seed.repository.ts';
import { KEY_PROBE, type SealJob, type SealReply, type SealWorkerInit } from './seal-pool.ts';

const init = workerData as SealWorkerInit;
const port = parentPort!;
const vault = createVault({
  masterKey: Buffer.from(init.masterKey),
  indexKey: Buffer.from(init.indexKey),
});
const today = new Date(init.today);
const ctx = { ...init.context, vault };

port.on('message', (job: SealJob) => {
  void (async () => {
    try {
      const fresh = job.fresh.map((f) => ({
        emailIndex: f.emailIndex,
        activity: customerActivity(init.context.seed, f.i, today, init.products),
      }));
      const { tables, counts } = finishCopy(await sealBatch(ctx, fresh, copyTargets()));
      const reply: SealReply = { id: job.id, tables, counts };
      // Moved, not copied: each table's buffer owns its memory whole (CopyTextEncoder.finish).
      const transfer = Object.values(tables).map((b) => b.buffer as ArrayBuffer);
      port.postMessage(reply, transfer);
    } catch (err) {
      // Messages of this code's own errors: no field values in them.
      port.postMessage({ id: job.id, error: err instanceof Error ? err.message : String(err) });
    }
  })();
});

// Tells the pool which keys this vault holds (ids and a blind index of a made-up address only).
port.postMessage({
  ready: true,
  masterKeyId: vault.masterKeyId,
  probe: vault.blindIndex('email', KEY_PROBE),
});
