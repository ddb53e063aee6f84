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
 * batch, batches written side by side over `connections` connections of their own (each batch
 * still one transaction), while the batches ahead are sealed by worker threads (`workers`,
 * seal-pool.ts: one per core from the CLI) or, without them, on the main thread. A store with no
 * customer at the start has none to skip: the lookup of existing ones is left out, and on
 * PostgreSQL the secondary indexes of the seeded tables are dropped for the load and built again
 * after it (src/kit/db/suspended-indexes.ts; a killed seed's are built again on the next start).
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
import { withIndexesSuspended } from '../kit/db/suspended-indexes.ts';

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
  /**
   * PostgreSQL connections writing batches at once (1 by default): PostgreSQL works on each in a
   * process of its own, so one can write while another waits for the disk. On the shared 2-core
   * machine, with the sealing threads wanting both cores too, 2 was slower (docs/seed.md).
   */
  connections?: number;
  /**
   * Drop the secondary indexes of a fresh store's tables for the load and build them again after
   * it (src/kit/db/suspended-indexes.ts). By default on PostgreSQL from
   * {@link SUSPEND_FROM_CUSTOMERS} customers on; never by default on PGlite, where it gained
   * nothing (docs/seed.md).
   */
  suspendIndexes?: boolean;
  /** As batches commit: customers done (created or found) up to the first unfinished batch. */
  onProgress?: (done: number) => void;
}

export interface SeedOutcome {
  created: number;
  skipped: number;
  rows: number;
  /** Rows per table. */
  tables: Record<repo.SeedTable, number>;
  /** A fresh store's: the indexes dropped for the load, and the time to build them again. */
  indexes?: { suspended: number; rebuildSeconds: number };
}

/**
 * Sessions building the suspended indexes again after a load, a table each at a time
 * (docs/seed.md, measured).
 */
export const REBUILD_CONNECTIONS = 2;

/**
 * The smallest seed that suspends indexes by default: below it the indexes stay in memory
 * anyway, and the start-up demo set (25 customers) is not made to build 21 indexes again.
 */
export const SUSPEND_FROM_CUSTOMERS = 10_000;

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
  const connections = deps.databaseUrl ? Math.max(1, options.connections ?? 1) : 1;
  // Nothing to skip in a store without customers (the lookup costs PostgreSQL an index probe
  // per customer). Another seed writing the same customers meanwhile fails on the unique
  // email index, its batch rolled back whole, as it would after the lookup too.
  const lookUp = await repo.hasCustomers(db);
  const load = async () => {
    const copy = deps.databaseUrl
      ? await repo.openCopyWriter(deps.databaseUrl, connections)
      : undefined;
    // PGlite's way (and nothing to close): multi-row INSERTs on the app's own connection.
    const inserts = repo.insertWriter(db);
    let pool: SealPool | undefined;
    // Batches being sealed or written, oldest first; each is written as soon as it is sealed.
    const queue: { end: number; done: Promise<Batch['counts']> }[] = [];
    const finishOldest = async () => {
      const { end, done } = queue.shift()!;
      const counts = await done;
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
      // Batches in flight: one per connection being written, and the next ones being sealed (one
      // per worker, or one on the main thread), so neither the workers nor PostgreSQL wait.
      const ahead = (pool ? options.workers! : 1) + connections;
      for (let start = 0; start < options.customers; start += batchSize) {
        const end = Math.min(options.customers, start + batchSize);
        const people = [];
        for (let i = start; i < end; i++) {
          const person = demoPerson(rngFor(seed, 'customer', i), i);
          people.push({ i, person, emailIndex: vault.blindIndex('email', person.email) });
        }
        const existing = lookUp
          ? await repo.existingEmailIndexes(
              db,
              people.map((p) => p.emailIndex),
            )
          : new Set<string>();
        const fresh = people.filter((p) => !existing.has(p.emailIndex));
        outcome.skipped += people.length - fresh.length;
        outcome.created += fresh.length;
        let batch: Promise<Batch>;
        if (fresh.length === 0) {
          batch = Promise.resolve({ counts: {}, write: async () => {} });
        } else if (pool && copy) {
          const sealing = pool.seal(fresh.map((p) => ({ i: p.i, emailIndex: p.emailIndex })));
          batch = sealing.then(({ tables, counts }) => ({
            counts,
            write: () => copy.write(tables),
          }));
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
        const done = batch.then(async ({ counts, write }) => {
          await write();
          return counts;
        });
        // Awaited in turn (or dropped below); until then a failure must not count as unhandled.
        done.catch(() => {});
        queue.push({ end, done });
        if (queue.length > ahead) await finishOldest();
      }
      while (queue.length > 0) await finishOldest();
      options.onProgress?.(options.customers);
    } finally {
      // Every write in flight ends (committed or rolled back) before its connection closes.
      await Promise.all(queue.map((q) => q.done.catch(() => {})));
      await pool?.close();
      await copy?.close();
    }
  };
  // A fresh store: its secondary indexes are dropped for the load and built again after it, as
  // pg_restore does (src/kit/db/suspended-indexes.ts); the unique ones stay, and refuse a
  // customer that a concurrent seed wrote first.
  const suspend =
    options.suspendIndexes ??
    (deps.databaseUrl !== undefined && options.customers >= SUSPEND_FROM_CUSTOMERS);
  if (lookUp || !suspend) {
    await load();
    return outcome;
  }
  const { suspended, rebuildSeconds } = await withIndexesSuspended(
    db,
    {
      tables: repo.seedTables,
      postgres: deps.databaseUrl !== undefined,
      connections: REBUILD_CONNECTIONS,
    },
    load,
  );
  return { ...outcome, indexes: { suspended, rebuildSeconds } };
}

/** The first `n` seeded sign-ins, to print (plaintext derived again, never read back). */
export function demoSignIns(n: number, seed = 1): { email: string; password: string }[] {
  return Array.from({ length: n }, (_, i) => ({
    email: demoPerson(rngFor(seed, 'customer', i), i).email,
    password: DEMO_PASSWORD,
  }));
}
