/**
 * The catalog as the storefront and the cart use it: listing, lookup and search, and the
 * idempotent first-start seed of the demo products.
 *
 * @example
 *   const catalog = createCatalogService(db);
 *   await catalog.seed();
 *   await catalog.search('fi', 'pitsi'); // products whose Finnish name or description matches
 */
import type { Kysely } from 'kysely';
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
}

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

export function createCatalogService(db: Kysely<DB>): CatalogService {
  return {
    seed: (products = demoProducts) => repo.insertMissingProducts(db, products),
    all: () => repo.findAllProducts(db),
    featured: () => repo.findFeaturedProducts(db),
    async inCategory(category) {
      if (!isCategorySlug(category)) throw new NotFoundError('The category');
      return { category, products: await repo.findProductsByCategory(db, category) };
    },
    async product(slug) {
      const [product] = /^[a-z0-9-]{1,64}$/.test(slug)
        ? await repo.findProductsBySlugs(db, [slug])
        : [];
      if (!product) throw new NotFoundError('The product');
      return product;
    },
    async bySlugs(slugs) {
      const products = await repo.findProductsBySlugs(db, [...new Set(slugs)]);
      return new Map(products.map((p) => [p.slug, p]));
    },
    search: async (lang, query) =>
      repo.searchProducts(db, lang, normaliseSearchQuery(query), SEARCH_LIMIT),
  };
}
