import { describe, expect, it } from 'vitest';
import {
  addLine,
  CartCookieError,
  decodeCart,
  encodeCart,
  MAX_LINES,
  removeLine,
  setQuantity,
  type Cart,
} from './cart.ts';

const encodeRaw = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('cart cookie', () => {
  it('round-trips a cart and holds no prices', () => {
    const cart: Cart = [
      { slug: 'aurora-lace-brief', size: 'M', quantity: 2 },
      { slug: 'pilvi-robe', size: 'S/M', quantity: 1 },
    ];
    const cookie = encodeCart(cart);
    expect(cookie).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCart(cookie)).toEqual(cart);
    expect(Buffer.from(cookie, 'base64url').toString()).not.toMatch(/price|cents|\d{3,}/i);
  });

  it('reads a missing cookie as an empty cart', () => {
    expect(decodeCart(undefined)).toEqual([]);
    expect(decodeCart('')).toEqual([]);
  });

  it.each([
    ['not base64url', 'a b;c'],
    ['not JSON', Buffer.from('{{{').toString('base64url')],
    ['an object', encodeRaw({ slug: 'x' })],
    ['a negative quantity', encodeRaw([['aurora-lace-brief', 'M', -3]])],
    ['a huge quantity', encodeRaw([['aurora-lace-brief', 'M', 1e9]])],
    ['a fractional quantity', encodeRaw([['aurora-lace-brief', 'M', 1.5]])],
    ['a price smuggled in', encodeRaw([['aurora-lace-brief', 'M', 1, 1]])],
    ['markup as a slug', encodeRaw([['<script>', 'M', 1]])],
    [
      'duplicate lines',
      encodeRaw([
        ['a', 'M', 1],
        ['a', 'M', 2],
      ]),
    ],
    [
      'too many lines',
      encodeRaw(Array.from({ length: MAX_LINES + 1 }, (_, i) => [`p${i}`, 'M', 1])),
    ],
    ['an oversized cookie', 'A'.repeat(5000)],
  ])('refuses a tampered cookie: %s', (_what, cookie) => {
    expect(() => decodeCart(cookie)).toThrow(CartCookieError);
  });

  it('adds to an existing line, up to 10', () => {
    let cart = addLine([], 'a', 'M', 4);
    cart = addLine(cart, 'a', 'M', 6);
    expect(cart).toEqual([{ slug: 'a', size: 'M', quantity: 10 }]);
    expect(() => addLine(cart, 'a', 'M', 1)).toThrow(/at most 10/);
    expect(addLine(cart, 'a', 'L', 1)).toHaveLength(2);
  });

  it('holds at most 30 lines', () => {
    let cart: Cart = [];
    for (let i = 0; i < MAX_LINES; i++) cart = addLine(cart, `p${i}`, 'M', 1);
    expect(() => addLine(cart, 'one-more', 'M', 1)).toThrow(/at most 30/);
  });

  it('updates and removes only lines that exist', () => {
    const cart = addLine([], 'a', 'M', 1);
    expect(setQuantity(cart, 'a', 'M', 3)).toEqual([{ slug: 'a', size: 'M', quantity: 3 }]);
    expect(removeLine(cart, 'a', 'M')).toEqual([]);
    expect(() => setQuantity(cart, 'b', 'M', 3)).toThrow(/not in your cart/);
    expect(() => removeLine(cart, 'a', 'L')).toThrow(/not in your cart/);
  });
});
