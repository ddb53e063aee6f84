/**
 * The composition root's product: every service the web layer and the jobs use, built once from
 * config and the database. Tests build the same object over an in-memory or test database.
 */
import type { Config } from '../kit/config.ts';
import { fileCheckpoints } from '../audit/audit-checkpoints.ts';
import { auditPersonalData } from '../audit/audit.personal-data.ts';
import { auditRetention } from '../audit/audit.retention.ts';
import { AuditService } from '../audit/audit.service.ts';
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
import {
  createPolicyService,
  type PolicyService,
  type UnpublishedMode,
} from '../policy/policy.service.ts';
import {
  createPolicyPublishing,
  type PolicyPublishing,
} from '../policy/policy-publishing.service.ts';
import { policyNoticesPersonalData } from '../policy/policy.personal-data.ts';
import { createRightsServices, type RightsServices } from '../rights/create-rights.ts';
import { mailAnswer } from '../rights/engine/request-answer.ts';
import { RequestLinks } from '../rights/privacy-center/request-links.ts';
import { VisitorRequestService } from '../rights/privacy-center/visitor-requests.service.ts';
import { requestDetailsPersonalData } from '../rights/engine/request-details.personal-data.ts';
import { requestsPersonalData } from '../rights/engine/requests.personal-data.ts';
import { sourceNoticesPersonalData } from '../rights/source-notices/source-notices.personal-data.ts';
import { SourceNoticeService } from '../rights/source-notices/source-notices.service.ts';
import { createShopServices, type ShopServices } from '../shop/shop.service.ts';
import { createStaffServices, type StaffServices } from '../staff/staff.service.ts';
import { createOrderServices, type OrderServices } from '../orders/orders.service.ts';
import { ordersPersonalData } from '../orders/orders.personal-data.ts';
import {
  createReviewServices,
  reviewsPersonalData,
  type ReviewServices,
} from '../reviews/reviews.service.ts';
import { newsletterPersonalData } from '../newsletter/newsletter.personal-data.ts';
import { NewsletterService } from '../newsletter/newsletter.service.ts';
import { campaignsPersonalData } from '../campaigns/campaigns.personal-data.ts';
import { CampaignService } from '../campaigns/campaigns.service.ts';
import { sendCampaignJob } from '../campaigns/campaign-job.ts';
import { BrowsingService } from '../browsing/browsing.service.ts';
import { browsingPersonalData } from '../browsing/browsing.personal-data.ts';
import { objectionsPersonalData } from '../rights/objection/objections.personal-data.ts';
import { ObjectionService } from '../rights/objection/objections.service.ts';
import type { ProcessingServices } from '../rights/restriction/processing-services.ts';
import { ProcessingStops } from '../rights/restriction/processing-stops.ts';
import { restrictionsPersonalData } from '../rights/restriction/restrictions.personal-data.ts';
import { RestrictionService } from '../rights/restriction/restrictions.service.ts';
import { createConfiguredVault } from '../kit/vault/vault.service.ts';
import { Invalidations } from '../kit/db/invalidations.ts';
import { RateLimits } from '../kit/web/rate-limit.ts';
import { browsingRetention } from '../browsing/browsing.retention.ts';
import { consentRetention } from '../consent/consent.retention.ts';
import { customersRetention } from '../customers/customers.retention.ts';
import { disclosuresRetention } from '../disclosures/disclosures.retention.ts';
import { newsletterRetention } from '../newsletter/newsletter.retention.ts';
import { ordersRetention } from '../orders/orders.retention.ts';
import { requestsRetention } from '../rights/engine/requests.retention.ts';
import { backupsRetention } from '../retention/backups.retention.ts';
import { holdsRetention } from '../retention/holds.retention.ts';
import { holdsPersonalData } from '../retention/holds.personal-data.ts';
import { createRetentionServices, type RetentionServices } from '../retention/retention.service.ts';
import type { Vault } from '../kit/vault/vault.ts';
import { breachNoticesPersonalData } from '../breaches/breaches.personal-data.ts';
import { breachesRetention } from '../breaches/breaches.retention.ts';
import { campaignsRetention } from '../campaigns/campaigns.retention.ts';
import { bouncesRetention } from '../notify/bounces.retention.ts';
import { policyNoticesRetention } from '../policy/policy-notices.retention.ts';
import { sourceNoticesRetention } from '../rights/source-notices/source-notices.retention.ts';
import {
  pseudonymsOfSubject,
  pseudonymsOfSubjects,
} from '../disclosures/disclosures.personal-data.ts';
import { createRegisters, type Registers } from './registers.ts';

export interface Services {
  config: Config;
  log: Logger;
  database: Database;
  /** Tells the other app processes on the same PostgreSQL which cache entries to drop. */
  invalidations: Invalidations;
  /** Rate limits and sign-in backoff, shared by the app processes on one PostgreSQL. */
  rateLimits: RateLimits;
  /** The privacy manifest in force and its published versions (src/policy). */
  policy: PolicyService;
  /** Publishing policy versions and notifying customers of significant ones (src/policy). */
  policyPublishing: PolicyPublishing;
  vault: Vault;
  /** The hash-chained audit log of staff reads, staff actions and disclosures (src/audit). */
  audit: AuditService;
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
  /** Newsletter campaigns: written, previewed, sent as a resumable job (src/campaigns). */
  campaigns: CampaignService;
  /** Checkout, orders, status flow, notices, collection (src/orders). */
  orders: OrderServices;
  /** Product reviews (src/reviews). */
  reviews: ReviewServices;
  /** Restriction (Art. 18) and objection (Art. 21): what they stop, lifting, staff decisions. */
  processing: ProcessingServices;
  /** The manifest's retention rules as sweeps, run daily; legal holds; the record of runs. */
  retention: RetentionServices;
  /** Staff accounts, sign-in with a second factor, need-to-know access (src/staff). */
  staff: StaffServices;
  /** The breach register and requests from authorities (issue 14). */
  registers: Registers;
  /** Art. 14 notices about data from Google/Facebook sign-in and Avarda (src/rights/source-notices). */
  sourceNotices: SourceNoticeService;
}

/**
 * Runs of a customer sweep's erasures at once on PostgreSQL, each its own transactions on its own
 * connection: while one run waits on the database another works in Node. With runs of 250 (a
 * runner's batch of 500 is two), 2 measured better than 1 run of 500 and than 3 runs of 50
 * (docs/retention.md, "Customer sweeps: where a batch's time went").
 */
const CUSTOMER_ERASURES_AT_ONCE = 2;

export async function createServices(
  config: Config,
  log: Logger,
  database: Database,
  options: {
    jobs?: JobsOptions;
    unpublishedManifest?: UnpublishedMode;
    /** A file for the manifest's parsed YAML between starts (main.ts: under DATA_DIR). */
    manifestParseCache?: string;
    /** The clock of the rights engine and retention (a test's time travel); default: now. */
    now?: () => Date;
  } = {},
): Promise<Services> {
  // A changed manifest file is held until staff publish it with a note; `serve --demo` publishes
  // it at once (src/policy/policy.service.ts explains both).
  // The server keeps the YAML's data between starts (src/core/manifest/manifest-parse-cache.ts).
  const loaded = await loadManifest(
    config.manifestPath,
    options.manifestParseCache ? { parseCache: options.manifestParseCache } : {},
  );
  // Caches other app processes on the same PostgreSQL are told to drop (src/kit/db/invalidations.ts).
  const invalidations = new Invalidations(database, log);
  const policy = await createPolicyService(database, loaded, log, {
    unpublished: options.unpublishedManifest ?? 'hold',
    invalidations,
  });
  const vault = await createConfiguredVault(config, log, database, { invalidations });
  // Counted in PostgreSQL across processes; in memory on PGlite (src/kit/web/rate-limit.ts).
  const rateLimits = RateLimits.forDatabase(database, { hashKey: (k) => vault.rateLimitKey(k) });
  const audit = new AuditService({
    db: database.db,
    vault,
    checkpoints: fileCheckpoints(config.auditCheckpoints, config.auditCheckpointPeers),
    log,
  });
  const consent = new ConsentService({
    database,
    manifest: () => policy.manifest,
    invalidations,
  });
  const collect = new CollectService(database, consent);
  // Restrictions and upheld objections stop processing: the consent and disclosure gates ask.
  const stops = new ProcessingStops({
    db: database.db,
    vault,
    manifest: () => policy.manifest,
    invalidations,
  });
  for (const block of stops.blocks()) consent.gate.addBlock(block);
  const notify = createNotifyServices(config, log, database, vault);
  const sourceNotices = new SourceNoticeService({
    db: database.db,
    vault,
    mailer: notify.mailer,
    manifest: () => policy.manifest,
    log,
  });
  const customers = createCustomerServices({
    config,
    log,
    database,
    vault,
    mailer: notify.mailer,
    policyVersion: async () => policy.currentVersion.version,
    notices: sourceNotices,
    rateLimits,
  });
  // Storefront caches are dropped on every process when the catalog or a review changes.
  const shop = await createShopServices(database.db, {
    snapshotMs: config.storefrontCacheMs,
    invalidations,
  });
  const disclosures = createDisclosureServices({
    db: database.db,
    recipients: () => policy.manifest.recipients,
    birthDateOf: (code) => {
      const result = validateIdentityCode(code);
      return result.valid ? result.birthDate : undefined;
    },
    isRestricted: (pseudonym, purpose) => stops.disclosureStopped(pseudonym, purpose),
    log,
    audit,
  });
  const jobs = new Jobs(database, log, {
    schedules: config.retentionSchedule !== undefined,
    ...options.jobs,
  });
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
    // Deadlines, and which legal holds are in force when an erasure runs (Art. 17(3)(e)).
    ...(options.now ? { now: options.now } : {}),
  });
  const visitorRequests = new VisitorRequestService({
    ...mailLinks,
    requests: rights.requests,
    publicUrl: config.publicUrl,
    rateLimits,
  });
  rights.registry.register(customersPersonalData(vault));
  rights.registry.register(requestDetailsPersonalData(vault));
  rights.registry.register(consentPersonalData({ renewAt: (d) => consent.gate.renewAt(d) }));
  // Before `disclosures`, whose erasure unlinks the pseudonyms the notices are found by.
  rights.registry.register(
    breachNoticesPersonalData(
      (db, s) => pseudonymsOfSubject(vault, db, s),
      (db, people) => pseudonymsOfSubjects(vault, db, people),
    ),
  );
  rights.registry.register(disclosuresPersonalData(vault));
  rights.registry.register(auditPersonalData(vault));
  rights.registry.register(requestsPersonalData(vault));
  rights.registry.register(sourceNoticesPersonalData());
  const orders = createOrderServices({
    db: database.db,
    vault,
    disclosures,
    shop,
    mailer: notify.mailer,
    log,
    publicUrl: config.publicUrl,
    notices: sourceNotices,
  });
  const reviews = createReviewServices({
    db: database.db,
    vault,
    hasBought: (customerId, slug) => orders.hasBought(customerId, slug),
    changed: (db) => shop.catalog.invalidateIn(db),
  });
  rights.registry.register(ordersPersonalData(vault));
  rights.registry.register(reviewsPersonalData(vault, (db) => shop.catalog.invalidateIn(db)));
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
  const campaigns = new CampaignService({
    db: database.db,
    vault,
    consent,
    newsletter,
    // Without SMTP the outbox row and the send record commit together (exactly once).
    delivery: config.smtpUrl
      ? { kind: 'smtp', mailer: notify.mailer }
      : {
          kind: 'outbox',
          keepManyIn: (db, mails) => notify.outbox.keepManyIn(db, mails),
          purgeExpired: () => notify.outbox.purgeExpired(),
        },
    audit,
    log,
    production: config.production,
  });
  rights.registry.register(campaignsPersonalData());
  jobs.register(sendCampaignJob, async ({ campaignId, actor }) => {
    await campaigns.send(campaignId, actor);
  });
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
  const retention = createRetentionServices({
    database,
    vault,
    manifest: () => policy.manifest,
    log,
    jobs,
    schedule: config.retentionSchedule,
    batchSize: config.retentionBatch,
    housekeeping: {
      sessions: async () => (await customers.sessions.purgeExpired()).sessions,
      outbox: () => notify.outbox.purgeExpired(),
      // Requests nobody confirmed within UNCONFIRMED_DAYS: expired, their address shredded.
      unconfirmedRequests: () => rights.requests.expireUnconfirmed(),
      // Art. 14 notices whose immediate send failed or was cut short: sent within the month.
      sourceNotices: () => sourceNotices.sendOwed(),
      // The whole audit chain, once a day: the sweep verifies only the entries it cuts, so an
      // edit of a kept entry is found here (position and kind logged, never an entry's content).
      auditChain: async () => {
        const chain = await audit.verify();
        if (chain.fault)
          log.error(
            { position: chain.fault.position, kind: chain.fault.kind },
            'audit chain broken',
          );
        return chain.entries;
      },
    },
    // Holds are audited (who placed or released one, on whom by pseudonym).
    audit,
    // Art. 17(3)(e): erasures a hold stopped in part are completed once it ends.
    heldErasures: rights.heldErasures,
    ...(options.now ? { now: options.now } : {}),
  });
  rights.registry.register(holdsPersonalData());
  rights.registry.register(policyNoticesPersonalData());
  const policyPublishing = createPolicyPublishing({
    policy,
    database,
    vault,
    mailer: notify.mailer,
    publicUrl: config.publicUrl,
    jobs,
    log,
    // A version that touches a consent purpose asks again at once, not after the cache expires.
    published: () => consent.policyVersionsChanged(),
  });
  // Each module's sweeps, in the order they run: vouchers before the books that end after them.
  for (const sweep of [
    ...customersRetention({
      noticeInactive: (customerId, erasesOn, at) =>
        customers.accounts.noticeInactivity(customerId, erasesOn, at),
      // The same erasure a customer asks for: kept-for-accounting rules and Art. 19 notices apply.
      eraseInactive: async (customerIds) =>
        rights.runner.runErasures(await rights.requests.createErasures(customerIds, 'staff')),
      finishErasures: (requestIds) => rights.runner.runErasures(requestIds),
      // A few of the pool's ten connections; the storefront keeps the rest.
      parallel: database.kind === 'postgres' ? CUSTOMER_ERASURES_AT_ONCE : 1,
    }),
    ...ordersRetention(vault),
    ...browsingRetention(),
    ...consentRetention(() => policy.manifest),
    ...newsletterRetention(vault),
    ...disclosuresRetention(),
    ...breachesRetention(),
    ...policyNoticesRetention(),
    ...bouncesRetention(),
    ...campaignsRetention(),
    ...sourceNoticesRetention(),
    ...requestsRetention(),
    holdsRetention(vault),
    // After every sweep that records its work in the audit log.
    auditRetention({ audit, vault }),
    backupsRetention(config.backupDir),
  ]) {
    retention.sweeps.register(sweep);
  }
  const staff = createStaffServices({
    db: database.db,
    vault,
    audit,
    manifest: () => policy.manifest,
    modules: () => rights.registry.modules(),
    restricted: async (customerId) => (await processing.restrictions.state(customerId)).restricted,
    rateLimits,
  });
  const registers = createRegisters({
    database,
    vault,
    mailer: notify.mailer,
    audit,
    manifest: () => policy.manifest,
    customers,
    orders,
    disclosures,
  });
  return {
    invalidations,
    rateLimits,
    registers,
    staff,
    sourceNotices,
    config,
    log,
    database,
    policy,
    policyPublishing,
    vault,
    audit,
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
    campaigns,
    orders,
    reviews,
    processing,
    retention,
  };
}
