/**
 * The worker child of the crash test. It may resume one request (PREV: prints what it found
 * before resuming and after it is done) and then run another (NEXT) with the crash hook armed
 * (CUSTODIAN_TEST_CRASH_AT=N: SIGKILL at the N-th crash point of that run). When NEXT finishes,
 * it prints how many crash points the run passed. Only jobs sent here are run: the queue's
 * expiry is set long, so a killed job is not retried behind the test's back.
 */
import { crashPointsPassed, resetCrashPoints } from '../../src/rights/engine/crash-point.ts';
import { runRequestJob } from '../../src/rights/engine/rights.service.ts';
import { observe, openEngine, type DemoRequest, type Engine } from './crash-engine.ts';

const crashAt = process.env.CUSTODIAN_TEST_CRASH_AT ?? '';
delete process.env.CUSTODIAN_TEST_CRASH_AT;

const parse = (v: string | undefined): DemoRequest | undefined =>
  v ? (JSON.parse(v) as DemoRequest) : undefined;
const prev = parse(process.env.CRASH_PREV);
const next = parse(process.env.CRASH_NEXT);

const engine = await openEngine(
  {
    url: process.env.CRASH_DB_URL || undefined,
    dataDir: process.env.CRASH_DATA_DIR || undefined,
    keyDir: process.env.CRASH_KEY_DIR ?? '',
  },
  { pollingIntervalSeconds: 0.5, expireInSeconds: 3600 },
);
const print = (line: object) => process.stdout.write(`${JSON.stringify(line)}\n`);

/** Sends the request's job and waits until both the request is done and the job completed. */
async function runToEnd(e: Engine, r: DemoRequest): Promise<void> {
  const job = await e.jobs.send(
    runRequestJob,
    { requestId: r.requestId },
    { singletonKey: r.requestId },
  );
  if (!job) throw new Error('a job for this request was already queued');
  const deadline = Date.now() + 120_000;
  // Waiting for the job too: a job left queued would run in the next worker, behind the test.
  while (
    (await e.rights.requests.get(r.requestId)).status !== 'done' ||
    (await e.jobs.stateOf(runRequestJob, job)) !== 'completed'
  ) {
    if (Date.now() > deadline) throw new Error('the request did not finish');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

await engine.jobs.start();
if (prev) {
  print({ prev: 'before', observed: await observe(engine, prev) });
  await runToEnd(engine, prev);
  print({ prev: 'after', observed: await observe(engine, prev) });
}
if (next) {
  resetCrashPoints();
  process.env.CUSTODIAN_TEST_CRASH_AT = crashAt;
  await runToEnd(engine, next);
  process.env.CUSTODIAN_TEST_CRASH_AT = '';
  print({ next: 'after', observed: await observe(engine, next), crashPoints: crashPointsPassed() });
}
await engine.jobs.stop();
await engine.database.close();
process.exit(0);
