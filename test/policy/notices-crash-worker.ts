/**
 * The worker child of the notice crash test (notices-crash.test.ts): opens the whole store on
 * the test's database and runs (or resumes) the notices of one version in batches of 25,
 * printing the progress after each batch, so the parent can SIGKILL it halfway.
 */
import { openStore } from '../rights/crash-store.ts';

const store = await openStore({
  url: process.env.CRASH_DB_URL || undefined,
  dataDir: process.env.CRASH_DATA_DIR || undefined,
  keyDir: process.env.CRASH_KEY_DIR ?? '',
});
const print = (line: object) => process.stdout.write(`${JSON.stringify(line)}\n`);
const version = Number(process.env.CRASH_POLICY_VERSION);
const started = performance.now();
const progress = await store.policyPublishing.notices.run(version, {
  batchSize: 25,
  afterBatch: (p) => print({ done: p.done, sent: p.sent }),
});
print({ ...progress, ms: Math.round(performance.now() - started) });
await store.database.close();
