/**
 * The worker child of the campaign crash test (campaign-crash.test.ts): opens the whole store on
 * the test's database and sends the campaign in batches of 25, printing the progress after each
 * committed batch, so the parent can SIGKILL it halfway.
 */
import { openStore } from '../rights/crash-store.ts';

const store = await openStore({
  url: process.env.CRASH_DB_URL || undefined,
  dataDir: process.env.CRASH_DATA_DIR || undefined,
  keyDir: process.env.CRASH_KEY_DIR ?? '',
});
const print = (line: object) => process.stdout.write(`${JSON.stringify(line)}\n`);
const done = await store.campaigns.send(
  process.env.CRASH_CAMPAIGN ?? '',
  { kind: 'system', id: 'crash-test' },
  { batchSize: 25, onProgress: (p) => print({ handled: p.handled, sent: p.sent }) },
);
print({ done: done.status, sent: done.sent, handled: done.handled });
await store.database.close();
