/**
 * Placing an order. The order is all-or-nothing: the server re-prices the cart
 * (`shop.checkout.quote`), the payment is authorised (card, bank) or the credit decided (invoice,
 * part payment) **before** anything is written, so a decline leaves no order row and takes no
 * stock. Only then one transaction takes the stock (conditionally: a race for the last item
 * fails the whole order) and writes the order and its lines with every personal field sealed.
 * Capture, carrier booking and the confirmation email follow the commit; a failure there is
 * logged and leaves a consistent order (placed, not paid / not booked) for staff to retry.
 *
 * An authorisation whose order then fails on stock is never captured and lapses at Avarda.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { validateIdentityCode, identityCodeMessage } from '../customers/identity-code.ts';
import { noThirdPartyNotices } from '../core/third-party-data.ts';
import { ValidationError } from '../kit/errors.ts';
import type { Cart } from '../shop/cart/cart.ts';
import { PriceChangedError, type OrderQuote } from '../shop/checkout.service.ts';
import { formatEuro } from '../shop/money.ts';
import type { Lang } from '../kit/web/i18n.ts';
import type { OrderDeps } from './order-deps.ts';
import { accountingUntil, sealContact, type OrderContact } from './order-contact.ts';
import { errorName, PaymentDeclinedError } from './order-errors.ts';
import * as repo from './orders.repository.ts';

export const contactSchema = z.object({
  name: z.string().trim().min(1, 'Enter your name.').max(200),
  email: z.email('Enter a valid email address.').max(254),
  // Spaces and dashes as people type them are dropped; the partners need E.164.
  phone: z
    .string()
    .transform((v) => v.replace(/[\s-]/g, ''))
    .pipe(
      z
        .string()
        .regex(
          /^\+[1-9]\d{6,14}$/,
          'Enter the phone number in international form, e.g. +358401234567.',
        ),
    ),
  street: z.string().trim().min(1, 'Enter the street address.').max(200),
  postalCode: z
    .string()
    .trim()
    .regex(/^\d{5}$/, 'A Finnish postal code has exactly five digits.'),
  city: z.string().trim().min(1, 'Enter the city.').max(100),
});

export interface PlaceOrderInput {
  customerId: string | undefined;
  lang: Lang;
  cart: Cart;
  contact: OrderContact;
  carrier: string;
  paymentMethod: string;
  expectedTotalCents?: number | undefined;
  identityCode?: string | undefined;
  /** Stands in for Avarda's hosted payment page: the store never keeps it. */
  cardNumber?: string | undefined;
  bank?: string | undefined;
  whatsappNotices: boolean;
}

export interface PlacedOrder {
  id: string;
  reference: string;
  status: 'placed' | 'paid';
  quote: OrderQuote;
  trackingId: string | null;
}

const reference = () => `HS-${randomBytes(5).toString('hex').toUpperCase()}`;

export async function placeOrder(deps: OrderDeps, input: PlaceOrderInput): Promise<PlacedOrder> {
  const { db, vault, disclosures, shop, log } = deps;
  const contact = contactSchema.parse(input.contact);
  const quote = await shop.checkout.quote({
    cart: input.cart,
    postalCode: contact.postalCode,
    carrier: input.carrier,
    paymentMethod: input.paymentMethod,
    expectedTotalCents: input.expectedTotalCents,
  });
  const credit = quote.paymentMethod === 'invoice' || quote.paymentMethod === 'part_payment';
  let identityCode: string | undefined;
  if (credit) {
    const checked = validateIdentityCode(input.identityCode ?? '');
    if (!checked.valid) {
      const message = identityCodeMessage(checked.reason, input.lang);
      throw new ValidationError(message, { identityCode: message });
    }
    identityCode = checked.code;
  }

  const id = randomUUID();
  const ref = reference();
  const subjectId = input.customerId ?? `guest_${randomUUID()}`;
  const emailIndex = vault.blindIndex('email', contact.email);
  const pseudonym = await vault.pseudonym(db, subjectId);
  const address = {
    street: contact.street,
    postalCode: contact.postalCode,
    city: contact.city,
    country: 'FI',
  };

  let authorisationId: string | null = null;
  if (credit) {
    const decision = await disclosures.credit.apply(
      pseudonym,
      quote.paymentMethod as 'invoice' | 'part_payment',
      {
        name: contact.name,
        identity_code: identityCode!,
        address,
        email: contact.email,
        phone: contact.phone,
        amount: quote.totalCents,
      },
    );
    // Art. 22 and 14: the automated decision, its logic and its source are kept either way, and
    // the duty to tell the buyer (Art. 14) is committed with it, whatever the outcome.
    const notices = deps.notices ?? noThirdPartyNotices;
    const owed = await db.transaction().execute(async (trx) => {
      await repo.insertCreditDecision(trx, {
        id: decision.decisionId,
        subject_id: subjectId,
        customer_id: input.customerId ?? null,
        email_index: emailIndex,
        order_id: decision.outcome === 'approved' ? id : null,
        product: decision.product,
        outcome: decision.outcome,
        reasons: JSON.stringify(decision.reasons),
        logic_summary: decision.logicSummary,
        approved_cents: decision.approvedCents,
        plan: decision.plan ? JSON.stringify(decision.plan) : null,
        source: decision.source,
        decided_at: decision.decidedAt,
      });
      return notices.record(trx, {
        source: 'avarda',
        customerId: input.customerId ?? null,
        subjectId,
        emailIndex,
        email: contact.email,
        lang: input.lang,
        receivedAt: decision.decidedAt,
      });
    });
    await notices.deliver(owed);
    if (decision.outcome !== 'approved') {
      throw new PaymentDeclinedError(
        decision.reasons.join(','),
        'Avarda did not grant credit for this purchase. Nothing was ordered; choose card or bank payment.',
      );
    }
  } else {
    const instrument =
      quote.paymentMethod === 'card'
        ? { method: 'card' as const, cardNumber: (input.cardNumber ?? '').replace(/\s+/g, '') }
        : { method: 'bank' as const, bank: input.bank ?? '' };
    const auth = await disclosures.payments.authorise(
      pseudonym,
      { order_reference: ref, amount: quote.totalCents, email: contact.email },
      instrument,
    );
    if (auth.status !== 'authorised') throw new PaymentDeclinedError(auth.declineReason);
    authorisationId = auth.authorisationId;
  }

  const placedAt = new Date();
  await db.transaction().execute(async (trx) => {
    const wanted = new Map<string, number>();
    for (const l of quote.lines) wanted.set(l.slug, (wanted.get(l.slug) ?? 0) + l.quantity);
    for (const [slug, quantity] of wanted) {
      if (!(await repo.takeStock(trx, slug, quantity))) throw new PriceChangedError();
    }
    const sealed = await sealContact(vault, trx, subjectId, contact);
    await repo.insertOrder(
      trx,
      {
        id,
        reference: ref,
        subject_id: subjectId,
        customer_id: input.customerId ?? null,
        email_index: emailIndex,
        lang: input.lang,
        status: 'placed',
        carrier: quote.carrier,
        payment_method: quote.paymentMethod,
        goods_cents: quote.goodsCents,
        delivery_fee_cents: quote.delivery.feeCents,
        total_cents: quote.totalCents,
        vat_cents: quote.vatCents,
        whatsapp_notices: input.whatsappNotices,
        ...sealed,
        identity_code_sealed: identityCode
          ? await vault.seal(trx, subjectId, 'accounting', identityCode, 'identity_code')
          : null,
        payment_reference: authorisationId,
        invoice_due_on:
          quote.paymentMethod === 'invoice'
            ? new Date(placedAt.getTime() + 14 * 86_400_000).toISOString().slice(0, 10)
            : null,
        accounting_until: accountingUntil(placedAt),
      },
      quote.lines.map((l, position) => ({
        order_id: id,
        position,
        slug: l.slug,
        name: JSON.stringify(l.name),
        size: l.size,
        quantity: l.quantity,
        unit_price_cents: l.unitPriceCents,
        line_total_cents: l.lineTotalCents,
      })),
    );
  });
  // Stock changed: the storefront's catalog snapshot (and the pages cached from it) is re-read.
  shop.catalog.invalidate();

  let status: 'placed' | 'paid' = 'placed';
  try {
    if (authorisationId) {
      await disclosures.payments.capture(pseudonym, authorisationId, {
        order_reference: ref,
        amount: quote.totalCents,
      });
    }
    // Part payment: Avarda pays the store and collects the instalments itself.
    if (authorisationId || quote.paymentMethod === 'part_payment') {
      await repo.updateOrder(db, id, ['placed'], { status: 'paid', paid_at: new Date() });
      status = 'paid';
    }
  } catch (err) {
    log.error({ error: errorName(err), orderId: id }, 'payment capture failed; order left placed');
  }

  let trackingId: string | null = null;
  try {
    const booking = await disclosures.carriers.book(quote.carrier, pseudonym, {
      name: contact.name,
      address,
      phone: contact.phone,
      email: contact.email,
      parcel: {
        orderReference: ref,
        items: quote.lines.reduce((n, l) => n + l.quantity, 0),
        weightGrams: 200 * quote.lines.reduce((n, l) => n + l.quantity, 0),
      },
    });
    trackingId = booking.trackingId;
    await repo.updateOrder(db, id, ['placed', 'paid'], { tracking_id: trackingId });
  } catch (err) {
    log.error(
      { error: errorName(err), orderId: id },
      'carrier booking failed; order left unbooked',
    );
  }

  try {
    await deps.mailer.send({
      customerId: subjectId,
      to: contact.email,
      template: 'order_confirmation',
      lang: input.lang,
      vars: {
        reference: ref,
        amount: formatEuro(quote.totalCents, input.lang),
        link: `${deps.publicUrl}/account/orders`,
      },
    });
  } catch (err) {
    log.error({ error: errorName(err), orderId: id }, 'order confirmation mail failed');
  }
  return { id, reference: ref, status, quote, trackingId };
}
