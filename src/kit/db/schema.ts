/**
 * The database as Kysely sees it: one interface per feature, composed here. A feature declares
 * its tables next to its repository (`<feature>/<feature>.tables.ts`) and is added to `DB`.
 */
import type { ConsentTables } from '../consent/consent.tables.ts';
import type { PolicyTables } from '../policy/policy.tables.ts';
import type { VaultTables } from '../vault/vault.tables.ts';
import type { CustomersTables } from '../customers/customers.tables.ts';
import type { NotifyTables } from '../notify/notify.tables.ts';
import type { CatalogTables } from '../shop/catalog.tables.ts';
import type { DisclosureTables } from '../disclosures/disclosures.tables.ts';
import type { RightsTables } from '../rights/rights.tables.ts';
import type { RequestLinkTables } from '../rights/request-links.tables.ts';
import type { RestrictionTables } from '../rights/restrictions.tables.ts';
import type { RequestDetailsTables } from '../rights/request-details.tables.ts';
import type { NewsletterTables } from '../newsletter/newsletter.tables.ts';
import type { OrdersTables } from '../orders/orders.tables.ts';
import type { ReviewsTables } from '../reviews/reviews.tables.ts';

export type DB = PolicyTables &
  VaultTables &
  ConsentTables &
  CatalogTables &
  DisclosureTables &
  CustomersTables &
  NotifyTables &
  RightsTables &
  RequestLinkTables &
  RestrictionTables &
  RequestDetailsTables &
  OrdersTables &
  ReviewsTables &
  NewsletterTables;
