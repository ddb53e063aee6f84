/** Pieces the storefront pages share: product cards, the category list, the search form. */
import { text, type Lang } from '../kit/web/i18n.ts';
import { categoryNames, categorySlugs, type Product } from './catalog.ts';
import { formatEuro } from './money.ts';
import { m } from './shop.messages.ts';

export const imageUrl = (p: Product) => `/images/products/${p.slug}.svg`;
export const productUrl = (p: Product) => `/products/${p.slug}`;

export function ProductCard({ product, lang }: { product: Product; lang: Lang }) {
  return (
    <li class="product-card">
      <a href={productUrl(product)}>
        <img src={imageUrl(product)} alt="" width="200" height="250" loading="lazy" />
        <span class="product-name">{product.name[lang]}</span>
      </a>
      <span class="price">{formatEuro(product.priceCents, lang)}</span>
    </li>
  );
}

export function ProductGrid({ products, lang }: { products: Product[]; lang: Lang }) {
  return (
    <ul class="product-grid">
      {products.map((p) => (
        <ProductCard product={p} lang={lang} />
      ))}
    </ul>
  );
}

/** `current` marks the category shown; on a product page it marks the product's category. */
export function CategoryNav(props: { lang: Lang; current?: string; isPage?: boolean }) {
  const { lang, current } = props;
  return (
    <nav class="category-nav" aria-label={text(m.categories, lang)}>
      <ul>
        {categorySlugs.map((slug) => (
          <li>
            <a
              href={`/category/${slug}`}
              aria-current={
                slug === current ? (props.isPage === false ? 'true' : 'page') : undefined
              }
            >
              {text(categoryNames[slug], lang)}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export function SearchForm({ lang, value, error }: { lang: Lang; value?: string; error?: string }) {
  return (
    <form class="search-form" role="search" action="/search" method="get">
      <label for="search-q">{text(m.searchLabel, lang)}</label>
      <input
        id="search-q"
        name="q"
        type="search"
        value={value ?? ''}
        minlength={2}
        maxlength={100}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? 'search-error' : undefined}
      />
      <button type="submit">{text(m.search, lang)}</button>
      {error ? (
        <p id="search-error" class="field-error">
          {error}
        </p>
      ) : null}
    </form>
  );
}
