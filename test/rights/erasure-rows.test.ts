/**
 * The row-level erasure proof (issue 17): after an erasure, the person's identifiers are left only
 * where the manifest keeps them (test/support/erasure-proof.ts), in every table of the database
 * (pg-boss's queue included), the log lines and the outbox. It does not depend on keys being
 * destroyed: a row left behind carries the person's ids whether or not its ciphertext opens.
 *
 * The mutations: each registered module's eraser in turn is replaced by one that does nothing,
 * and the proof must then fail and name one of that module's tables.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/kit/log.ts';
import type { PersonalDataModule } from '../../src/core/personal-data-registry.ts';
import { loadManifest } from '../../src/core/manifest/manifest-loader.ts';
import {
  erasureKeeps,
  identifiersIn,
  leftoversInDatabase,
  tablesOf,
  type PersonIdentifiers,
} from '../support/erasure-proof.ts';
import { createTestServices, type TestServices } from '../support/services.ts';
import { createFullCustomer, type FullCustomer } from './full-customer.ts';

const logLines: string[] = [];
let services: TestServices;

beforeAll(async () => {
  const log = createLogger('debug', { write: (line: string) => void logLines.push(line) });
  // No SMTP: every mail goes to the sealed outbox, which the proof scans as a table.
  services = await createTestServices({ LOG_LEVEL: 'debug' }, { log });
  // The queue runs, so its tables hold the jobs of her requests.
  await services.jobs.start();
}, 120_000);

afterAll(async () => {
  await services?.jobs.stop();
  await services?.close();
});

async function eraseCustomer(customerId: string): Promise<void> {
  const request = await services.rights.requests.create({
    type: 'erasure',
    channel: 'self_service',
    customerId,
    verified: true,
  });
  await services.rights.runner.run(request.id);
  expect((await services.rights.requests.get(request.id)).status).toBe('done');
}

/** Her identifiers plus the erasure's own request id (kept, as the record of the erasure). */
function leftovers(ids: PersonIdentifiers) {
  return leftoversInDatabase(services.database.db, ids);
}

describe('the row-level erasure proof', () => {
  let ilona: FullCustomer;

  it('control: before the erasure, it finds her in the tables of every registered module', async () => {
    ilona = await createFullCustomer(services);
    // Every place, kept ones included: a module whose rows are all kept must still hold her.
    const found = tablesOf(await leftoversInDatabase(services.database.db, ilona.identifiers, []));
    for (const m of services.rights.registry.modules()) {
      const tables = m.tables.map((t) => `public.${t}`);
      expect(
        found.filter((t) => tables.includes(t)),
        m.name,
      ).not.toEqual([]);
    }
  }, 60_000);

  it('after the erasure, leaves her identifiers only where the manifest keeps them', async () => {
    await eraseCustomer(ilona.customerId);
    expect(await leftovers(ilona.identifiers)).toEqual([]);
    const logs = logLines.join('\n');
    expect(logLines.length).toBeGreaterThan(5);
    expect(identifiersIn(logs, { ...ilona.identifiers, 'request id': [] })).toEqual([]);
  });

  it('fails, naming its table, when any one registered eraser leaves its rows', async () => {
    // Two erasers leave their own rows by design, each row kept in erasureKeeps: the audit log
    // (its chain; the pseudonym link is erased by `disclosures`) and a legal hold. No-op'ing them
    // changes nothing, so the mutation would prove nothing: they must instead keep every table.
    const keptByDesign = new Set(['audit', 'retention_holds']);
    const keptTables = new Set(erasureKeeps.map((k) => k.table));
    const modules = services.rights.registry.modules();
    expect(modules.length).toBeGreaterThanOrEqual(11);
    for (const m of modules.filter((m) => keptByDesign.has(m.name))) {
      for (const t of m.tables) expect(keptTables, m.name).toContain(`public.${t}`);
    }
    for (const m of modules.filter((m) => !keptByDesign.has(m.name))) {
      const person = await createFullCustomer(services);
      const erase = m.erase.bind(m);
      const broken: PersonalDataModule['erase'] = () => Promise.resolve({ erased: 0, kept: [] });
      m.erase = broken;
      try {
        await eraseCustomer(person.customerId);
      } finally {
        m.erase = erase;
      }
      const named = tablesOf(await leftovers(person.identifiers));
      const own = m.tables.map((t) => `public.${t}`);
      expect(
        named.filter((t) => own.includes(t)),
        `${m.name} left ${named.join(', ')}`,
      ).not.toEqual([]);
    }
  }, 600_000);

  it('keeps only for retentions the manifest states', async () => {
    const { manifest } = await loadManifest('privacy/hersecret.yaml');
    for (const k of erasureKeeps) expect(Object.keys(manifest.retention)).toContain(k.retention);
  });
});
