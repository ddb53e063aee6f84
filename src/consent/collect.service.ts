/**
 * Browsing events from the storefront's analytics beacon, kept only with analytics consent and
 * only under the pseudonymous visitor id (never the customer id: analytics stays pseudonymous).
 *
 * @example
 *   await collect.record({ visitorId }, { event: 'page_view', path: '/bras' }); // false without consent
 */
import type { Database } from '../kit/db/database.ts';
import type { ConsentSubject } from './consent.ts';
import type { ConsentService } from './consent.service.ts';
import { insertBrowsingEvent } from './browsing-events.repository.ts';

export interface BrowsingEvent {
  event: 'page_view' | 'product_view' | 'search';
  path: string;
  productId?: string | undefined;
  search?: string | undefined;
}

export class CollectService {
  constructor(
    private readonly database: Database,
    private readonly consent: ConsentService,
  ) {}

  /** Stores the event when the subject allows analytics; says whether it did. */
  async record(subject: ConsentSubject, e: BrowsingEvent): Promise<boolean> {
    if (!subject.visitorId) return false;
    if (!(await this.consent.allows(subject, 'analytics'))) return false;
    await insertBrowsingEvent(this.database.db, {
      visitorId: subject.visitorId,
      event: e.event,
      // The path only: a query string can carry an email address or a token.
      path: e.path.split(/[?#]/)[0] ?? '/',
      productId: e.productId ?? null,
      search: e.search ?? null,
    });
    return true;
  }
}
