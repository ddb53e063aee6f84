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
 * batch over a connection of its own; the batches ahead are sealed while one is being written,
 * by worker threads (`workers`, seal-pool.ts: one per core from the CLI) or, without them, on
 * the main thread one batch ahead.
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
import { sealBatch } from './seal-batch.ts';
import { openSealPool, type SealPool } from './seal-pool.ts';
import * as repo from './seed.repository.ts';

/** A sealed batch: its row counts per table, and how to write it. */
interface Batch {
  counts: Partial<Record<repo.SeedTable, number>>;
  write: () => Promise<void>;
}

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
  /**
   * The vault's master and index keys, for seed workers (`workers`) to seal with: the same keys
   * as `vault`'s (checked), held by a vault of their own in each worker thread.
   */
  vaultKeys?: () => Promise<{ masterKey: Buffer; indexKey: Buffer }>;
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
  /**
   * Worker threads that seal and encode batches (PostgreSQL with `vaultKeys` only), so the main
   * thread only streams COPY; 0 (the default) seals on the main thread.
   */
  workers?: number;
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
  const keys =
    deps.databaseUrl && (options.workers ?? 0) > 0 ? await deps.vaultKeys?.() : undefined;
  const copy = deps.databaseUrl ? await repo.openCopyWriter(deps.databaseUrl) : undefined;
  // PGlite's way (and nothing to close): multi-row INSERTs on the app's own connection.
  const inserts = repo.insertWriter(db);
  let pool: SealPool | undefined;
  // Batches sealed (or being sealed) and not yet written, in order.
  const queue: { end: number; batch: Promise<Batch> }[] = [];
  const writeNext = async () => {
    const { end, batch } = queue.shift()!;
    const { counts, write } = await batch;
    await write();
    for (const t of repo.seedTables) {
      outcome.tables[t] += counts[t] ?? 0;
      outcome.rows += counts[t] ?? 0;
    }
    options.onProgress?.(end);
  };
  try {
    if (copy && keys) {
      pool = await openSealPool(
        {
          ...keys,
          today: today.getTime(),
          products,
          context: {
            seed,
            passwordHash: ctx.passwordHash,
            policyVersion,
            banner: ctx.banner,
          },
        },
        options.workers!,
        vault,
      );
    }
    // Sealing runs this far ahead of writing: the next batch with one thread (sealed while the
    // previous one is written), one more than the workers with a pool (none of them waits).
    const ahead = pool ? options.workers! + 1 : 1;
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
      const fresh = people.filter((p) => !existing.has(p.emailIndex));
      outcome.skipped += people.length - fresh.length;
      outcome.created += fresh.length;
      let batch: Promise<Batch>;
      if (fresh.length === 0) {
        batch = Promise.resolve({ counts: {}, write: async () => {} });
      } else if (pool && copy) {
        const sealing = pool.seal(fresh.map((p) => ({ i: p.i, emailIndex: p.emailIndex })));
        batch = sealing.then(({ tables, counts }) => ({ counts, write: () => copy.write(tables) }));
      } else {
        const activities = fresh.map((p) => ({
          emailIndex: p.emailIndex,
          activity: customerActivity(seed, p.i, today, products, p.person),
        }));
        batch = copy
          ? sealBatch(ctx, activities, repo.copyTargets()).then((targets) => {
              const { tables, counts } = repo.finishCopy(targets);
              return { counts, write: () => copy.write(tables) };
            })
          : sealBatch(ctx, activities, repo.emptySeedRows()).then((rows) => ({
              counts: Object.fromEntries(repo.seedTables.map((t) => [t, rows[t].length])),
              write: () => inserts.write(rows),
            }));
      }
      // Awaited in turn (or dropped below); until then a failure must not count as unhandled.
      batch.catch(() => {});
      queue.push({ end, batch });
      if (queue.length > ahead) await writeNext();
    }
    while (queue.length > 0) await writeNext();
    options.onProgress?.(options.customers);
  } finally {
    await Promise.all(queue.map((q) => q.batch.catch(() => {})));
    await pool?.close();
    await copy?.close();
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
