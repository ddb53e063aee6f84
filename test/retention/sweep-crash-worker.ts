/**
 * The worker child of the retention crash test (sweep-crash.test.ts): opens the whole store on
 * the test's database, runs every sweep once at the test's clock in small batches, and prints a
 * line after each committed batch, so the parent can SIGKILL it in the middle of a sweep.
 */
import { createLogger } from '../../src/kit/log.ts';
import { RetentionRunner } from '../../src/retention/retention-runner.ts';
import { openStore } from '../rights/crash-store.ts';

const store = await openStore({
  url: process.env.CRASH_DB_URL || undefined,
  dataDir: process.env.CRASH_DATA_DIR || undefined,
  keyDir: process.env.CRASH_KEY_DIR ?? '',
});
const print = (line: object) => process.stdout.write(`${JSON.stringify(line)}\n`);
const runner = new RetentionRunner({
  database: store.database,
  sweeps: store.retention.sweeps,
  manifest: () => store.policy.manifest,
  log: createLogger('silent'),
  now: () => new Date(process.env.CRASH_NOW ?? ''),
  batchSize: 20,
  // A killed run's lease runs out quickly, so the next run can take over (one runner at a time).
  leaseSeconds: 2,
  afterBatch: (sweep, processed) => print({ sweep, processed }),
});
const report = await runner.run({ trigger: 'crash-test' });
print({ done: report.status, runId: report.runId });
await store.database.close();
