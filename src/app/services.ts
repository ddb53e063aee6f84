/**
 * The composition root's product: every service the web layer and the jobs use, built once from
 * config and the database. Tests build the same object over an in-memory or test database.
 */
import type { Config } from '../kit/config.ts';
import { customersPersonalData } from '../customers/customers.personal-data.ts';
import { createCustomerServices, type CustomerServices } from '../customers/customers.service.ts';
import { CollectService } from '../consent/collect.service.ts';
import { ConsentService } from '../consent/consent.service.ts';
import { consentPersonalData } from '../consent/consent.personal-data.ts';
import type { Database } from '../kit/db/database.ts';
import { validateIdentityCode } from '../customers/identity-code.ts';
import { disclosuresPersonalData } from '../disclosures/disclosures.personal-data.ts';
import {
  createDisclosureServices,
  type DisclosureServices,
} from '../disclosures/disclosures.service.ts';
import { Jobs, type JobsOptions } from '../kit/jobs/jobs.ts';
import type { Logger } from '../kit/log.ts';
import { createNotifyServices, type NotifyServices } from '../notify/notify.service.ts';
import { loadManifest } from '../core/manifest/manifest-loader.ts';
import { createPolicyService, type PolicyService } from '../policy/policy.service.ts';
import { createRightsServices, type RightsServices } from '../rights/create-rights.ts';
import { mailAnswer } from '../rights/engine/request-answer.ts';
import { RequestLinks } from '../rights/privacy-center/request-links.ts';
import { VisitorRequestService } from '../rights/privacy-center/visitor-requests.service.ts';
import { requestDetailsPersonalData } from '../rights/engine/request-details.personal-data.ts';
import { requestsPersonalData } from '../rights/engine/requests.personal-data.ts';
import { createShopServices, type ShopServices } from '../shop/shop.service.ts';
import { createOrderServices, type OrderServices } from '../orders/orders.service.ts';
import { ordersPersonalData } from '../orders/orders.personal-data.ts';
import {
  createReviewServices,
  reviewsPersonalData,
  type ReviewServices,
} from '../reviews/reviews.service.ts';
import { newsletterPersonalData } from '../newsletter/newsletter.personal-data.ts';
import { NewsletterService } from '../newsletter/newsletter.service.ts';
import { BrowsingService } from '../browsing/browsing.service.ts';
import { browsingPersonalData } from '../browsing/browsing.personal-data.ts';
import { objectionsPersonalData } from '../rights/objection/objections.personal-data.ts';
import { ObjectionService } from '../rights/objection/objections.service.ts';
import type { ProcessingServices } from '../rights/restriction/processing-services.ts';
import { ProcessingStops } from '../rights/restriction/processing-stops.ts';
import { restrictionsPersonalData } from '../rights/restriction/restrictions.personal-data.ts';
import { RestrictionService } from '../rights/restriction/restrictions.service.ts';
import { createConfiguredVault } from '../kit/vault/vault.service.ts';
import type { Vault } from '../kit/vault/vault.ts';

export interface Services {
  config: Config;
  log: Logger;
  database: Database;
  /** The privacy manifest in force and its published versions (src/policy). */
  policy: PolicyService;
  vault: Vault;
  consent: ConsentService;
  collect: CollectService;
  /** Email: SMTP, or the sealed dev outbox (src/notify). */
  notify: NotifyServices;
  /** Accounts, sessions, password and Google/Facebook sign-in (src/customers). */
  customers: CustomerServices;
  /** Catalog, cart, checkout quotes (src/shop). */
  shop: ShopServices;
  /** The disclosure gate and the carrier, Avarda, messaging and collection adapters. */
  disclosures: DisclosureServices;
  /** Background jobs on pg-boss (src/jobs); started by main.ts after every handler is registered. */
  jobs: Jobs;
  /** Data-subject requests: the personal-data registry, the request runner and service. */
  rights: RightsServices;
  /** Requests from people not signed in, confirmed and answered by emailed links. */
  visitorRequests: VisitorRequestService;
  /** Newsletter double opt-in, one-click unsubscribe and the SMS opt-in (src/newsletter). */
  newsletter: NewsletterService;
  /** Checkout, orders, status flow, notices, collection (src/orders). */
  orders: OrderServices;
  /** Product reviews (src/reviews). */
  reviews: ReviewServices;
  /** Restriction (Art. 18) and objection (Art. 21): what they stop, lifting, staff decisions. */
  processing: ProcessingServices;
}

export async function createServices(
  config: Config,
  log: Logger,
  database: Database,
  options: { jobs?: JobsOptions } = {},
): Promise<Services> {
  const policy = await createPolicyService(database, await loadManifest(config.manifestPath), log);
  const vault = await createConfiguredVault(config, log, database);
  const consent = new ConsentService({ database, manifest: () => policy.manifest });
  const collect = new CollectService(database, consent);
  // Restrictions and upheld objections stop processing: the consent and disclosure gates ask.
  const stops = new ProcessingStops({ db: database.db, vault, manifest: () => policy.manifest });
  for (const block of stops.blocks()) consent.gate.addBlock(block);
  const notify = createNotifyServices(config, log, database, vault);
  const customers = createCustomerServices({
    config,
    log,
    database,
    vault,
    mailer: notify.mailer,
    policyVersion: async () => policy.currentVersion.version,
  });
  const shop = await createShopServices(database.db);
  const disclosures = createDisclosureServices({
    db: database.db,
    recipients: () => policy.manifest.recipients,
    birthDateOf: (code) => {
      const result = validateIdentityCode(code);
      return result.valid ? result.birthDate : undefined;
    },
    isRestricted: (pseudonym, purpose) => stops.disclosureStopped(pseudonym, purpose),
    log,
  });
  const jobs = new Jobs(database, log, options.jobs);
  const requestLinks = new RequestLinks();
  const mailLinks = { database, vault, mailer: notify.mailer, links: requestLinks, log };
  const rights = createRightsServices({
    database,
    vault,
    jobs,
    manifest: () => policy.manifest,
    log,
    // Art. 12(3): a request made by email is answered by email (src/rights/engine/request-answer.ts).
    answer: mailAnswer({ ...mailLinks, publicUrl: config.publicUrl }),
    // Art. 12(3), 17: the erasure confirmation (src/rights/engine/erasure-confirmation.ts).
    mailer: notify.mailer,
  });
  const visitorRequests = new VisitorRequestService({
    ...mailLinks,
    requests: rights.requests,
    publicUrl: config.publicUrl,
  });
  rights.registry.register(customersPersonalData(vault));
  rights.registry.register(requestDetailsPersonalData(vault));
  rights.registry.register(consentPersonalData({ renewAt: (d) => consent.gate.renewAt(d) }));
  rights.registry.register(disclosuresPersonalData(vault));
  rights.registry.register(requestsPersonalData(vault));
  const orders = createOrderServices({
    db: database.db,
    vault,
    disclosures,
    shop,
    mailer: notify.mailer,
    log,
    publicUrl: config.publicUrl,
  });
  const reviews = createReviewServices({
    db: database.db,
    vault,
    hasBought: (customerId, slug) => orders.hasBought(customerId, slug),
  });
  rights.registry.register(ordersPersonalData(vault));
  rights.registry.register(reviewsPersonalData(vault));
  const newsletter = new NewsletterService({
    db: database.db,
    vault,
    consent,
    mailer: notify.mailer,
    log,
    publicUrl: config.publicUrl,
    mailFrom: config.mailFrom,
    policyVersion: async () => policy.currentVersion.version,
    production: config.production,
  });
  rights.registry.register(newsletterPersonalData(vault));
  // Browsing events and recommendations (src/browsing) stand in for the shop's placeholders.
  const browsing = new BrowsingService({
    db: database.db,
    vault,
    consent,
    catalog: shop.catalog,
    log,
  });
  shop.recommend = (context) => browsing.recommend(context);
  shop.track = (subject, event) => browsing.record(subject, event);
  rights.registry.register(browsingPersonalData(vault));
  rights.registry.register(restrictionsPersonalData(stops));
  rights.registry.register(
    objectionsPersonalData({
      vault,
      consent,
      stops,
      manifest: () => policy.manifest,
      policyVersion: () => policy.currentVersion.version,
    }),
  );
  const processing: ProcessingServices = {
    stops,
    restrictions: new RestrictionService({
      database,
      vault,
      mailer: notify.mailer,
      stops,
      publicUrl: config.publicUrl,
      log,
    }),
    objections: new ObjectionService({
      database,
      vault,
      mailer: notify.mailer,
      requests: rights.requests,
      stops,
      manifest: () => policy.manifest,
      log,
    }),
  };
  return {
    config,
    log,
    database,
    policy,
    vault,
    consent,
    collect,
    notify,
    customers,
    shop,
    disclosures,
    jobs,
    rights,
    visitorRequests,
    newsletter,
    orders,
    reviews,
    processing,
  };
}
