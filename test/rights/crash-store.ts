/**
 * The whole store (createServices: every real exporter and eraser) over one database, as the
 * real-registry crash test and its worker child build it, and what the test observes of an
 * erasure. The database is PostgreSQL (`url`) or an on-disk PGlite directory (`dataDir`), which
 * only one process opens at a time. No SMTP: mail goes to the sealed outbox.
 */
import { loadConfig } from '../../src/kit/config.ts';
import { openDatabase } from '../../src/kit/db/database.ts';
import { migrateToLatest } from '../../src/kit/db/migrate.ts';
import type { JobsOptions } from '../../src/kit/jobs/jobs.ts';
import { createLogger } from '../../src/kit/log.ts';
import { createServices, type Services } from '../../src/app/services.ts';
import {
  leftoversInDatabase,
  type Leftover,
  type PersonIdentifiers,
} from '../support/erasure-proof.ts';
import type { EngineLocation } from './crash-engine.ts';

export async function openStore(at: EngineLocation, jobs: JobsOptions = {}): Promise<Services> {
  const database = await openDatabase({ url: at.url, dataDir: at.dataDir });
  await migrateToLatest(database);
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    CUSTODIAN_KEY_DIR: at.keyDir,
  });
  return createServices(config, createLogger('silent'), database, { jobs });
}

/** An erasure request about a customer with every kind of data, and her identifiers. */
export interface StoreErasure {
  requestId: string;
  customerId: string;
  identifiers: PersonIdentifiers;
  /** Where her identifiers were before the erasure ran (`table.column:kind`). */
  before: string[];
}

export interface StoreObserved {
  status: string;
  steps: string[];
  /** Where her identifiers are now, outside what an erasure keeps (`table.column:kind`). */
  left: string[];
  /** Art. 19 notices recorded, by recipient. */
  notices: string[];
}

export const placeOf = (l: Leftover) => `${l.table}.${l.column}:${l.kind}`;

export async function observeStore(s: Services, r: StoreErasure): Promise<StoreObserved> {
  const view = await s.rights.requests.get(r.requestId);
  return {
    status: view.status,
    steps: view.steps.map((x) => x.step),
    left: (await leftoversInDatabase(s.database.db, r.identifiers)).map(placeOf).sort(),
    notices: view.notices.map((n) => n.recipient).sort(),
  };
}
