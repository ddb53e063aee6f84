/**
 * The checkout's core, without customer data: from a cart, a postal code, a carrier and a payment
 * method it computes the order quote the customer confirms (lines, delivery fee, VAT, total),
 * every number from the catalog and the delivery rules. The order feature adds the customer and
 * hands the quote to the payment and carrier adapters.
 *
 * @example
 *   const quote = await checkout.quote({ cart, postalCode: '70620', carrier: 'posti', paymentMethod: 'card' });
 *   quote.totalCents; // goods + delivery, VAT included
 */
import { z } from 'zod';
import { DomainError, ValidationError } from '../kit/errors.ts';
import type { Localized } from '../kit/web/i18n.ts';
import type { CartService } from './cart/cart.service.ts';
import type { Cart } from './cart/cart.ts';
import { carriers, estimateDelivery, type Carrier } from './delivery.ts';
import { VAT_RATE_BASIS_POINTS, vatOf } from './money.ts';

export const paymentMethods = ['card', 'bank', 'invoice', 'part_payment'] as const;
export type PaymentMethod = (typeof paymentMethods)[number];

/** The amounts Avarda's credit products accept (the credit decision itself is Avarda's). */
export const creditRange: Record<'invoice' | 'part_payment', { min: number; max: number }> = {
  invoice: { min: 1, max: 150_000 },
  part_payment: { min: 10_000, max: 500_000 },
};

export const checkoutChoiceSchema = z.object({
  postalCode: z
    .string()
    .trim()
    .regex(/^\d{5}$/, 'A Finnish postal code has exactly five digits.'),
  carrier: z.enum(carriers, { error: 'Choose Posti, DB Schenker or Budbee.' }),
  paymentMethod: z.enum(paymentMethods, { error: 'Choose a payment method.' }),
  /** What the customer saw; a different server total means prices changed in between. */
  expectedTotalCents: z.coerce.number().int().nonnegative().optional(),
});
export type CheckoutChoice = z.infer<typeof checkoutChoiceSchema>;

export interface QuoteLine {
  slug: string;
  name: Localized;
  size: string;
  quantity: number;
  unitPriceCents: number;
  lineTotalCents: number;
}

export interface OrderQuote {
  lines: QuoteLine[];
  goodsCents: number;
  carrier: Carrier;
  postalCode: string;
  delivery: { feeCents: number; minDays: number; maxDays: number };
  paymentMethod: PaymentMethod;
  totalCents: number;
  vatCents: number;
  vatRateBasisPoints: number;
}

export class PriceChangedError extends DomainError {
  constructor() {
    super(
      'conflict',
      'Prices or availability changed while you were shopping. Check the new total.',
    );
  }
}

export interface CheckoutService {
  quote(input: { cart: Cart } & Record<string, unknown>): Promise<OrderQuote>;
}

export function createCheckoutService(carts: CartService): CheckoutService {
  return {
    async quote(input) {
      const choice = checkoutChoiceSchema.parse(input);
      const priced = await carts.price(input.cart);
      if (priced.lines.length === 0) throw new ValidationError('Your cart is empty.');
      if (priced.droppedLines > 0) throw new PriceChangedError();
      const wanted = new Map<string, number>();
      for (const line of priced.lines) {
        const total = (wanted.get(line.product.slug) ?? 0) + line.quantity;
        wanted.set(line.product.slug, total);
        if (total > line.product.stock) {
          throw new ValidationError(
            `Only ${line.product.stock} of one of your items are in stock.`,
          );
        }
      }
      const estimate = estimateDelivery(choice.postalCode, priced.subtotalCents).estimates.find(
        (e) => e.carrier === choice.carrier,
      );
      if (!estimate?.available || estimate.minDays === null || estimate.maxDays === null) {
        throw new ValidationError('This carrier does not deliver to that postal code.', {
          carrier: 'Choose a carrier that delivers to your postal code.',
        });
      }
      const totalCents = priced.subtotalCents + estimate.feeCents;
      if (choice.paymentMethod === 'invoice' || choice.paymentMethod === 'part_payment') {
        const range = creditRange[choice.paymentMethod];
        if (totalCents < range.min || totalCents > range.max) {
          throw new ValidationError(
            `This payment method is for orders of ${range.min / 100}–${range.max / 100} €.`,
            { paymentMethod: 'Choose another payment method for this total.' },
          );
        }
      }
      if (choice.expectedTotalCents !== undefined && choice.expectedTotalCents !== totalCents) {
        throw new PriceChangedError();
      }
      return {
        lines: priced.lines.map((l) => ({
          slug: l.product.slug,
          name: l.product.name,
          size: l.size,
          quantity: l.quantity,
          unitPriceCents: l.unitPriceCents,
          lineTotalCents: l.lineTotalCents,
        })),
        goodsCents: priced.subtotalCents,
        carrier: choice.carrier,
        postalCode: choice.postalCode,
        delivery: {
          feeCents: estimate.feeCents,
          minDays: estimate.minDays,
          maxDays: estimate.maxDays,
        },
        paymentMethod: choice.paymentMethod,
        totalCents,
        vatCents: vatOf(totalCents),
        vatRateBasisPoints: VAT_RATE_BASIS_POINTS,
      };
    },
  };
}
