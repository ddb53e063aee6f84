import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { AppEnv } from '../kit/web/env.ts';
/** What the shop's routes take from outside the shop: declared lifetimes, product extras. */
export interface ShopRouteOptions {
  /** `hs_cart` lifetime, from the manifest. */
  cartMaxAgeSeconds(): number;
  /** `hs_delivery` lifetime in days, from the manifest; the page script expires the item. */
  deliveryLifetimeDays(): number;
  /** Rendered under a product page (reviews, src/reviews); absent, nothing is added. */
  productExtras?: ((c: Context<AppEnv>, slug: string) => Child | Promise<Child>) | undefined;
}
