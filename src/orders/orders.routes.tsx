/**
 * The account's order pages and the staff status endpoints. Staff endpoints need the
 * `STAFF_API_TOKEN` bearer (until staff sign-in exists); unset, they refuse everyone.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { requireCustomer } from '../customers/sign-in/customer-session.ts';
import { requireStaff } from '../rights/integrations/staff-token.ts';
import type { Config } from '../kit/config.ts';
import type { OrderServices } from './orders.service.ts';
import type { CustomerServices } from '../customers/customers.service.ts';
import type { ShopServices } from '../shop/shop.service.ts';
import type { AppEnv } from '../kit/web/env.ts';
import { text } from '../kit/web/i18n.ts';
import { Layout } from '../kit/web/layout.tsx';
import { checkoutRoutes } from './checkout.routes.tsx';
import { OrderDetail, OrderList } from './order-pages.tsx';
import { m } from './orders.messages.ts';

/** What these routes use of the app's services (src/app/services.ts hands over the whole set). */
interface Services {
  config: Config;
  customers: CustomerServices;
  orders: OrderServices;
  shop: ShopServices;
}

const idSchema = z.uuid('Not an order id.');

export function orderRoutes(services: Services) {
  const { orders } = services;
  const app = new Hono<AppEnv>();
  app.route('/', checkoutRoutes(services));

  app.get('/account/orders', requireCustomer, async (c) => {
    const lang = c.get('lang');
    const list = await orders.ofCustomer(c.get('customer')!.id);
    return c.html(
      <Layout lang={lang} title={text(m.orders, lang)} path="/account/orders">
        <OrderList lang={lang} orders={list} />
      </Layout>,
    );
  });

  app.get('/account/orders/:id', requireCustomer, async (c) => {
    const lang = c.get('lang');
    const id = idSchema.parse(c.req.param('id'));
    const order = await orders.forCustomer(c.get('customer')!.id, id);
    return c.html(
      <Layout
        lang={lang}
        title={`${text(m.order, lang)} ${order.reference}`}
        path={`/account/orders/${id}`}
      >
        <OrderDetail lang={lang} order={order} placed={c.req.query('placed') === '1'} />
      </Layout>,
    );
  });

  const staff = new Hono<AppEnv>();
  staff.use(requireStaff(() => services.config.staffApiToken));
  const transitions = {
    paid: (id: string) => orders.markPaid(id),
    shipped: (id: string) => orders.ship(id),
    delivered: (id: string) => orders.deliver(id),
  };
  staff.post('/orders/:id/:status', async (c) => {
    const id = idSchema.parse(c.req.param('id'));
    const status = z.enum(['paid', 'shipped', 'delivered']).parse(c.req.param('status'));
    const order = await transitions[status](id);
    return c.json({ id: order.id, reference: order.reference, status: order.status });
  });
  staff.post('/orders/collect-overdue', async (c) => c.json(await orders.collectOverdue()));
  app.route('/api/staff', staff);
  return app;
}
