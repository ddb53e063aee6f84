import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServices, type TestServices } from '../../test/support/services.ts';
import type { Manifest } from '../core/manifest/manifest.ts';
import type { AppEnv } from '../kit/web/env.ts';
import { shopRoutes } from './shop.routes.ts';
import { declaredLifetimeSeconds } from './storage-lifetimes.ts';
import { proves } from '../../test/support/proves.ts';

const cookie = (name: string, lifetime: string): Manifest['cookies'][number] => ({
  name,
  storage: name === 'hs_cart' ? 'cookie' : 'localStorage',
  category: 'functional',
  purpose: { en: 'x', fi: 'x', sv: 'x' },
  lifetime,
  party: 'first',
});

describe('storage lifetimes come from the manifest', () => {
  let services: TestServices;
  beforeAll(async () => {
    services = await createTestServices();
  });
  afterAll(() => services?.close());

  it('reads the shipped manifest: hs_cart 30 days, hs_delivery 90 days', () => {
    const cookies = services.policy.manifest.cookies;
    expect(declaredLifetimeSeconds(cookies, 'hs_cart')).toBe(30 * 86_400);
    expect(declaredLifetimeSeconds(cookies, 'hs_delivery')).toBe(90 * 86_400);
  });

  it('refuses storage the manifest does not declare, or declares for the session only', () => {
    expect(() => declaredLifetimeSeconds([], 'hs_cart')).toThrow(/declares no lasting lifetime/);
    expect(() => declaredLifetimeSeconds([cookie('hs_cart', 'session')], 'hs_cart')).toThrow();
  });

  it(
    'sets the cart cookie and the delivery item for as long as the manifest says',
    proves('cookie:hs_cart', 'cookie:hs_delivery'),
    async () => {
      const app = new Hono<AppEnv>()
        .use(async (c, next) => {
          c.set('lang', 'en');
          await next();
        })
        .route(
          '/',
          shopRoutes({
            shop: services.shop,
            policy: {
              manifest: { cookies: [cookie('hs_cart', '7d'), cookie('hs_delivery', '2w')] },
            },
          }),
        );
      const res = await app.request('/cart/add', {
        method: 'POST',
        headers: { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
        body: 'slug=aurora-lace-brief&size=M&quantity=1',
      });
      expect(res.headers.get('set-cookie')).toMatch(/Max-Age=604800;/);
      const page = await (await app.request('/products/pilvi-robe')).text();
      expect(page).toContain('data-lifetime-days="14"');
    },
  );
});
