/**
 * The rights engine over one database, with the demo modules, as both the crash test and its
 * worker child process build it, and what the test observes of a request. The database is
 * PostgreSQL (`url`) or an on-disk PGlite directory (`dataDir`), which only one process opens at
 * a time.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { sql } from 'kysely';
import { loadConfig } from '../../src/kit/config.ts';
import { openDatabase, type Database } from '../../src/kit/db/database.ts';
import { migrateToLatest } from '../../src/kit/db/migrate.ts';
import { insertDisclosure, markDisclosure } from '../../src/disclosures/disclosures.repository.ts';
import { Jobs, type JobsOptions } from '../../src/kit/jobs/jobs.ts';
import { createLogger } from '../../src/kit/log.ts';
import { loadManifest } from '../../src/core/manifest/manifest-loader.ts';
import { createRightsServices, type RightsServices } from '../../src/rights/create-rights.ts';
import { openEnvelope } from '../../src/rights/engine/access-package.ts';
import type { RequestType } from '../../src/rights/engine/rights.ts';
import { createConfiguredVault } from '../../src/kit/vault/vault.service.ts';
import type { Vault } from '../../src/kit/vault/vault.ts';
import { createDemoTables, demoOrders, demoProfile, seedDemoSubject } from './demo-modules.ts';

export interface EngineLocation {
  url?: string | undefined;
  dataDir?: string | undefined;
  keyDir: string;
}

export interface Engine {
  database: Database;
  vault: Vault;
  jobs: Jobs;
  rights: RightsServices;
}

export const manifestPath = path.resolve(import.meta.dirname, '../../privacy/hersecret.yaml');

export async function openEngine(
  at: EngineLocation,
  jobOptions: JobsOptions = {},
): Promise<Engine> {
  const log = createLogger('silent');
  const database = await openDatabase({ url: at.url, dataDir: at.dataDir });
  await migrateToLatest(database);
  await createDemoTables(database);
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    CUSTODIAN_KEY_DIR: at.keyDir,
  });
  const vault = await createConfiguredVault(config, log, database);
  const { manifest } = await loadManifest(manifestPath);
  const jobs = new Jobs(database, log, jobOptions);
  const rights = createRightsServices({ database, vault, jobs, manifest: () => manifest, log });
  rights.registry.register(demoProfile);
  rights.registry.register(demoOrders);
  return { database, vault, jobs, rights };
}

export interface DemoRequest {
  requestId: string;
  customerId: string;
}

/** A new subject with demo data and one disclosure to Posti, and a verified request about it. */
export async function newDemoRequest(e: Engine, type: RequestType): Promise<DemoRequest> {
  const customerId = `c-${randomUUID()}`;
  await seedDemoSubject(e.database, customerId);
  const pseudonym = await e.vault.pseudonym(e.database.db, customerId);
  const d = await insertDisclosure(e.database.db, {
    recipient: 'posti',
    purpose: 'order_fulfilment',
    categories: ['user.name', 'user.contact.address'],
    fields: ['name', 'address'],
    subjectPseudonym: pseudonym,
  });
  await markDisclosure(e.database.db, d, 'sent');
  // The queue is not started here, so the request waits until a worker sends its job.
  const view = await e.rights.requests.create({
    type,
    channel: 'staff',
    customerId,
    verified: true,
  });
  return { requestId: view.id, customerId };
}

export interface Observed {
  status: string;
  steps: string[];
  profileRows: number;
  linkedOrders: number;
  erasures: { module: string; n: number }[];
  exports: number;
  exportText: string | undefined;
  notices: number;
}

export async function observe(e: Engine, r: DemoRequest): Promise<Observed> {
  const db = e.database.db;
  const view = await e.rights.requests.get(r.requestId);
  const count = async (table: 'demo_profiles' | 'demo_orders') => {
    const result = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}
      where customer_id = ${r.customerId}`.execute(db);
    return result.rows[0]?.n ?? 0;
  };
  const erasures = await sql<{ module: string; n: number }>`select module, count(*)::int as n
    from demo_erasures where request_id = ${r.requestId} group by module order by module`.execute(
    db,
  );
  const sealed = await db
    .selectFrom('dsr_exports')
    .select('sealed')
    .where('request_id', '=', r.requestId)
    .execute();
  const opened = sealed[0]
    ? await e.vault.open(db, r.customerId, 'profile', sealed[0].sealed, 'dsr_export')
    : undefined;
  return {
    status: view.status,
    steps: view.steps.map((s) => s.step),
    profileRows: await count('demo_profiles'),
    linkedOrders: await count('demo_orders'),
    erasures: erasures.rows,
    exports: sealed.length,
    // The package's files as the download unpacks them (the envelope's files are deflated).
    exportText: typeof opened === 'string' ? JSON.stringify(openEnvelope(opened).files) : undefined,
    notices: view.notices.length,
  };
}
