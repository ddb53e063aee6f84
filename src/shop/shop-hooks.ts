/**
 * What the shop lets another feature plug in (src/browsing does): personalised recommendations and
 * the tracking of product views and searches. The shop declares the shapes; the plug-in imports them.
 */
import type { ConsentSubject } from '../consent/consent.ts';
import type { Lang } from '../kit/web/i18n.ts';

export interface RecommendationContext {
  lang: Lang;
  limit: number;
  /** Whose recommendations: personalised only with their personalisation consent. */
  subject?: ConsentSubject | undefined;
}

export interface BrowsingEvent {
  event: 'product_view' | 'search';
  path: string;
  productId?: string | undefined;
  search?: string | undefined;
}
