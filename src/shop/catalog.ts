/**
 * The catalog's domain: categories and products as the shop shows them. Names and descriptions
 * are kept in each of the shop's languages; a price is VAT-inclusive integer cents.
 */
import type { Lang, Localized } from '../kit/web/i18n.ts';

export const categorySlugs = [
  'bras',
  'briefs',
  'bodies',
  'nightwear',
  'loungewear',
  'accessories',
] as const;
export type CategorySlug = (typeof categorySlugs)[number];

export function isCategorySlug(value: string): value is CategorySlug {
  return (categorySlugs as readonly string[]).includes(value);
}

export const categoryNames: Record<CategorySlug, Localized> = {
  bras: { en: 'Bras', fi: 'Rintaliivit', sv: 'Behåar' },
  briefs: { en: 'Briefs', fi: 'Alushousut', sv: 'Trosor' },
  bodies: { en: 'Bodies', fi: 'Bodyt', sv: 'Bodys' },
  nightwear: { en: 'Nightwear', fi: 'Yöasut', sv: 'Nattkläder' },
  loungewear: { en: 'Loungewear', fi: 'Oleskeluasut', sv: 'Myskläder' },
  accessories: { en: 'Accessories', fi: 'Asusteet', sv: 'Accessoarer' },
};

export interface Product {
  /** URL-safe, stable: also the id in the cart cookie. */
  slug: string;
  category: CategorySlug;
  name: Localized;
  description: Localized;
  sizes: string[];
  priceCents: number;
  stock: number;
  featured: boolean;
  /** Colours of the generated picture: fabric, then background. */
  colour: string;
  background: string;
}

/** One-size products have a single size and need no size choice. */
export const ONE_SIZE = 'one-size';

export function productName(product: Product, lang: Lang): string {
  return product.name[lang];
}
