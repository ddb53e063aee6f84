/**
 * The worker child of the real-registry crash test (crash-store.test.ts), as crash-worker.ts is
 * for the demo modules: it may resume one erasure (PREV: prints what it found before resuming and
 * after it is done), then run another (NEXT) with the crash hook armed at CUSTODIAN_TEST_CRASH_AT.
 */
import { crashPointsPassed, resetCrashPoints } from '../../src/rights/engine/crash-point.ts';
import { runRequestJob } from '../../src/rights/engine/rights.service.ts';
import type { Services } from '../../src/app/services.ts';
import { observeStore, openStore, type StoreErasure } from './crash-store.ts';

const crashAt = process.env.CUSTODIAN_TEST_CRASH_AT ?? '';
delete process.env.CUSTODIAN_TEST_CRASH_AT;

const parse = (v: string | undefined): StoreErasure | undefined =>
  v ? (JSON.parse(v) as StoreErasure) : undefined;
const prev = parse(process.env.CRASH_PREV);
const next = parse(process.env.CRASH_NEXT);

const store = await openStore(
  {
    url: process.env.CRASH_DB_URL || undefined,
    dataDir: process.env.CRASH_DATA_DIR || undefined,
    keyDir: process.env.CRASH_KEY_DIR ?? '',
  },
  // Only jobs sent here run: a killed worker's job is not retried behind the test's back.
  { pollingIntervalSeconds: 0.5, expireInSeconds: 3600 },
);
const print = (line: object) => process.stdout.write(`${JSON.stringify(line)}\n`);

async function runToEnd(s: Services, r: StoreErasure): Promise<void> {
  const job = await s.jobs.send(
    runRequestJob,
    { requestId: r.requestId },
    { singletonKey: r.requestId },
  );
  if (!job) throw new Error('a job for this request was already queued');
  const deadline = Date.now() + 300_000;
  while (
    (await s.rights.requests.get(r.requestId)).status !== 'done' ||
    (await s.jobs.stateOf(runRequestJob, job)) !== 'completed'
  ) {
    if (Date.now() > deadline) throw new Error('the request did not finish');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

await store.jobs.start();
if (prev) {
  print({ prev: 'before', observed: await observeStore(store, prev) });
  await runToEnd(store, prev);
  print({ prev: 'after', observed: await observeStore(store, prev) });
}
if (next) {
  resetCrashPoints();
  process.env.CUSTODIAN_TEST_CRASH_AT = crashAt;
  await runToEnd(store, next);
  process.env.CUSTODIAN_TEST_CRASH_AT = '';
  print({
    next: 'after',
    observed: await observeStore(store, next),
    crashPoints: crashPointsPassed(),
  });
}
await store.jobs.stop();
await store.database.close();
process.exit(0);
