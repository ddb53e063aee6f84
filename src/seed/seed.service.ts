/**
 * Demo data: `N` customers (sealed by the vault like real ones) with what they did in the store
 * (customer-activity.ts): orders with lines over the catalog, reviews of what was delivered to
 * them, their cookie choices in the consent ledger, product views under their pseudonyms (only
 * where they allowed analytics) and confirmed newsletter subscriptions (with the consent recorded).
 *
 * Deterministic: customer `i` of seed `s` is the same made-up person with the same history in
 * every run, so re-running skips those that exist (idempotent) and a larger `N` extends a smaller
 * one. Atomic per batch: a batch's rows go in one transaction, so a crash leaves whole customers
 * only, and the next run goes on where it stopped. Fast: on PostgreSQL one COPY per table per
 * batch over a connection of its own, and the next batch is sealed while the previous one is
 * being written (Node seals, PostgreSQL writes: the two cores work at once).
 *
 * @example
 *   await seedCustomers(deps, { customers: 25, seed: 1, onProgress: (done) => bar.update(done) });
 */
import type { Kysely } from 'kysely';
import type { ConsentService } from '../consent/consent.service.ts';
import { hashPassword } from '../customers/sign-in/password.ts';
import type { DB } from '../kit/db/schema.ts';
import type { Vault } from '../kit/vault/vault.ts';
import type { Product } from '../shop/catalog.ts';
import { customerActivity } from './customer-activity.ts';
import { demoPerson } from './demo-people.ts';
import { rngFor } from './prng.ts';
import { sealBatch, type FreshCustomer } from './seal-batch.ts';
import * as repo from './seed.repository.ts';

/** Every seeded customer signs in with this password (demo data only). */
export const DEMO_PASSWORD = 'velvet-lace-demo-2026';

export interface SeedDeps {
  db: Kysely<DB>;
  vault: Vault;
  consent: Pick<ConsentService, 'ensureTexts' | 'config'>;
  products: () => Promise<Product[]>;
  policyVersion: () => Promise<number>;
  /** PostgreSQL's URL: batches go in with COPY. Absent (PGlite): multi-row INSERTs. */
  databaseUrl?: string | undefined;
}

export interface SeedOptions {
  customers: number;
  seed?: number;
  batchSize?: number;
  /**
   * Dates are days before this day (UTC midnight of today by default), so cookie choices are
   * within the manifest's renewal period; pass a fixed day for byte-identical runs.
   */
  today?: Date;
  /** After each committed batch: customers done (created or found), of `customers`. */
  onProgress?: (done: number) => void;
}

export interface SeedOutcome {
  created: number;
  skipped: number;
  rows: number;
  /** Rows per table. */
  tables: Record<repo.SeedTable, number>;
}

export async function seedCustomers(deps: SeedDeps, options: SeedOptions): Promise<SeedOutcome> {
  const { db, vault } = deps;
  const seed = options.seed ?? 1;
  const batchSize = options.batchSize ?? 2000;
  const today = new Date(options.today ?? new Date());
  today.setUTCHours(0, 0, 0, 0);
  await deps.consent.ensureTexts();
  const banner = deps.consent.config('en');
  const products = await deps.products();
  const policyVersion = await deps.policyVersion();
  const ctx = {
    seed,
    vault,
    // One argon2 hash for all: hashing a million passwords would take days, not minutes.
    passwordHash: await hashPassword(DEMO_PASSWORD),
    policyVersion,
    banner: { policyVersion: banner.policyVersion, textHash: banner.textHash },
  };
  const outcome: SeedOutcome = {
    created: 0,
    skipped: 0,
    rows: 0,
    tables: Object.fromEntries(repo.seedTables.map((t) => [t, 0])) as SeedOutcome['tables'],
  };
  const writer = deps.databaseUrl
    ? await repo.openCopyWriter(deps.databaseUrl)
    : repo.insertWriter(db);
  // The batch being written while the next one is sealed.
  let writing: Promise<void> | undefined;
  try {
    for (let start = 0; start < options.customers; start += batchSize) {
      const end = Math.min(options.customers, start + batchSize);
      const people = [];
      for (let i = start; i < end; i++) {
        const person = demoPerson(rngFor(seed, 'customer', i), i);
        people.push({ i, person, emailIndex: vault.blindIndex('email', person.email) });
      }
      const existing = await repo.existingEmailIndexes(
        db,
        people.map((p) => p.emailIndex),
      );
      const fresh: FreshCustomer[] = people
        .filter((p) => !existing.has(p.emailIndex))
        .map((p) => ({
          emailIndex: p.emailIndex,
          activity: customerActivity(seed, p.i, today, products, p.person),
        }));
      outcome.skipped += people.length - fresh.length;
      const rows = await sealBatch(ctx, fresh);
      await writing;
      for (const t of repo.seedTables) outcome.tables[t] += rows[t].length;
      outcome.rows += repo.countSeedRows(rows);
      outcome.created += fresh.length;
      const done = start;
      if (done > 0) options.onProgress?.(done);
      writing = writer.write(rows);
      // Awaited with the next batch (or below); until then a failure must not count as unhandled.
      writing.catch(() => {});
    }
    await writing;
    options.onProgress?.(options.customers);
  } finally {
    await writing?.catch(() => {});
    await writer.close();
  }
  return outcome;
}

/** The first `n` seeded sign-ins, to print (plaintext derived again, never read back). */
export function demoSignIns(n: number, seed = 1): { email: string; password: string }[] {
  return Array.from({ length: n }, (_, i) => ({
    email: demoPerson(rngFor(seed, 'customer', i), i).email,
    password: DEMO_PASSWORD,
  }));
}
