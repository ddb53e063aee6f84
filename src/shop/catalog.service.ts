/**
 * The catalog as the storefront and the cart use it: listing, lookup and search, and the
 * idempotent first-start seed of the demo products.
 *
 * @example
 *   const catalog = createCatalogService(db);
 *   await catalog.seed();
 *   await catalog.search('fi', 'pitsi'); // products whose Finnish name or description matches
 */
import type { Kysely, Transaction } from 'kysely';
import { noInvalidations, type CacheInvalidations } from '../kit/db/invalidations.ts';
import type { DB } from '../kit/db/schema.ts';
import { NotFoundError, ValidationError } from '../kit/errors.ts';
import type { Lang } from '../kit/web/i18n.ts';
import { isCategorySlug, type CategorySlug, type Product } from './catalog.ts';
import { demoProducts } from './catalog-seed.ts';
import * as repo from './catalog.repository.ts';

export const SEARCH_MIN_LENGTH = 2;
export const SEARCH_MAX_LENGTH = 100;
const SEARCH_LIMIT = 48;

export interface CatalogService {
  seed(products?: Product[]): Promise<number>;
  all(): Promise<Product[]>;
  featured(): Promise<Product[]>;
  inCategory(category: string): Promise<{ category: CategorySlug; products: Product[] }>;
  product(slug: string): Promise<Product>;
  /** The products with these slugs, keyed by slug; unknown slugs are simply absent. */
  bySlugs(slugs: string[]): Promise<Map<string, Product>>;
  search(lang: Lang, query: string): Promise<Product[]>;
  /**
   * Drops the storefront's snapshot and its cached pages, here and (PostgreSQL) on every other
   * process: call after anything changes products (stock, prices) or what a product page shows
   * (reviews).
   */
  invalidate(): void;
  /**
   * The same from inside a transaction: the other processes are told when `db`'s transaction
   * commits (and not if it rolls back), so none re-reads what is still uncommitted.
   */
  invalidateIn(db: Kysely<DB> | Transaction<DB>): Promise<void>;
  /** Changes whenever the snapshot is re-read: part of every cached page's key. */
  version(): number;
}

/**
 * How long the storefront's in-memory snapshot of the catalog is trusted (default of
 * `CUSTODIAN_STOREFRONT_CACHE_MS`). Changes made by any app process invalidate it at once (another
 * process's by notification); a change made outside the app (SQL by hand) or a notification lost
 * shows on the storefront within this time. Carts and checkout never read the snapshot: they
 * price and check stock from the database.
 */
export const CATALOG_SNAPSHOT_MS = 10_000;

/** Trims and checks a search query; throws a ValidationError naming the `q` field. */
export function normaliseSearchQuery(raw: string): string {
  const q = raw.trim().replace(/\s+/g, ' ');
  if (q.length < SEARCH_MIN_LENGTH || q.length > SEARCH_MAX_LENGTH) {
    throw new ValidationError(
      `Search for ${SEARCH_MIN_LENGTH} to ${SEARCH_MAX_LENGTH} characters.`,
      { q: `Enter ${SEARCH_MIN_LENGTH} to ${SEARCH_MAX_LENGTH} characters.` },
    );
  }
  return q;
}

interface Snapshot {
  all: Product[];
  bySlug: Map<string, Product>;
  /** Lower-cased names and descriptions per language, for search without the database. */
  lowered: Map<Product, Record<Lang, { name: string; description: string }>>;
  readAt: number;
}

function toSnapshot(all: Product[], now: number): Snapshot {
  const lower = (p: Product, lang: Lang) => ({
    name: p.name[lang].toLowerCase(),
    description: p.description[lang].toLowerCase(),
  });
  return {
    all,
    bySlug: new Map(all.map((p) => [p.slug, p])),
    lowered: new Map(
      all.map((p) => [p, { en: lower(p, 'en'), fi: lower(p, 'fi'), sv: lower(p, 'sv') }]),
    ),
    readAt: now,
  };
}

/**
 * The storefront reads the catalog from an in-memory snapshot (every product, in catalog order):
 * the catalog is small and changes rarely, and on PGlite every query runs on the server's own
 * thread. `bySlugs` (carts, checkout) always asks the database.
 */
export function createCatalogService(
  db: Kysely<DB>,
  options: { snapshotMs?: number; now?: () => number; invalidations?: CacheInvalidations } = {},
): CatalogService {
  const snapshotMs = options.snapshotMs ?? CATALOG_SNAPSHOT_MS;
  const invalidations = options.invalidations ?? noInvalidations;
  const now = options.now ?? Date.now;
  let current: Snapshot | undefined;
  let loading: Promise<Snapshot> | undefined;
  let generation = 0;
  let lastSignature = '';
  const snapshot = async (): Promise<Snapshot> => {
    if (current && now() - current.readAt < snapshotMs) return current;
    // One read for every request that arrives while it runs; an invalidation during the read
    // discards its result (the generation moved), so a stale read never outlives a change.
    if (!loading) {
      const started = generation;
      loading = repo.findAllProducts(db).then(
        (all) => {
          loading = undefined;
          const fresh = toSnapshot(all, now());
          if (started === generation) {
            // The version moves only when the products did: an unchanged re-read keeps every
            // cached page (re-rendering the whole storefront every few seconds would be waste).
            const signature = JSON.stringify(all);
            if (signature !== lastSignature) generation += 1;
            lastSignature = signature;
            current = fresh;
          }
          return fresh;
        },
        (err: unknown) => {
          loading = undefined;
          throw err;
        },
      );
    }
    return loading;
  };
  const forget = () => {
    current = undefined;
    loading = undefined;
    generation += 1;
  };
  // Another process changed the catalog: re-read it (and so re-render every cached page).
  invalidations.on('catalog', forget);
  const invalidate = () => {
    forget();
    invalidations.broadcast('catalog', '*');
  };
  return {
    async seed(products = demoProducts) {
      const inserted = await repo.insertMissingProducts(db, products);
      // Every process seeds at start: only one that added products has news for the others.
      if (inserted > 0) invalidate();
      else forget();
      return inserted;
    },
    all: async () => (await snapshot()).all,
    featured: async () => (await snapshot()).all.filter((p) => p.featured),
    async inCategory(category) {
      if (!isCategorySlug(category)) throw new NotFoundError('The category');
      const { all } = await snapshot();
      return { category, products: all.filter((p) => p.category === category) };
    },
    async product(slug) {
      const product = /^[a-z0-9-]{1,64}$/.test(slug)
        ? (await snapshot()).bySlug.get(slug)
        : undefined;
      if (!product) throw new NotFoundError('The product');
      return product;
    },
    async bySlugs(slugs) {
      const products = await repo.findProductsBySlugs(db, [...new Set(slugs)]);
      return new Map(products.map((p) => [p.slug, p]));
    },
    async search(lang, query) {
      // Substring match on the lower-cased text: `%` and `_` are plain characters, as in the
      // repository's ILIKE; name matches first, then description matches, each in catalog order.
      const q = normaliseSearchQuery(query).toLowerCase();
      const { all, lowered } = await snapshot();
      const byName: Product[] = [];
      const byDescription: Product[] = [];
      for (const p of all) {
        const text = lowered.get(p)![lang];
        if (text.name.includes(q)) byName.push(p);
        else if (text.description.includes(q)) byDescription.push(p);
      }
      return [...byName, ...byDescription].slice(0, SEARCH_LIMIT);
    },
    invalidate,
    async invalidateIn(trx) {
      forget();
      await invalidations.send(trx, 'catalog', '*');
    },
    version: () => generation,
  };
}
