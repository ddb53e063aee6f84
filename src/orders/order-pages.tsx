/** The order pages: one order (also the guest's confirmation) and the account's order history. */
import { formatEuro } from '../shop/money.ts';
import { text, type Lang } from '../kit/web/i18n.ts';
import type { OrderView } from './orders.service.ts';
import { m, statusNames } from './orders.messages.ts';

const carrierNames: Record<string, string> = {
  posti: 'Posti',
  db_schenker: 'DB Schenker',
  budbee: 'Budbee',
};

export function OrderDetail({
  lang,
  order,
  placed,
}: {
  lang: Lang;
  order: OrderView;
  placed?: boolean;
}) {
  const t = (k: keyof typeof m) => text(m[k], lang);
  const euro = (c: number) => formatEuro(c, lang);
  return (
    <article class="order">
      {placed ? (
        <div class="notice" role="status">
          <p>{t('thanks')}</p>
          <p>{t('confirmationSent')}</p>
        </div>
      ) : null}
      <h1>
        {t('order')} {order.reference}
      </h1>
      <dl>
        <dt>{t('status')}</dt>
        <dd class="order-status">{text(statusNames[order.status]!, lang)}</dd>
        <dt>{t('placedOn')}</dt>
        <dd>{order.createdAt.toISOString().slice(0, 10)}</dd>
        <dt>{t('carrier')}</dt>
        <dd>{carrierNames[order.carrier] ?? order.carrier}</dd>
        <dt>{t('payment')}</dt>
        <dd>{text(m[order.paymentMethod as 'card'] ?? m.card, lang)}</dd>
        {order.trackingId ? (
          <>
            <dt>{t('tracking')}</dt>
            <dd>{order.trackingId}</dd>
          </>
        ) : null}
      </dl>
      <table>
        <caption>{t('yourOrder')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('product')}</th>
            <th scope="col">{t('size')}</th>
            <th scope="col">{t('quantity')}</th>
            <th scope="col">{t('price')}</th>
          </tr>
        </thead>
        <tbody>
          {order.lines.map((l) => (
            <tr>
              <td>
                <a href={`/products/${l.slug}#reviews`}>{l.name[lang]}</a>
              </td>
              <td>{l.size}</td>
              <td>{l.quantity}</td>
              <td>{euro(l.lineTotalCents)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        {t('deliveryFee')}: {euro(order.deliveryFeeCents)}
      </p>
      <p class="total">
        <strong>
          {t('total')}: {euro(order.totalCents)}
        </strong>{' '}
        <span class="muted">
          {t('vat')} {euro(order.vatCents)}
        </span>
      </p>
    </article>
  );
}

export function OrderList({ lang, orders }: { lang: Lang; orders: OrderView[] }) {
  const t = (k: keyof typeof m) => text(m[k], lang);
  return (
    <>
      <h1>{t('orders')}</h1>
      {orders.length === 0 ? (
        <p>{t('noOrders')}</p>
      ) : (
        <table class="orders">
          <thead>
            <tr>
              <th scope="col">{t('order')}</th>
              <th scope="col">{t('placedOn')}</th>
              <th scope="col">{t('status')}</th>
              <th scope="col">{t('total')}</th>
            </tr>
          </thead>
          <tbody>
            {orders.map((o) => (
              <tr>
                <td>
                  <a href={`/account/orders/${o.id}`}>{o.reference}</a>
                </td>
                <td>{o.createdAt.toISOString().slice(0, 10)}</td>
                <td>{text(statusNames[o.status]!, lang)}</td>
                <td>{formatEuro(o.totalCents, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
