/** Every route of the shop, mounted at the root by src/app/app.ts. */
import { Hono } from 'hono';
import type { Manifest } from '../core/manifest/manifest.ts';
import type { AppEnv } from '../kit/web/env.ts';
import { CART_COOKIE } from './cart/cart.ts';
import { DELIVERY_ITEM } from './delivery.ts';
import type { ShopRouteOptions } from './shop-route-options.ts';
import { declaredLifetimeSeconds } from './storage-lifetimes.ts';
import { cartRoutes } from './cart/cart.routes.tsx';
import { deliveryRoutes } from './delivery.routes.tsx';
import type { ShopServices } from './shop.service.ts';
import { storefrontRoutes } from './storefront.routes.tsx';

export interface ShopRouteDeps {
  shop: ShopServices;
  policy: { readonly manifest: Pick<Manifest, 'cookies'> };
  productExtras?: ShopRouteOptions['productExtras'];
}

export function shopRoutes({ shop, policy, productExtras }: ShopRouteDeps) {
  const lifetime = (name: string) => declaredLifetimeSeconds(policy.manifest.cookies, name);
  const options: ShopRouteOptions = {
    cartMaxAgeSeconds: () => lifetime(CART_COOKIE),
    deliveryLifetimeDays: () => Math.round(lifetime(DELIVERY_ITEM) / 86_400),
    productExtras,
  };
  return new Hono<AppEnv>()
    .route('/', storefrontRoutes(shop, options))
    .route('/', cartRoutes(shop, options))
    .route('/', deliveryRoutes(shop, options));
}
