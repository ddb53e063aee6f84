/**
 * Generated product pictures: a garment silhouette per category in the product's colours, as
 * SVG. No photographs and no external image hosts; the picture is the same for every request, so
 * it is cached.
 */
import type { CategorySlug, Product } from './catalog.ts';

/** One or more closed paths per category; separate paths, so overlaps never punch holes. */
const silhouettes: Record<CategorySlug, string[]> = {
  bras: [
    'M100 206 L134 96 L144 98 L114 212 Z',
    'M300 206 L266 96 L256 98 L286 212 Z',
    'M92 232 Q142 330 200 252 Q258 330 308 232 L308 206 Q258 150 200 222 Q142 150 92 206 Z',
  ],
  briefs: ['M92 170 L308 170 L296 226 Q232 246 216 340 L184 340 Q168 246 104 226 Z'],
  bodies: [
    'M150 86 L170 86 L182 150 L218 150 L230 86 L250 86 L262 200 Q272 280 304 364 L232 392 ' +
      'L200 424 L168 392 L96 364 Q128 280 138 200 Z',
  ],
  nightwear: [
    'M160 72 L170 72 L182 140 L218 140 L230 72 L240 72 L252 160 Q302 330 322 444 L78 444 ' +
      'Q98 330 148 160 Z',
  ],
  loungewear: [
    'M140 96 L180 84 Q200 108 220 84 L260 96 L324 152 L292 194 L260 170 L260 424 L140 424 ' +
      'L140 170 L108 194 L76 152 Z',
  ],
  accessories: ['M92 226 Q200 164 308 226 Q318 300 244 300 Q200 278 156 300 Q82 300 92 226 Z'],
};

const hex = /^#[0-9a-fA-F]{6}$/;

export function productImageSvg(
  product: Pick<Product, 'category' | 'colour' | 'background'>,
): string {
  const fabric = hex.test(product.colour) ? product.colour : '#8a1c4a';
  const paper = hex.test(product.background) ? product.background : '#f6e3ea';
  return [
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 500" width="400" height="500">',
    '<defs><pattern id="lace" width="14" height="14" patternUnits="userSpaceOnUse">',
    '<circle cx="7" cy="7" r="2.2" fill="#fff" fill-opacity="0.28"/></pattern></defs>',
    `<rect width="400" height="500" fill="${paper}"/>`,
    '<ellipse cx="200" cy="462" rx="150" ry="14" fill="#000" fill-opacity="0.06"/>',
    ...silhouettes[product.category].map(
      (d) => `<path d="${d}" fill="${fabric}"/><path d="${d}" fill="url(#lace)"/>`,
    ),
    '</svg>',
  ].join('');
}
