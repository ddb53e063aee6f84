/**
 * Delivery estimates: `GET /api/delivery/estimates?postalCode=70620` for the page script, and
 * `GET /delivery?postalCode=70620` as the same answer in a page, for browsers without JavaScript.
 * An invalid postal code is a 400 with a message that says what a valid one looks like.
 */
import { Hono, type Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { z } from 'zod';
import { ValidationError } from '../kit/errors.ts';
import type { AppEnv } from '../kit/web/env.ts';
import { text } from '../kit/web/i18n.ts';
import { Layout } from '../kit/web/layout.tsx';
import { DeliveryEstimateForm, deliveryFeeText, deliveryTimeText } from './cart/cart-page.tsx';
import { estimateDelivery, postalCodeSchema } from './delivery.ts';
import { CART_COOKIE, CartCookieError, decodeCart } from './cart/cart.ts';
import { m } from './shop.messages.ts';
import type { ShopRouteOptions } from './shop-route-options.ts';
import type { ShopServices } from './shop.service.ts';
import { assetPath } from '../kit/web/assets.ts';

const querySchema = z.object({ postalCode: postalCodeSchema });

const invalidPostalCode = {
  en: 'A Finnish postal code has exactly five digits, like 70620.',
  fi: 'Suomalaisessa postinumerossa on viisi numeroa, esim. 70620.',
  sv: 'Ett finskt postnummer har exakt fem siffror, till exempel 70620.',
};

export function deliveryRoutes(shop: ShopServices, options: ShopRouteOptions) {
  const app = new Hono<AppEnv>();
  /** Fees depend on the goods in the cart (free from 100 €); an unreadable cart counts as empty. */
  const goodsCents = async (c: Context<AppEnv>) => {
    try {
      return (await shop.carts.price(decodeCart(getCookie(c, CART_COOKIE)))).subtotalCents;
    } catch (err) {
      if (err instanceof CartCookieError) return 0;
      throw err;
    }
  };

  app.get('/api/delivery/estimates', async (c) => {
    const lang = c.get('lang');
    const parsed = querySchema.safeParse({ postalCode: c.req.query('postalCode') ?? '' });
    if (!parsed.success) {
      const message = text(invalidPostalCode, lang);
      throw new ValidationError(message, { postalCode: message });
    }
    const result = estimateDelivery(parsed.data.postalCode, await goodsCents(c));
    return c.json({
      ...result,
      estimates: result.estimates.map((e) => ({
        ...e,
        display: { time: deliveryTimeText(e, lang), fee: deliveryFeeText(e, lang) },
      })),
    });
  });

  app.get('/delivery', async (c) => {
    const lang = c.get('lang');
    const raw = c.req.query('postalCode');
    const parsed = raw === undefined ? undefined : postalCodeSchema.safeParse(raw);
    const goods = await goodsCents(c);
    const page = (status: 200 | 400, error?: string) =>
      c.html(
        <Layout lang={lang} title={text(m.delivery, lang)} path="/delivery">
          <h1>{text(m.delivery, lang)}</h1>
          <DeliveryEstimateForm
            lang={lang}
            lifetimeDays={options.deliveryLifetimeDays()}
            postalCode={raw?.slice(0, 5) ?? ''}
            {...(error ? { error } : {})}
            {...(parsed?.success ? { estimates: estimateDelivery(parsed.data, goods) } : {})}
          />
          <script src={assetPath('shop.js')} defer />
        </Layout>,
        status,
      );
    if (parsed && !parsed.success) return page(400, text(invalidPostalCode, lang));
    return page(200);
  });

  return app;
}
