/**
 * The account's order pages and the staff status endpoints. Staff endpoints need the
 * `STAFF_API_TOKEN` bearer (until staff sign-in exists); unset, they refuse everyone.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { requireCustomer } from '../customers/customer-session.ts';
import { requireStaff } from '../rights/staff-token.ts';
import type { Services } from '../services.ts';
import type { AppEnv } from '../web/env.ts';
import { text } from '../web/i18n.ts';
import { Layout } from '../web/layout.tsx';
import { checkoutRoutes } from './checkout.routes.tsx';
import { OrderDetail, OrderList } from './order-pages.tsx';
import { m } from './orders.messages.ts';

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
