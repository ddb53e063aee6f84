/**
 * The cart's routes. Forms post here and are redirected back to /cart (303), so the cart works
 * without JavaScript; a client that asks for JSON gets the priced cart instead. The `hs_cart`
 * cookie is written only after a change has passed every check: a refused change leaves it as it
 * was, and the page says why.
 */
import { Hono, type Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { clearAppCookie, setAppCookie } from '../../kit/web/cookies.ts';
import { z } from 'zod';
import { toErrorBody, wantsHtml } from '../../kit/web/error-handler.ts';
import type { AppEnv } from '../../kit/web/env.ts';
import { text } from '../../kit/web/i18n.ts';
import { cartErrorText, cartMessage } from './cart-error.ts';
import { CartPage } from './cart-page.tsx';
import type { PricedCart } from './cart.service.ts';
import {
  CART_COOKIE,
  CartCookieError,
  decodeCart,
  encodeCart,
  quantitySchema,
  sizeSchema,
  slugSchema,
  type Cart,
} from './cart.ts';
import { m } from '../shop.messages.ts';
import type { ShopRouteOptions } from '../shop-route-options.ts';
import type { ShopServices } from '../shop.service.ts';
import { readForm as readFormFields } from '../../kit/web/request-body.ts';

const changeSchema = z.object({
  slug: slugSchema,
  size: sizeSchema.optional().or(z.literal('')),
  quantity: quantitySchema,
});
const removeSchema = changeSchema.omit({ quantity: true });

const notices = { added: m.added, updated: m.updated, removed: m.removed, cleared: m.cleared };
type Notice = keyof typeof notices;

export function pricedCartJson(cart: PricedCart) {
  return {
    lines: cart.lines.map((l) => ({
      slug: l.product.slug,
      name: l.product.name,
      size: l.size,
      quantity: l.quantity,
      unitPriceCents: l.unitPriceCents,
      lineTotalCents: l.lineTotalCents,
    })),
    itemCount: cart.itemCount,
    subtotalCents: cart.subtotalCents,
    vatCents: cart.vatCents,
    droppedLines: cart.droppedLines,
  };
}

async function readForm(c: Context<AppEnv>): Promise<Record<string, unknown>> {
  const type = c.req.header('content-type') ?? '';
  if (type.includes('application/json')) {
    const body: unknown = await c.req.json().catch(() => null);
    return body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  }
  return readFormFields(c);
}

export function cartRoutes(shop: ShopServices, options: ShopRouteOptions) {
  const app = new Hono<AppEnv>();
  const readCart = (c: Context<AppEnv>): Cart => decodeCart(getCookie(c, CART_COOKIE));
  const writeCart = (c: Context<AppEnv>, cart: Cart) => {
    if (cart.length === 0) {
      clearAppCookie(c, CART_COOKIE);
      return;
    }
    setAppCookie(c, CART_COOKIE, encodeCart(cart), { maxAge: options.cartMaxAgeSeconds() });
  };

  /** Applies a change; on any refusal the cookie is untouched and the page or JSON says why. */
  const mutate =
    (notice: Notice, change: (cart: Cart, input: Record<string, unknown>) => Promise<Cart>) =>
    async (c: Context<AppEnv>) => {
      try {
        const next = await change(readCart(c), await readForm(c));
        writeCart(c, next);
        if (wantsHtml(c)) return c.redirect(`/cart?notice=${notice}`, 303);
        return c.json(pricedCartJson(await shop.carts.price(next)));
      } catch (err) {
        if (!wantsHtml(c)) throw err;
        const body = toErrorBody(err);
        if (body.status >= 500) throw err;
        const lang = c.get('lang');
        const cart = err instanceof CartCookieError ? undefined : await safePrice(c);
        const message =
          err instanceof CartCookieError
            ? cartMessage('cookie', lang)
            : cartErrorText(err, lang, body.message);
        return c.html(
          <CartPage
            lang={lang}
            cart={cart}
            error={message}
            deliveryDays={options.deliveryLifetimeDays()}
          />,
          body.status as 400,
        );
      }
    };

  const safePrice = async (c: Context<AppEnv>) => {
    try {
      return await shop.carts.price(readCart(c));
    } catch {
      return undefined;
    }
  };

  app.get('/cart', async (c) => {
    const lang = c.get('lang');
    const key = c.req.query('notice');
    const notice = key && key in notices ? text(notices[key as Notice], lang) : undefined;
    try {
      const cart = await shop.carts.price(readCart(c));
      return c.html(
        <CartPage
          lang={lang}
          cart={cart}
          notice={notice}
          deliveryDays={options.deliveryLifetimeDays()}
        />,
      );
    } catch (err) {
      if (!(err instanceof CartCookieError)) throw err;
      return c.html(
        <CartPage
          lang={lang}
          cart={undefined}
          error={cartMessage('cookie', lang)}
          deliveryDays={options.deliveryLifetimeDays()}
        />,
      );
    }
  });

  app.get('/api/cart', async (c) => c.json(pricedCartJson(await shop.carts.price(readCart(c)))));

  app.post(
    '/cart/add',
    mutate('added', (cart, input) => shop.carts.add(cart, changeSchema.parse(input))),
  );
  app.post(
    '/cart/update',
    mutate('updated', (cart, input) => shop.carts.update(cart, changeSchema.parse(input))),
  );
  app.post(
    '/cart/remove',
    mutate('removed', (cart, input) => shop.carts.remove(cart, removeSchema.parse(input))),
  );
  // Emptying needs no readable cookie: it is the way out of a cart that cannot be read.
  app.post('/cart/clear', (c) => {
    writeCart(c, []);
    if (wantsHtml(c)) return c.redirect('/cart?notice=cleared', 303);
    return c.json(
      pricedCartJson({ lines: [], itemCount: 0, subtotalCents: 0, vatCents: 0, droppedLines: 0 }),
    );
  });

  return app;
}
