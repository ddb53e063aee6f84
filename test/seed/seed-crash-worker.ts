/**
 * The worker child of the seed's index crash test (seed-indexes-crash.test.ts): opens the store
 * on the test's database (migrateToLatest: the start-up path), seeds SEED_CUSTOMERS customers in
 * batches of 5 with the indexes suspended, and prints a line after each committed batch, so the
 * parent can SIGKILL it between suspending and rebuilding them.
 */
import { seedDeps } from '../../src/seed/demo-seed.ts';
import { seedCustomers } from '../../src/seed/seed.service.ts';
import { openStore } from '../rights/crash-store.ts';

const store = await openStore({
  url: process.env.CRASH_DB_URL || undefined,
  dataDir: process.env.CRASH_DATA_DIR || undefined,
  keyDir: process.env.CRASH_KEY_DIR ?? '',
});
const print = (line: object) => process.stdout.write(`${JSON.stringify(line)}\n`);
const outcome = await seedCustomers(seedDeps(store), {
  customers: Number(process.env.SEED_CUSTOMERS),
  batchSize: 5,
  suspendIndexes: true,
  onProgress: (done) => print({ done }),
});
print({ finished: outcome.created, skipped: outcome.skipped });
await store.database.close();
