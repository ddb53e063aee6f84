/**
 * The storefront's pages: the front page, category pages, product pages, search, and the
 * generated product pictures. Everything is server-rendered and works without JavaScript.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { currentSubject } from '../consent/visitor.ts';
import { DomainError } from '../kit/errors.ts';
import type { AppEnv } from '../kit/web/env.ts';
import { text } from '../kit/web/i18n.ts';
import { Layout } from '../kit/web/layout.tsx';
import { pageCache } from '../kit/web/page-cache.ts';
import { categoryNames, ONE_SIZE } from './catalog.ts';
import { normaliseSearchQuery } from './catalog.service.ts';
import { MAX_QUANTITY } from './cart/cart.ts';
import { formatEuro, vatOf } from './money.ts';
import { productImageSvg } from './product-image.ts';
import { CategoryNav, imageUrl, ProductGrid, SearchForm } from './shop-components.tsx';
import { m, searchLengthMessage } from './shop.messages.ts';
import type { ShopRouteOptions } from './shop-route-options.ts';
import type { ShopServices } from './shop.service.ts';
import { DeliveryEstimateForm } from './cart/cart-page.tsx';
import { assetPath } from '../kit/web/assets.ts';

/**
 * How long a cached storefront page is served at most (default of
 * `CUSTODIAN_STOREFRONT_CACHE_MS`). Catalog and review changes made by any app process show at
 * once (they move the catalog's version, src/shop/catalog.service.ts); the best-seller list
 * within this time.
 */
export const STOREFRONT_PAGE_TTL_MS = 10_000;

export function storefrontRoutes(shop: ShopServices, options: ShopRouteOptions) {
  const app = new Hono<AppEnv>();
  // A visitor with no visitor id and no session gets exactly what every such visitor gets: no
  // personal recommendations, no browsing event to record, no review form of their own.
  const cached = pageCache({
    version: () => shop.catalog.version(),
    ttlMs: shop.cacheMs ?? STOREFRONT_PAGE_TTL_MS,
    when: (c) => {
      const subject = currentSubject(c);
      return !subject.visitorId && !subject.customerId;
    },
  });

  app.get('/', cached, async (c) => {
    const lang = c.get('lang');
    const [featured, popular] = await Promise.all([
      shop.catalog.featured(),
      shop.recommend({ lang, limit: 4, subject: currentSubject(c) }),
    ]);
    return c.html(
      <Layout
        lang={lang}
        title={text(m.shopTitle, lang)}
        path="/"
        description={text(m.shopIntro, lang)}
      >
        <section class="hero">
          <h1>{text(m.shopTitle, lang)}</h1>
          <p>{text(m.shopIntro, lang)}</p>
          <SearchForm lang={lang} />
        </section>
        <section aria-labelledby="categories-heading">
          <h2 id="categories-heading">{text(m.categories, lang)}</h2>
          <CategoryNav lang={lang} />
        </section>
        <section aria-labelledby="featured-heading">
          <h2 id="featured-heading">{text(m.featured, lang)}</h2>
          <ProductGrid products={featured} lang={lang} />
        </section>
        <section aria-labelledby="popular-heading" data-recommendations="">
          <h2 id="popular-heading">{text(m.popular, lang)}</h2>
          <ProductGrid products={popular} lang={lang} />
        </section>
      </Layout>,
    );
  });

  app.get('/category/:slug', cached, async (c) => {
    const lang = c.get('lang');
    const { category, products } = await shop.catalog.inCategory(c.req.param('slug'));
    const title = text(categoryNames[category], lang);
    return c.html(
      <Layout lang={lang} title={title} path={c.req.path}>
        <CategoryNav lang={lang} current={category} />
        <h1>{title}</h1>
        <ProductGrid products={products} lang={lang} />
      </Layout>,
    );
  });

  app.get('/products/:slug', cached, async (c) => {
    const lang = c.get('lang');
    const product = await shop.catalog.product(c.req.param('slug'));
    await shop.track?.(currentSubject(c), {
      event: 'product_view',
      path: c.req.path,
      productId: product.slug,
    });
    const name = product.name[lang];
    const oneSize = product.sizes.length === 1 && product.sizes[0] === ONE_SIZE;
    return c.html(
      <Layout lang={lang} title={name} path={c.req.path} description={product.description[lang]}>
        <CategoryNav lang={lang} current={product.category} isPage={false} />
        <article class="product-page">
          <img
            src={imageUrl(product)}
            alt={`${text(m.productImage, lang)} ${name}`}
            width="400"
            height="500"
          />
          <div>
            <h1>{name}</h1>
            <p class="price">
              {formatEuro(product.priceCents, lang)}{' '}
              <span class="muted">
                {text(m.vatIncluded, lang)} ({formatEuro(vatOf(product.priceCents), lang)})
              </span>
            </p>
            <p>{product.description[lang]}</p>
            <p class="muted">{text(product.stock > 0 ? m.inStock : m.soldOut, lang)}</p>
            {product.stock > 0 ? (
              <form method="post" action="/cart/add" class="add-to-cart">
                <input type="hidden" name="slug" value={product.slug} />
                {oneSize ? (
                  <input type="hidden" name="size" value={ONE_SIZE} />
                ) : (
                  <>
                    <label for="size">{text(m.size, lang)}</label>
                    <select id="size" name="size" required>
                      {product.sizes.map((s) => (
                        <option value={s}>{s}</option>
                      ))}
                    </select>
                  </>
                )}
                <label for="quantity">{text(m.quantity, lang)}</label>
                <input
                  id="quantity"
                  name="quantity"
                  type="number"
                  inputmode="numeric"
                  min="1"
                  max={String(Math.min(MAX_QUANTITY, product.stock))}
                  value="1"
                  required
                />
                <button type="submit">{text(m.addToCart, lang)}</button>
              </form>
            ) : null}
            <DeliveryEstimateForm lang={lang} lifetimeDays={options.deliveryLifetimeDays()} />
          </div>
        </article>
        {options.productExtras ? await options.productExtras(c, product.slug) : null}
        <script src={assetPath('shop.js')} defer />
      </Layout>,
    );
  });

  app.get('/search', cached, async (c) => {
    const lang = c.get('lang');
    const raw = c.req.query('q') ?? '';
    let query: string;
    try {
      query = normaliseSearchQuery(raw);
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      return c.html(
        <Layout lang={lang} title={text(m.search, lang)} path="/search">
          <h1>{text(m.search, lang)}</h1>
          <SearchForm
            lang={lang}
            value={raw.slice(0, 100)}
            error={text(searchLengthMessage, lang)}
          />
        </Layout>,
        400,
      );
    }
    const results = await shop.catalog.search(lang, query);
    await shop.track?.(currentSubject(c), { event: 'search', path: '/search', search: query });
    return c.html(
      <Layout
        lang={lang}
        title={`${text(m.searchResults, lang)}: ${query}`}
        path={`/search?q=${encodeURIComponent(query)}`}
      >
        <h1>{text(m.searchResults, lang)}</h1>
        <SearchForm lang={lang} value={query} />
        <p role="status">
          {results.length === 0
            ? text(m.noResults, lang)
            : `${text(m.resultsFor, lang)} “${query}”: ${results.length}`}
        </p>
        <ProductGrid products={results} lang={lang} />
      </Layout>,
    );
  });

  app.get('/images/products/:file', async (c) => {
    const file = z
      .string()
      .regex(/^[a-z0-9-]{1,64}\.svg$/)
      .safeParse(c.req.param('file'));
    if (!file.success) throw new DomainError('not_found', 'There is no such picture.');
    const product = await shop.catalog.product(file.data.slice(0, -4));
    c.header('Content-Type', 'image/svg+xml');
    c.header('Cache-Control', 'public, max-age=86400');
    return c.body(productImageSvg(product));
  });

  return app;
}
