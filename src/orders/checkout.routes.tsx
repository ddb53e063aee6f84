/**
 * `/checkout`: the form (GET), its "update delivery options" round trip and placing the order
 * (POST). Everything shown is recomputed by the server; the client's total is only used to
 * notice a change in between (409 with the new total shown). The identity code and the card
 * number are never echoed back into the page.
 */
import { Hono, type Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { clearAppCookie } from '../kit/web/cookies.ts';
import { ZodError } from 'zod';
import { DomainError } from '../kit/errors.ts';
import type { CustomerServices } from '../customers/customers.service.ts';
import type { OrderServices } from './orders.service.ts';
import type { ShopServices } from '../shop/shop.service.ts';
import { CART_COOKIE, decodeCart } from '../shop/cart/cart.ts';
import { estimateDelivery } from '../shop/delivery.ts';
import type { OrderQuote } from '../shop/checkout.service.ts';
import { isErased } from '../kit/vault/vault.ts';
import type { AppEnv } from '../kit/web/env.ts';
import { text } from '../kit/web/i18n.ts';
import { Layout } from '../kit/web/layout.tsx';
import { CheckoutPage, type FieldErrors, type FormValues } from './checkout-page.tsx';
import { OrderDetail } from './order-pages.tsx';
import { m } from './orders.messages.ts';
import { readForm } from '../kit/web/request-body.ts';

/** What these routes use of the app's services (src/app/services.ts hands over the whole set). */
interface Services {
  customers: CustomerServices;
  orders: OrderServices;
  shop: ShopServices;
}

const fields = [
  'name',
  'email',
  'phone',
  'street',
  'postalCode',
  'city',
  'carrier',
  'paymentMethod',
  'bank',
  'whatsapp',
  'expectedTotalCents',
  'step',
];

function zodFields(err: ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of err.issues) {
    const key = String(issue.path[0] ?? 'form');
    out[key] ??= issue.message;
  }
  return out;
}

export function checkoutRoutes(services: Services) {
  const { shop, orders, customers } = services;
  const app = new Hono<AppEnv>();

  async function render(
    c: Context<AppEnv>,
    values: FormValues,
    status: 200 | 400 | 402 | 409,
    errors: FieldErrors = {},
    message?: string,
  ) {
    const lang = c.get('lang');
    const cart = await shop.carts.price(decodeCart(getCookie(c, CART_COOKIE)));
    if (cart.lines.length === 0) {
      return c.html(
        <Layout lang={lang} title={text(m.checkout, lang)} path="/checkout">
          <h1>{text(m.checkout, lang)}</h1>
          <p>{text(m.emptyCart, lang)}</p>
        </Layout>,
        status,
      );
    }
    let estimates;
    let quote: OrderQuote | undefined;
    if (/^\d{5}$/.test(values.postalCode ?? '')) {
      estimates = estimateDelivery(values.postalCode!, cart.subtotalCents).estimates;
      if (values.carrier && values.paymentMethod) {
        quote = await shop.checkout
          .quote({
            cart: decodeCart(getCookie(c, CART_COOKIE)),
            postalCode: values.postalCode,
            carrier: values.carrier,
            paymentMethod: values.paymentMethod,
          })
          .catch(() => undefined);
      }
    }
    return c.html(
      <Layout lang={lang} title={text(m.checkout, lang)} path="/checkout">
        <CheckoutPage
          lang={lang}
          cart={cart}
          values={values}
          errors={errors}
          message={message}
          estimates={estimates}
          quote={quote}
        />
      </Layout>,
      status,
    );
  }

  app.get('/checkout', async (c) => {
    const values: FormValues = { paymentMethod: 'card', carrier: 'posti' };
    const customer = c.get('customer');
    if (customer) {
      const p = await customers.accounts.profile(customer.id);
      for (const [k, v] of [
        ['name', p.name],
        ['email', p.email],
        ['phone', p.phone],
        ['street', p.address],
      ] as const) {
        if (typeof v === 'string' && !isErased(v)) values[k] = v;
      }
    }
    const postal = c.req.query('postalCode');
    if (postal && /^\d{5}$/.test(postal)) values.postalCode = postal;
    return render(c, values, 200);
  });

  app.post('/checkout', async (c) => {
    const lang = c.get('lang');
    const body = await readForm(c);
    const str = (k: string) => (typeof body[k] === 'string' ? body[k] : '');
    const values: FormValues = {};
    for (const k of fields) if (str(k)) values[k] = str(k);
    if (str('step') !== 'place') return render(c, values, 200);
    const customer = c.get('customer');
    try {
      const placed = await orders.place({
        customerId: customer?.id,
        lang,
        cart: decodeCart(getCookie(c, CART_COOKIE)),
        contact: {
          name: str('name'),
          email: str('email'),
          phone: str('phone'),
          street: str('street'),
          postalCode: str('postalCode'),
          city: str('city'),
        },
        carrier: str('carrier'),
        paymentMethod: str('paymentMethod'),
        // The delivery fee depends on the carrier: a total shown for another carrier says nothing.
        expectedTotalCents:
          /^\d+$/.test(str('expectedTotalCents')) && str('quotedCarrier') === str('carrier')
            ? Number(str('expectedTotalCents'))
            : undefined,
        identityCode: str('identityCode') || undefined,
        cardNumber: str('cardNumber') || undefined,
        bank: str('bank') || undefined,
        whatsappNotices: str('whatsapp') === 'yes',
      });
      clearAppCookie(c, CART_COOKIE);
      if (customer) return c.redirect(`/account/orders/${placed.id}?placed=1`, 303);
      const order = await orders.get(placed.id);
      return c.html(
        <Layout lang={lang} title={text(m.thanks, lang)} path="/checkout">
          <OrderDetail lang={lang} order={order} placed />
        </Layout>,
      );
    } catch (err) {
      if (err instanceof ZodError) return render(c, values, 400, zodFields(err));
      if (
        err instanceof DomainError &&
        ['validation_failed', 'conflict', 'forbidden'].includes(err.code)
      ) {
        const status = err.code === 'conflict' ? 409 : 400;
        return render(c, values, status, err.fields ?? {}, err.message);
      }
      throw err;
    }
  });

  return app;
}
