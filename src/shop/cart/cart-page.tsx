/** The cart page and the delivery-estimate form and table, server-rendered. */
import { text, type Lang } from '../../kit/web/i18n.ts';
import { Layout } from '../../kit/web/layout.tsx';
import { ONE_SIZE } from '../catalog.ts';
import type { PricedCart } from './cart.service.ts';
import { MAX_QUANTITY } from './cart.ts';
import type { DeliveryEstimate, DeliveryEstimates } from '../delivery.ts';
import { formatEuro } from '../money.ts';
import { productUrl } from '../shop-components.tsx';
import { m } from '../shop.messages.ts';
import { assetPath } from '../../kit/web/assets.ts';

export function deliveryTimeText(e: DeliveryEstimate, lang: Lang): string {
  if (!e.available || e.minDays === null || e.maxDays === null) return text(m.notServed, lang);
  const days = e.minDays === e.maxDays ? `${e.minDays}` : `${e.minDays}–${e.maxDays}`;
  return `${days} ${text(e.maxDays === 1 ? m.businessDay : m.businessDays, lang)}`;
}

export function deliveryFeeText(e: DeliveryEstimate, lang: Lang): string {
  if (!e.available) return '–';
  return e.feeCents === 0 ? text(m.free, lang) : formatEuro(e.feeCents, lang);
}

export function DeliveryEstimateForm(props: {
  lang: Lang;
  /** How long the script may keep the postal code in `hs_delivery` (the manifest's lifetime). */
  lifetimeDays: number;
  postalCode?: string;
  error?: string;
  estimates?: DeliveryEstimates;
}) {
  const { lang, error, estimates } = props;
  return (
    <section class="delivery" aria-labelledby="delivery-heading">
      <h2 id="delivery-heading">{text(m.deliveryEstimate, lang)}</h2>
      <form
        method="get"
        action="/delivery"
        data-delivery-form=""
        data-lifetime-days={String(props.lifetimeDays)}
        novalidate
      >
        <label for="postal-code">{text(m.postalCode, lang)}</label>
        <p id="postal-hint" class="muted">
          {text(m.postalHint, lang)}
        </p>
        <input
          id="postal-code"
          name="postalCode"
          type="text"
          inputmode="numeric"
          autocomplete="postal-code"
          pattern="[0-9]{5}"
          maxlength={5}
          value={props.postalCode ?? ''}
          aria-describedby="postal-hint postal-error"
          aria-invalid={error ? 'true' : undefined}
        />
        <button type="submit" class="secondary">
          {text(m.showEstimates, lang)}
        </button>
        <p id="postal-error" class="field-error" data-delivery-error="" role="alert">
          {error ?? ''}
        </p>
      </form>
      <div
        data-delivery-results=""
        data-label-caption={text(m.postalCode, lang)}
        data-label-carrier={text(m.carrier, lang)}
        data-label-time={text(m.deliveryTime, lang)}
        data-label-fee={text(m.fee, lang)}
        aria-live="polite"
      >
        {estimates ? <EstimateTable lang={lang} estimates={estimates} /> : null}
      </div>
    </section>
  );
}

function EstimateTable({ lang, estimates }: { lang: Lang; estimates: DeliveryEstimates }) {
  return (
    <table>
      <caption>
        {text(m.postalCode, lang)} {estimates.postalCode}
      </caption>
      <thead>
        <tr>
          <th scope="col">{text(m.carrier, lang)}</th>
          <th scope="col">{text(m.deliveryTime, lang)}</th>
          <th scope="col">{text(m.fee, lang)}</th>
        </tr>
      </thead>
      <tbody>
        {estimates.estimates.map((e) => (
          <tr>
            <th scope="row">{e.name}</th>
            <td>{deliveryTimeText(e, lang)}</td>
            <td>{deliveryFeeText(e, lang)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export interface CartPageProps {
  lang: Lang;
  cart: PricedCart | undefined;
  notice?: string | undefined;
  error?: string | undefined;
  deliveryDays: number;
}

export function CartPage({ lang, cart, notice, error, deliveryDays }: CartPageProps) {
  const sizeText = (s: string) => (s === ONE_SIZE ? text(m.oneSize, lang) : s);
  return (
    <Layout lang={lang} title={text(m.cart, lang)} path="/cart">
      <h1>{text(m.cart, lang)}</h1>
      {error ? (
        <p class="notice error" role="alert">
          {error}
        </p>
      ) : null}
      {notice ? (
        <p class="notice" role="status">
          {notice}
        </p>
      ) : null}
      {cart && cart.droppedLines > 0 ? <p class="notice">{text(m.dropped, lang)}</p> : null}
      {!cart || cart.lines.length === 0 ? (
        <p>{text(m.cartEmpty, lang)}</p>
      ) : (
        <table class="cart">
          <thead>
            <tr>
              <th scope="col">{text(m.product, lang)}</th>
              <th scope="col">{text(m.price, lang)}</th>
              <th scope="col">{text(m.quantity, lang)}</th>
              <th scope="col">{text(m.total, lang)}</th>
            </tr>
          </thead>
          <tbody>
            {cart.lines.map((l, i) => (
              <tr>
                <th scope="row">
                  <a href={productUrl(l.product)}>{l.product.name[lang]}</a>
                  <span class="muted">
                    {' '}
                    {text(m.size, lang)}: {sizeText(l.size)}
                  </span>
                </th>
                <td>{formatEuro(l.unitPriceCents, lang)}</td>
                <td>
                  <form method="post" action="/cart/update" class="inline">
                    <input type="hidden" name="slug" value={l.product.slug} />
                    <input type="hidden" name="size" value={l.size} />
                    <label class="visually-hidden" for={`qty-${i}`}>
                      {`${text(m.quantity, lang)}: ${l.product.name[lang]} ${sizeText(l.size)}`}
                    </label>
                    <input
                      id={`qty-${i}`}
                      name="quantity"
                      type="number"
                      inputmode="numeric"
                      min="1"
                      max={String(MAX_QUANTITY)}
                      value={String(l.quantity)}
                      required
                    />
                    <button type="submit" class="secondary">
                      {text(m.update, lang)}
                    </button>
                  </form>
                  <form method="post" action="/cart/remove" class="inline">
                    <input type="hidden" name="slug" value={l.product.slug} />
                    <input type="hidden" name="size" value={l.size} />
                    <button
                      type="submit"
                      class="secondary"
                      aria-label={`${text(m.remove, lang)}: ${l.product.name[lang]} ${sizeText(l.size)}`}
                    >
                      {text(m.remove, lang)}
                    </button>
                  </form>
                </td>
                <td>{formatEuro(l.lineTotalCents, lang)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colspan={3}>
                {text(m.subtotal, lang)}
              </th>
              <td>{formatEuro(cart.subtotalCents, lang)}</td>
            </tr>
            <tr>
              <th scope="row" colspan={3} class="muted">
                {text(m.vatShare, lang)}
              </th>
              <td class="muted">{formatEuro(cart.vatCents, lang)}</td>
            </tr>
          </tfoot>
        </table>
      )}
      <p class="cart-actions">
        <a href="/">{text(m.continueShopping, lang)}</a>
      </p>
      {/* Also offered when the cart cookie cannot be read: emptying is the way out. */}
      {(cart && cart.lines.length > 0) || !cart ? (
        <form method="post" action="/cart/clear">
          <button type="submit" class="secondary">
            {text(m.emptyCart, lang)}
          </button>
        </form>
      ) : null}
      <DeliveryEstimateForm lang={lang} lifetimeDays={deliveryDays} />
      <script src={assetPath('shop.js')} defer />
    </Layout>
  );
}
