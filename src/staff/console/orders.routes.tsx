/**
 * Orders in the console: the work list (undelivered first), each order moved one step along the
 * allowed transitions (order-status-flow.ts: placed → paid → shipped → delivered; anything else is
 * the orders service's 409 that says why), and the hand-off of overdue invoices to collection.
 * No personal data here: an order is its number, status, method and sums; who it is for is on the
 * customer page, behind need-to-know. A status change's audit entry commits with it; the
 * collection hand-off (an outside agency, order by order) is audited with its counts after it.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { AuditService } from '../../audit/audit.service.ts';
import { NotFoundError, ValidationError } from '../../kit/errors.ts';
import { text, type Lang } from '../../kit/web/i18n.ts';
import { readFormWithLists } from '../../kit/web/request-body.ts';
import { orderStatuses, orderTransitions } from '../../orders/order-status-flow.ts';
import { statusNames } from '../../orders/orders.messages.ts';
import type { OrderServices, RecordInside } from '../../orders/orders.service.ts';
import type { OrderStatus } from '../../orders/orders.tables.ts';
import { formatEuro } from '../../shop/money.ts';
import { caseworkText as cw } from './casework.messages.ts';
import { consolePage, oneField, staffActor } from './console-render.tsx';
import { consoleText as ct } from './console.messages.ts';
import { staffRoute, type StaffEnv } from './staff-guard.ts';

interface Services {
  orders: OrderServices;
  audit: AuditService;
}

const say = (lang: Lang) => (k: keyof typeof cw) => text(cw[k], lang);
const uuid = z.uuid();
const nextStatus = z.enum(['paid', 'shipped', 'delivered']);
const actionLabel = {
  paid: 'markPaid',
  shipped: 'markShipped',
  delivered: 'markDelivered',
} as const;

export function orderConsoleRoutes(services: Services) {
  const app = new Hono<StaffEnv>();
  const { orders } = services;
  const moves = {
    paid: (id: string, record: RecordInside) => orders.markPaid(id, record),
    shipped: (id: string, record: RecordInside) => orders.ship(id, record),
    delivered: (id: string, record: RecordInside) => orders.deliver(id, record),
  };

  const listPage = async (
    c: Parameters<Parameters<typeof staffRoute>[3]>[0],
    collected?: { submitted: number; failed: number },
  ) => {
    const lang = c.get('lang');
    const t = say(lang);
    const asked = c.req.query('status');
    const status = (orderStatuses as readonly string[]).includes(asked ?? '')
      ? (asked as OrderStatus)
      : undefined;
    const rows = await orders.forStaff({ status, limit: 200 });
    return consolePage(
      c,
      t('orders'),
      <>
        <form method="get" action="/staff/orders">
          <label for="o-status">{text(ct.status, lang)}</label>
          <select id="o-status" name="status">
            <option value="">{t('allStatuses')}</option>
            {orderStatuses.map((s) => (
              <option value={s} selected={s === status}>
                {text(statusNames[s]!, lang)}
              </option>
            ))}
          </select>
          <button type="submit">{t('showStatus')}</button>
        </form>
        {rows.length === 0 ? (
          <p>{text(ct.none, lang)}</p>
        ) : (
          <table class="orders">
            <thead>
              <tr>
                <th scope="col">{t('reference')}</th>
                <th scope="col">{text(ct.status, lang)}</th>
                <th scope="col">{t('payment')}</th>
                <th scope="col">{t('carrier')}</th>
                <th scope="col">{t('placedAt')}</th>
                <th scope="col">{t('amount')}</th>
                <th scope="col">{t('next')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((o) => {
                const to = orderTransitions[o.status][0];
                return (
                  <tr data-order={o.reference} data-status={o.status}>
                    <td>{o.reference}</td>
                    <td>{text(statusNames[o.status]!, lang)}</td>
                    <td>{o.paymentMethod}</td>
                    <td>{o.carrier}</td>
                    <td>{o.createdAt.toISOString().slice(0, 10)}</td>
                    <td>{formatEuro(o.totalCents, lang)}</td>
                    <td>
                      {to ? (
                        <form method="post" action={`/staff/orders/${o.id}/status`}>
                          <input type="hidden" name="to" value={to} />
                          <button type="submit">
                            {t(actionLabel[to as keyof typeof actionLabel])}
                          </button>
                        </form>
                      ) : (
                        '–'
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
        <section aria-labelledby="collection">
          <h2 id="collection">{t('collection')}</h2>
          {collected ? (
            <p role="status" data-collected={collected.submitted}>
              {t('collected')} {collected.submitted} / {collected.failed}
            </p>
          ) : null}
          <p>{t('collectHelp')}</p>
          <form method="post" action="/staff/orders/collect-overdue">
            <button type="submit">{t('collect')}</button>
          </form>
        </section>
      </>,
    );
  };

  staffRoute(app, 'GET', '/staff/orders', (c) => listPage(c));

  staffRoute(app, 'POST', '/staff/orders/:id/status', async (c) => {
    const id = c.req.param('id') ?? '';
    if (!uuid.safeParse(id).success) throw new NotFoundError('The order');
    const parsed = nextStatus.safeParse(oneField((await readFormWithLists(c)).to));
    if (!parsed.success)
      throw new ValidationError('Choose the next status: paid, shipped or delivered.', {
        to: 'paid, shipped or delivered',
      });
    // The service moves only along the allowed transitions (409 with the reason otherwise);
    // the entry is written in the status change's transaction: both commit or neither.
    const to = parsed.data;
    await moves[to](id, (trx) =>
      services.audit.record(
        {
          actor: staffActor(c),
          action: 'order.status',
          outcome: 'ok',
          detail: { orderId: id, status: to },
        },
        trx,
      ),
    );
    return c.redirect('/staff/orders', 303);
  });

  staffRoute(app, 'POST', '/staff/orders/collect-overdue', async (c) => {
    const result = await orders.collectOverdue();
    await services.audit.record({
      actor: staffActor(c),
      action: 'order.collect_overdue',
      outcome: result.failed > 0 ? 'failed' : 'ok',
      detail: { submitted: result.submitted, failed: result.failed },
    });
    return listPage(c, result);
  });
  return app;
}
