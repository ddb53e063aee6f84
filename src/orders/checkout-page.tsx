/**
 * The checkout form. Works without JavaScript: "Update delivery options" posts the form back with
 * `step=update` and the page returns with the carriers' estimates for the postal code and the
 * server's total. Every field has a label; errors are listed in a summary that links to each
 * field and repeated next to it (aria-describedby).
 */
import type { Child } from 'hono/jsx';
import type { PricedCart } from '../shop/cart/cart.service.ts';
import type { OrderQuote } from '../shop/checkout.service.ts';
import { carriers, type DeliveryEstimate } from '../shop/delivery.ts';
import { formatEuro } from '../shop/money.ts';
import { FormField } from '../kit/web/form-field.tsx';
import { text, type Lang } from '../kit/web/i18n.ts';
import { m } from './orders.messages.ts';

export type FormValues = Record<string, string>;
export type FieldErrors = Record<string, string>;

/** The banks Avarda offers, by the name each uses in the customer's language. */
const banks: Record<string, { en: string; fi: string; sv: string }> = {
  nordea: { en: 'Nordea', fi: 'Nordea', sv: 'Nordea' },
  op: { en: 'OP', fi: 'OP', sv: 'OP' },
  danske: { en: 'Danske Bank', fi: 'Danske Bank', sv: 'Danske Bank' },
  s_pankki: { en: 'S-Bank', fi: 'S-Pankki', sv: 'S-Banken' },
  aktia: { en: 'Aktia', fi: 'Aktia', sv: 'Aktia' },
  handelsbanken: { en: 'Handelsbanken', fi: 'Handelsbanken', sv: 'Handelsbanken' },
  alandsbanken: { en: 'Bank of Åland', fi: 'Ålandsbanken', sv: 'Ålandsbanken' },
  pop: { en: 'POP Bank', fi: 'POP Pankki', sv: 'POP Bank' },
  saastopankki: { en: 'Savings Bank', fi: 'Säästöpankki', sv: 'Sparbanken' },
  omasp: { en: 'Oma Savings Bank', fi: 'Oma Säästöpankki', sv: 'Oma Sparbank' },
};
const payments = ['card', 'bank', 'invoice', 'part_payment'] as const;

interface InputProps {
  name: string;
  label: string;
  values: FormValues;
  errors: FieldErrors;
  type?: string;
  autocomplete?: string;
  hint?: string;
  required?: boolean;
  inputmode?: 'numeric' | 'tel' | 'email' | 'text';
}

function Input({ values, errors, ...field }: InputProps) {
  return <FormField {...field} value={values[field.name] ?? ''} error={errors[field.name]} />;
}

function Fieldset(p: { legend: string; name: string; errors: FieldErrors; children: Child }) {
  const error = p.errors[p.name];
  return (
    <fieldset
      id={`f-${p.name}`}
      class={error ? 'field-invalid' : undefined}
      aria-describedby={error ? `f-${p.name}-error` : undefined}
    >
      <legend>{p.legend}</legend>
      {error ? (
        <p class="field-error" id={`f-${p.name}-error`}>
          {error}
        </p>
      ) : null}
      {p.children}
    </fieldset>
  );
}

export interface CheckoutPageProps {
  lang: Lang;
  cart: PricedCart;
  values: FormValues;
  errors: FieldErrors;
  message?: string | undefined;
  estimates: DeliveryEstimate[] | undefined;
  quote: OrderQuote | undefined;
}

export function CheckoutPage({
  lang,
  cart,
  values,
  errors,
  message,
  estimates,
  quote,
}: CheckoutPageProps) {
  const t = (k: keyof typeof m) => text(m[k], lang);
  const euro = (c: number) => formatEuro(c, lang);
  const summary = Object.entries(errors);
  return (
    <>
      <h1>{t('checkout')}</h1>
      {message || summary.length > 0 ? (
        <div class="error-summary" role="alert" tabindex={-1} id="checkout-errors">
          <p>{message ?? t('errors')}</p>
          {summary.length > 0 ? (
            <ul>
              {summary.map(([field, msg]) => (
                <li>
                  <a href={`#f-${field}`}>{msg}</a>
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      <section aria-labelledby="order-summary" class="checkout-summary">
        <h2 id="order-summary">{t('yourOrder')}</h2>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('product')}</th>
              <th scope="col">{t('size')}</th>
              <th scope="col">{t('quantity')}</th>
              <th scope="col">{t('price')}</th>
            </tr>
          </thead>
          <tbody>
            {cart.lines.map((l) => (
              <tr>
                <td>{l.product.name[lang]}</td>
                <td>{l.size}</td>
                <td>{l.quantity}</td>
                <td>{euro(l.lineTotalCents)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p>
          {t('goods')}: {euro(cart.subtotalCents)}
        </p>
        {quote ? (
          <>
            <p>
              {t('deliveryFee')}: {euro(quote.delivery.feeCents)}
            </p>
            <p class="total">
              <strong>
                {t('total')}: {euro(quote.totalCents)}
              </strong>{' '}
              <span class="muted">
                {t('vat')} {euro(quote.vatCents)}
              </span>
            </p>
          </>
        ) : null}
      </section>
      <form method="post" action="/checkout" class="checkout-form" novalidate>
        {/* The total the customer saw, and for which carrier: only that total can be compared. */}
        {quote ? (
          <>
            <input type="hidden" name="expectedTotalCents" value={String(quote.totalCents)} />
            <input type="hidden" name="quotedCarrier" value={quote.carrier} />
          </>
        ) : null}
        <fieldset>
          <legend>{t('contact')}</legend>
          <Input
            name="name"
            label={t('name')}
            values={values}
            errors={errors}
            autocomplete="name"
            required
          />
          <Input
            name="email"
            label={t('email')}
            type="email"
            values={values}
            errors={errors}
            autocomplete="email"
            required
          />
          <Input
            name="phone"
            label={t('phone')}
            type="tel"
            values={values}
            errors={errors}
            autocomplete="tel"
            required
          />
        </fieldset>
        <fieldset>
          <legend>{t('address')}</legend>
          <Input
            name="street"
            label={t('street')}
            values={values}
            errors={errors}
            autocomplete="address-line1"
            required
          />
          <Input
            name="postalCode"
            label={t('postalCode')}
            values={values}
            errors={errors}
            autocomplete="postal-code"
            inputmode="numeric"
            required
          />
          <Input
            name="city"
            label={t('city')}
            values={values}
            errors={errors}
            autocomplete="address-level2"
            required
          />
          <button type="submit" name="step" value="update" class="secondary">
            {t('showOptions')}
          </button>
        </fieldset>
        <Fieldset legend={t('carrier')} name="carrier" errors={errors}>
          {estimates ? null : <p class="field-hint">{t('enterPostal')}</p>}
          {carriers.map((carrier) => {
            const e = estimates?.find((x) => x.carrier === carrier);
            const names = { posti: 'Posti', db_schenker: 'DB Schenker', budbee: 'Budbee' };
            const detail = !e
              ? ''
              : e.available
                ? ` – ${e.minDays === e.maxDays ? e.minDays : `${e.minDays}–${e.maxDays}`} ${t('days')}, ${euro(e.feeCents)}`
                : ` – ${t('notServed')}`;
            return (
              <div class="choice">
                <input
                  type="radio"
                  id={`carrier-${carrier}`}
                  name="carrier"
                  value={carrier}
                  checked={values.carrier === carrier}
                  disabled={e ? !e.available : false}
                />
                <label for={`carrier-${carrier}`}>
                  {names[carrier]}
                  {detail}
                </label>
              </div>
            );
          })}
        </Fieldset>
        <Fieldset legend={t('payment')} name="paymentMethod" errors={errors}>
          {payments.map((p) => (
            <div class="choice">
              <input
                type="radio"
                id={`pay-${p}`}
                name="paymentMethod"
                value={p}
                checked={values.paymentMethod === p}
              />
              <label for={`pay-${p}`}>{t(p)}</label>
            </div>
          ))}
          <Input
            name="cardNumber"
            label={t('cardNumber')}
            values={values}
            errors={errors}
            autocomplete="cc-number"
            inputmode="numeric"
          />
          <div class="field">
            <label for="f-bank">{t('chooseBank')}</label>
            <select id="f-bank" name="bank">
              {Object.entries(banks).map(([b, name]) => (
                <option value={b} selected={values.bank === b}>
                  {name[lang]}
                </option>
              ))}
            </select>
          </div>
          <Input
            name="identityCode"
            label={t('identityCode')}
            hint={t('identityHint')}
            values={values}
            errors={errors}
            autocomplete="off"
          />
        </Fieldset>
        <fieldset>
          <legend>{t('notices')}</legend>
          <div class="choice">
            <input
              type="checkbox"
              id="f-whatsapp"
              name="whatsapp"
              value="yes"
              checked={values.whatsapp === 'yes'}
            />
            <label for="f-whatsapp">{t('whatsapp')}</label>
          </div>
        </fieldset>
        <button type="submit" name="step" value="place">
          {t('placeOrder')}
        </button>
      </form>
    </>
  );
}
