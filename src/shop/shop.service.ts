/**
 * The shop's services, built once over the database: catalog, cart pricing, checkout quotes and
 * the "popular" list on the front page. `recommend` is a placeholder (the first products of the
 * catalog) that the recommendations feature replaces with personalised or best-selling products.
 */
import type { Kysely } from 'kysely';
import type { ConsentSubject } from '../consent/consent.ts';
import type { CacheInvalidations } from '../kit/db/invalidations.ts';
import type { DB } from '../kit/db/schema.ts';
import type { Product } from './catalog.ts';
import type { BrowsingEvent, RecommendationContext } from './shop-hooks.ts';
import { createCatalogService, type CatalogService } from './catalog.service.ts';
import { createCartService, type CartService } from './cart/cart.service.ts';
import { createCheckoutService, type CheckoutService } from './checkout.service.ts';

export type { BrowsingEvent, RecommendationContext };

export interface ShopServices {
  catalog: CatalogService;
  /**
   * How long the storefront trusts its catalog snapshot and serves a cached page at most
   * (`CUSTODIAN_STOREFRONT_CACHE_MS`); absent, the defaults of catalog.service.ts and
   * storefront.routes.tsx.
   */
  cacheMs?: number | undefined;
  carts: CartService;
  checkout: CheckoutService;
  recommend(context: RecommendationContext): Promise<Product[]>;
  /** Records a product view or search when analytics is allowed (set by src/browsing). */
  track?: (subject: ConsentSubject, event: BrowsingEvent) => Promise<unknown>;
}

export async function createShopServices(
  db: Kysely<DB>,
  options: { snapshotMs?: number; invalidations?: CacheInvalidations } = {},
): Promise<ShopServices> {
  const catalog = createCatalogService(db, options);
  await catalog.seed();
  const carts = createCartService(catalog);
  return {
    catalog,
    carts,
    checkout: createCheckoutService(carts),
    recommend: async ({ limit }) =>
      (await catalog.all()).filter((p) => !p.featured && p.stock > 0).slice(0, limit),
  };
}
