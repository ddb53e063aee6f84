/**
 * Server-side browsing events and the recommendations built on them.
 *
 * - An event (product view, search) is kept only when `allows(subject, 'analytics')`, and only
 *   under a pseudonym: a signed-in customer's vault pseudonym ("only we can combine it with your
 *   name"; erasing the link makes the events anonymous), else the browser's `hs_vid`.
 * - Recommendations use the subject's own views and purchases only when
 *   `allows(subject, 'personalisation')`; everyone else sees the best-sellers.
 * - Recording never breaks a page: a failure is logged (without personal data) and ignored.
 *
 * @example
 *   await browsing.record({ visitorId, customerId }, { event: 'product_view', path, productId: slug });
 *   await browsing.recommend({ lang, limit: 4, subject: { visitorId, customerId } });
 */
import type { Kysely } from 'kysely';
import { insertBrowsingEvent } from '../consent/browsing-events.repository.ts';
import type { ConsentService } from '../consent/consent.service.ts';
import type { ConsentSubject } from '../consent/consent.ts';
import type { DB } from '../kit/db/schema.ts';
import type { Logger } from '../kit/log.ts';
import type { CatalogService } from '../shop/catalog.service.ts';
import type { Product } from '../shop/catalog.ts';
import type { BrowsingEvent, RecommendationContext } from '../shop/shop-hooks.ts';
import type { Vault } from '../kit/vault/vault.ts';
import * as repo from './browsing.repository.ts';

export type { BrowsingEvent };

export interface BrowsingDeps {
  db: Kysely<DB>;
  vault: Vault;
  consent: Pick<ConsentService, 'allows'>;
  catalog: Pick<CatalogService, 'all'>;
  log: Logger;
}

/**
 * How long the shop-wide best-seller ranking is reused. It sums every order line, so it is not
 * recomputed per page view; a new order shows in the "popular" list within this time (eventually
 * consistent, by design: nobody is promised a live ranking).
 */
export const BEST_SELLERS_TTL_MS = 60_000;

export class BrowsingService {
  #bestSellers: { slugs: Promise<string[]>; at: number } | undefined;

  constructor(private readonly d: BrowsingDeps) {}

  /** The best-selling slugs, most units first, read at most once per {@link BEST_SELLERS_TTL_MS}. */
  bestSellers(): Promise<string[]> {
    const now = Date.now();
    if (!this.#bestSellers || now - this.#bestSellers.at >= BEST_SELLERS_TTL_MS) {
      const slugs = repo.bestSellers(this.d.db, 50);
      this.#bestSellers = { slugs, at: now };
      // A failed read is not cached: the next page asks again.
      slugs.catch(() => {
        if (this.#bestSellers?.slugs === slugs) this.#bestSellers = undefined;
      });
    }
    return this.#bestSellers.slugs;
  }

  /** Stores the event when the subject allows analytics; says whether it did. */
  async record(subject: ConsentSubject, e: BrowsingEvent): Promise<boolean> {
    try {
      if (!subject.customerId && !subject.visitorId) return false;
      if (!(await this.d.consent.allows(subject, 'analytics'))) return false;
      const pseudonym = subject.customerId
        ? await this.d.vault.pseudonym(this.d.db, subject.customerId)
        : subject.visitorId!;
      await insertBrowsingEvent(this.d.db, {
        visitorId: pseudonym,
        event: e.event,
        path: e.path.split(/[?#]/)[0] ?? '/',
        productId: e.productId ?? null,
        search: e.search?.slice(0, 100) ?? null,
      });
      return true;
    } catch (err) {
      this.d.log.warn({ err: err instanceof Error ? err.name : 'unknown' }, 'browsing event lost');
      return false;
    }
  }

  /** Personalised with consent, best-sellers otherwise; never more than `limit`, in stock. */
  async recommend(context: RecommendationContext): Promise<Product[]> {
    const products = (await this.d.catalog.all()).filter((p) => p.stock > 0);
    const bySlug = new Map(products.map((p) => [p.slug, p]));
    const sold = await this.bestSellers();
    const rank = new Map(sold.map((s, i) => [s, i]));
    // Without sales yet, the catalog order (non-featured first) stands in for popularity.
    const popular = [...products].sort(
      (a, b) =>
        (rank.get(a.slug) ?? Infinity) - (rank.get(b.slug) ?? Infinity) ||
        Number(a.featured) - Number(b.featured),
    );
    const subject = context.subject;
    if (!subject || !(await this.d.consent.allows(subject, 'personalisation'))) {
      return popular.slice(0, context.limit);
    }
    const pseudonyms = [
      ...(subject.visitorId ? [subject.visitorId] : []),
      ...(subject.customerId ? [await this.d.vault.pseudonym(this.d.db, subject.customerId)] : []),
    ];
    const views = await repo.recentViews(this.d.db, pseudonyms);
    const bought = subject.customerId
      ? await repo.purchasedSlugs(this.d.db, subject.customerId)
      : [];
    if (views.length === 0 && bought.length === 0) return popular.slice(0, context.limit);
    const weight = new Map<string, number>();
    for (const slug of [...views, ...bought, ...bought]) {
      const category = bySlug.get(slug)?.category;
      if (category) weight.set(category, (weight.get(category) ?? 0) + 1);
    }
    const owned = new Set(bought);
    const personal = popular
      .filter((p) => !owned.has(p.slug) && weight.has(p.category))
      .sort((a, b) => (weight.get(b.category) ?? 0) - (weight.get(a.category) ?? 0));
    const rest = popular.filter((p) => !personal.includes(p));
    return [...personal, ...rest].slice(0, context.limit);
  }
}
