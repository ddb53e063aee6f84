/**
 * Reviews on the product page (`ProductReviews`, rendered by the shop's product page through its
 * `productExtras` hook) and `POST /products/:slug/reviews`. Text is rendered by hono/jsx, which
 * escapes it: a `<script>` in a review is shown as text.
 */
import { Hono } from 'hono';
import { DomainError } from '../kit/errors.ts';
import type { OrderServices } from '../orders/orders.service.ts';
import type { ReviewServices } from './reviews.service.ts';
import { slugSchema } from '../shop/cart/cart.ts';
import type { AppEnv } from '../kit/web/env.ts';
import { text, type Lang } from '../kit/web/i18n.ts';
import { m } from '../orders/orders.messages.ts';
import { readForm } from '../kit/web/request-body.ts';

/** What these routes use of the app's services (src/app/services.ts hands over the whole set). */
interface Services {
  orders: OrderServices;
  reviews: ReviewServices;
}

export async function ProductReviews(props: {
  services: Services;
  slug: string;
  lang: Lang;
  customerId: string | undefined;
  notice?: string | undefined;
}) {
  const { services, slug, lang, customerId } = props;
  const t = (k: keyof typeof m) => text(m[k], lang);
  const reviews = await services.reviews.ofProduct(slug);
  const canReview = customerId ? await services.orders.hasBought(customerId, slug) : false;
  return (
    <section id="reviews" aria-labelledby="reviews-title" class="reviews">
      <h2 id="reviews-title">{t('reviews')}</h2>
      {props.notice ? (
        <p class="notice" role="status">
          {props.notice}
        </p>
      ) : null}
      {reviews.length === 0 ? (
        <p>{t('noReviews')}</p>
      ) : (
        <ul>
          {reviews.map((r) => (
            <li class="review">
              <p class="rating">
                {r.rating} / 5 {t('stars')}
              </p>
              <p class="review-text">{r.text}</p>
              <p class="muted">
                — {r.displayName}, {r.createdAt.toISOString().slice(0, 10)}
              </p>
            </li>
          ))}
        </ul>
      )}
      {canReview ? (
        <form method="post" action={`/products/${slug}/reviews`} class="review-form">
          <h3>{t('writeReview')}</h3>
          <fieldset>
            <legend>{t('rating')}</legend>
            {[5, 4, 3, 2, 1].map((n) => (
              <span class="choice">
                <input
                  type="radio"
                  id={`rating-${n}`}
                  name="rating"
                  value={String(n)}
                  required
                  checked={n === 5}
                />
                <label for={`rating-${n}`}>
                  {n} {t('stars')}
                </label>
              </span>
            ))}
          </fieldset>
          <div class="field">
            <label for="f-displayName">{t('displayName')}</label>
            <input id="f-displayName" name="displayName" maxlength={60} required />
          </div>
          <div class="field">
            <label for="f-text">{t('reviewText')}</label>
            <textarea id="f-text" name="text" maxlength={2000} rows={5} required />
          </div>
          <button type="submit">{t('send')}</button>
        </form>
      ) : customerId ? null : (
        <p class="muted">{t('reviewOnlyBought')}</p>
      )}
    </section>
  );
}

export function reviewRoutes(services: Services) {
  const app = new Hono<AppEnv>();
  app.post('/products/:slug/reviews', async (c) => {
    const customer = c.get('customer');
    if (!customer) throw new DomainError('unauthenticated', 'Sign in to write a review.');
    const slug = slugSchema.parse(c.req.param('slug'));
    const body = await readForm(c);
    // A ZodError (bad rating, text too long) becomes a 400 with per-field messages.
    await services.reviews.submit(customer.id, slug, body);
    return c.redirect(`/products/${slug}?reviewed=1#reviews`, 303);
  });
  return app;
}
