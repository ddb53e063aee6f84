/**
 * The cart with prices: every line is priced from the catalog on every request, so a price the
 * client sends (or edits into the cookie) has no effect. Changes are validated against the
 * catalog (product exists, size offered, quantity within stock) and return the new cart for the
 * caller to store; an invalid change throws and leaves the cart as it was.
 */
import { CartError } from './cart-error.ts';
import type { Product } from '../catalog.ts';
import type { CatalogService } from '../catalog.service.ts';
import { addLine, removeLine, setQuantity, type Cart } from './cart.ts';
import { vatOf } from '../money.ts';

export interface PricedLine {
  product: Product;
  size: string;
  quantity: number;
  unitPriceCents: number;
  lineTotalCents: number;
}

export interface PricedCart {
  lines: PricedLine[];
  itemCount: number;
  /** VAT-inclusive sum of the lines. */
  subtotalCents: number;
  vatCents: number;
  /** Lines dropped because their product or size is no longer sold. */
  droppedLines: number;
}

export interface CartChange {
  slug: string;
  size?: string | undefined;
  quantity: number;
}

export interface CartService {
  price(cart: Cart): Promise<PricedCart>;
  /** The cart without lines whose product or size no longer exists. */
  prune(cart: Cart): Promise<Cart>;
  add(cart: Cart, change: CartChange): Promise<Cart>;
  update(cart: Cart, change: CartChange): Promise<Cart>;
  remove(cart: Cart, change: Omit<CartChange, 'quantity'>): Promise<Cart>;
}

function resolveSize(product: Product, size: string | undefined): string {
  if (size === undefined || size === '') {
    if (product.sizes.length === 1 && product.sizes[0] !== undefined) return product.sizes[0];
    throw new CartError('chooseSize', undefined, { size: 'Choose a size.' });
  }
  if (!product.sizes.includes(size)) {
    throw new CartError('sizeUnavailable', undefined, {
      size: 'Choose one of the sizes offered.',
    });
  }
  return size;
}

export function createCartService(catalog: CatalogService): CartService {
  async function productOf(slug: string): Promise<Product> {
    const product = (await catalog.bySlugs([slug])).get(slug);
    if (!product) throw new CartError('noSuchProduct');
    return product;
  }

  function checkStock(cart: Cart, product: Product) {
    const wanted = cart
      .filter((l) => l.slug === product.slug)
      .reduce((sum, l) => sum + l.quantity, 0);
    if (wanted > product.stock) {
      throw new CartError('stock', product.stock, {
        quantity: `At most ${product.stock} in stock.`,
      });
    }
  }

  const service: CartService = {
    async price(cart) {
      const products = await catalog.bySlugs(cart.map((l) => l.slug));
      const lines: PricedLine[] = [];
      for (const line of cart) {
        const product = products.get(line.slug);
        if (!product || !product.sizes.includes(line.size)) continue;
        lines.push({
          product,
          size: line.size,
          quantity: line.quantity,
          unitPriceCents: product.priceCents,
          lineTotalCents: product.priceCents * line.quantity,
        });
      }
      const subtotalCents = lines.reduce((sum, l) => sum + l.lineTotalCents, 0);
      return {
        lines,
        itemCount: lines.reduce((sum, l) => sum + l.quantity, 0),
        subtotalCents,
        vatCents: vatOf(subtotalCents),
        droppedLines: cart.length - lines.length,
      };
    },
    async prune(cart) {
      const products = await catalog.bySlugs(cart.map((l) => l.slug));
      return cart.filter((l) => products.get(l.slug)?.sizes.includes(l.size));
    },
    async add(cart, change) {
      const product = await productOf(change.slug);
      const next = addLine(cart, product.slug, resolveSize(product, change.size), change.quantity);
      checkStock(next, product);
      return next;
    },
    async update(cart, change) {
      const product = await productOf(change.slug);
      const next = setQuantity(
        cart,
        product.slug,
        resolveSize(product, change.size),
        change.quantity,
      );
      checkStock(next, product);
      return next;
    },
    async remove(cart, change) {
      return removeLine(cart, change.slug, change.size ?? '');
    },
  };
  return service;
}
