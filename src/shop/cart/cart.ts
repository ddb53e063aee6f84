/**
 * The cart as the `hs_cart` cookie holds it: product slugs, sizes and quantities only, never a
 * price (the server prices every line from the catalog on every request). The cookie is
 * base64url JSON so it stays readable to anyone who decodes it: it holds nothing secret.
 *
 * Anything that does not decode to a well-formed cart is refused as a whole (CartCookieError):
 * a cart that was edited outside the shop is not half-trusted.
 *
 * @example
 *   let cart = decodeCart(undefined); // []
 *   cart = addLine(cart, 'aurora-lace-brief', 'M', 2);
 *   encodeCart(cart); // 'W1siYXVyb3Jh…'
 */
import { z } from 'zod';
import { DomainError } from '../../kit/errors.ts';
import { CartError, cartMessage } from './cart-error.ts';

export const CART_COOKIE = 'hs_cart';
export const MAX_QUANTITY = 10;
export const MAX_LINES = 30;
const MAX_COOKIE_LENGTH = 3000;

export interface CartLine {
  slug: string;
  size: string;
  quantity: number;
}
export type Cart = CartLine[];

export const slugSchema = z.string().regex(/^[a-z0-9-]{1,64}$/, 'not a product id');
export const sizeSchema = z.string().regex(/^[A-Za-z0-9/-]{1,16}$/, 'not a size');
export const quantitySchema = z.coerce
  .number({ error: 'Enter a whole number.' })
  .int('Enter a whole number.')
  .min(1, `Choose 1 to ${MAX_QUANTITY}.`)
  .max(MAX_QUANTITY, `Choose 1 to ${MAX_QUANTITY}.`);

const cookieSchema = z
  .array(z.tuple([slugSchema, sizeSchema, quantitySchema]))
  .max(MAX_LINES)
  .refine((lines) => new Set(lines.map(([s, z]) => `${s}|${z}`)).size === lines.length);

/** The cart cookie could not be read: it was changed outside the shop. */
export class CartCookieError extends DomainError {
  constructor() {
    super('bad_request', cartMessage('cookie', 'en'));
  }
}

export function decodeCart(cookie: string | undefined): Cart {
  if (cookie === undefined || cookie === '') return [];
  if (cookie.length > MAX_COOKIE_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cookie)) {
    throw new CartCookieError();
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cookie, 'base64url').toString('utf8'));
  } catch {
    throw new CartCookieError();
  }
  const result = cookieSchema.safeParse(parsed);
  if (!result.success) throw new CartCookieError();
  return result.data.map(([slug, size, quantity]) => ({ slug, size, quantity }));
}

export function encodeCart(cart: Cart): string {
  const tuples = cart.map((l) => [l.slug, l.size, l.quantity]);
  return Buffer.from(JSON.stringify(tuples), 'utf8').toString('base64url');
}

const same = (line: CartLine, slug: string, size: string) =>
  line.slug === slug && line.size === size;

/** Adds to an existing line or appends one; a line never exceeds MAX_QUANTITY. */
export function addLine(cart: Cart, slug: string, size: string, quantity: number): Cart {
  const existing = cart.find((l) => same(l, slug, size));
  if (existing) {
    const total = existing.quantity + quantity;
    if (total > MAX_QUANTITY) {
      throw new CartError('maxPerItem', MAX_QUANTITY, {
        quantity: `At most ${MAX_QUANTITY - existing.quantity} more of this item.`,
      });
    }
    return cart.map((l) => (l === existing ? { ...l, quantity: total } : l));
  }
  if (cart.length >= MAX_LINES) {
    throw new CartError('maxLines', MAX_LINES);
  }
  return [...cart, { slug, size, quantity }];
}

export function setQuantity(cart: Cart, slug: string, size: string, quantity: number): Cart {
  if (!cart.some((l) => same(l, slug, size))) {
    throw new CartError('notInCart');
  }
  return cart.map((l) => (same(l, slug, size) ? { ...l, quantity } : l));
}

export function removeLine(cart: Cart, slug: string, size: string): Cart {
  if (!cart.some((l) => same(l, slug, size))) {
    throw new CartError('notInCart');
  }
  return cart.filter((l) => !same(l, slug, size));
}
