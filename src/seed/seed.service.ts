/**
 * Demo data: `N` customers (sealed by the vault like real ones), their cookie choices in the
 * consent ledger, product views under their pseudonyms (only where they allowed analytics) and
 * confirmed newsletter subscriptions (only with the newsletter consent recorded).
 *
 * Deterministic: customer `i` of seed `s` is the same made-up person in every run, so re-running
 * skips those that exist (idempotent) and a larger `N` extends a smaller one. Fast: each batch
 * is one transaction with one multi-row INSERT per table; the cost that remains is the vault's
 * per-customer data keys (one key row per customer and scope, wrapped by the master key).
 *
 * @example
 *   await seedCustomers(deps, { customers: 25, seed: 1, onProgress: (done) => bar.update(done) });
 */
import type { Insertable, Kysely } from 'kysely';
import { insertRecords, type RecordRow } from '../consent/consent.repository.ts';
import type { ConsentService } from '../consent/consent.service.ts';
import { sealProfile } from '../customers/customer-profile.ts';
import type { CustomersTable } from '../customers/customers.tables.ts';
import { hashPassword } from '../customers/sign-in/password.ts';
import type { DB } from '../kit/db/schema.ts';
import type { NewsletterSubscriptionsTable } from '../newsletter/newsletter.tables.ts';
import type { Vault } from '../kit/vault/vault.ts';
import { demoPerson } from './demo-people.ts';
import { derivedUuid, intBetween, pick, rngFor } from './prng.ts';
import * as repo from './seed.repository.ts';

/** Every seeded customer signs in with this password (demo data only). */
export const DEMO_PASSWORD = 'velvet-lace-demo-2026';

export interface SeedDeps {
  db: Kysely<DB>;
  vault: Vault;
  consent: Pick<ConsentService, 'ensureTexts' | 'config'>;
  productSlugs: () => Promise<string[]>;
  policyVersion: () => Promise<number>;
}

export interface SeedOptions {
  customers: number;
  seed?: number;
  batchSize?: number;
  /**
   * Dates are days before this day (UTC midnight of today by default), so cookie choices are
   * within the manifest's renewal period; pass a fixed day for byte-identical runs.
   */
  today?: Date;
  onProgress?: (done: number) => void;
}

export interface SeedOutcome {
  created: number;
  skipped: number;
  rows: number;
}

export async function seedCustomers(deps: SeedDeps, options: SeedOptions): Promise<SeedOutcome> {
  const { db, vault } = deps;
  const seed = options.seed ?? 1;
  const batchSize = options.batchSize ?? 500;
  const today = new Date(options.today ?? new Date());
  today.setUTCHours(0, 0, 0, 0);
  await deps.consent.ensureTexts();
  const banner = deps.consent.config('en');
  const slugs = await deps.productSlugs();
  const policyVersion = await deps.policyVersion();
  // One argon2 hash for all: hashing a million passwords would take days, not minutes.
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const outcome: SeedOutcome = { created: 0, skipped: 0, rows: 0 };
  for (let start = 0; start < options.customers; start += batchSize) {
    const end = Math.min(options.customers, start + batchSize);
    const people = [];
    for (let i = start; i < end; i++) {
      const person = demoPerson(rngFor(seed, 'customer', i), i);
      people.push({ i, person, emailIndex: vault.blindIndex('email', person.email) });
    }
    const existing = await repo.existingEmailIndexes(
      db,
      people.map((p) => p.emailIndex),
    );
    const fresh = people.filter((p) => !existing.has(p.emailIndex));
    outcome.skipped += people.length - fresh.length;
    const plans = fresh.map(({ i, person, emailIndex }) => {
      const rng = rngFor(seed, 'activity', i);
      const analytics = rng() < 0.5;
      const views = analytics
        ? Array.from({ length: intBetween(rng, 1, 6) }, () => pick(rng, slugs))
        : [];
      return {
        i,
        person,
        emailIndex,
        id: derivedUuid(seed, 'customer', i),
        joined: new Date(today.getTime() - (1 + Math.floor(rng() * 150)) * 86_400_000),
        decisions: { analytics, marketing: rng() < 0.3, personalisation: rng() < 0.4 },
        views: slugs.length > 0 ? views : [],
        subscription: rng() < 0.2 ? derivedUuid(seed, 'newsletter', i) : null,
      };
    });
    outcome.rows += await db.transaction().execute(async (trx) => {
      // The data keys and pseudonyms of the whole batch in four statements, not four per person.
      await vault.prepareSubjects(
        trx,
        plans.flatMap((p) => (p.subscription ? [p.id, p.subscription] : [p.id])),
      );
      const pseudonyms = await vault.pseudonymsOf(
        trx,
        plans.filter((p) => p.views.length > 0).map((p) => p.id),
      );
      const customers: Insertable<CustomersTable>[] = [];
      const consents: RecordRow[] = [];
      const subscriptions: Insertable<NewsletterSubscriptionsTable>[] = [];
      const events: Parameters<typeof repo.insertBrowsingEvents>[1] = [];
      for (const { i, person, emailIndex, id, joined, decisions, views, subscription } of plans) {
        const { email, name, phone, address, birthday } = person;
        const sealed = await sealProfile(vault, trx, id, { email, name, phone, address, birthday });
        customers.push({
          id,
          email_index: emailIndex,
          ...sealed,
          password_hash: passwordHash,
          email_verified_at: joined,
          policy_version: policyVersion,
          policy_accepted_at: joined,
          lang: person.lang,
        });
        consents.push({
          id: derivedUuid(seed, 'consent', i),
          visitorId: null,
          customerId: id,
          decidedAt: joined,
          policyVersion: banner.policyVersion,
          textHash: banner.textHash,
          decisions,
          gpc: false,
          dnt: false,
          explicit: true,
          source: 'banner',
          lang: 'en',
        });
        views.forEach((slug, v) => {
          events.push({
            visitor_id: pseudonyms.get(id)!,
            event: 'product_view',
            path: `/products/${slug}`,
            product_id: slug,
            search: null,
            occurred_at: new Date(joined.getTime() + (v + 1) * 60_000),
          });
        });
        if (subscription) {
          const sub = await vault.sealMany(trx, subscription, 'profile', { email, phone: null });
          const consentId = derivedUuid(seed, 'newsletter-consent', i);
          subscriptions.push({
            id: subscription,
            customer_id: id,
            email_index: vault.blindIndex('newsletter', email),
            account_index: emailIndex,
            email_sealed: sub.email!,
            phone_sealed: null,
            sms: false,
            lang: person.lang,
            consent_text: 'Demo data: subscribed by the seed.',
            status: 'confirmed',
            confirmed_at: joined,
            consent_record_id: consentId,
          });
          consents.push({
            id: consentId,
            visitorId: subscription,
            customerId: id,
            decidedAt: joined,
            policyVersion,
            textHash: null,
            decisions: { newsletter: true },
            gpc: false,
            dnt: false,
            explicit: true,
            source: 'api',
            lang: person.lang,
          });
        }
      }
      await repo.insertCustomers(trx, customers);
      await insertRecords(trx, consents);
      await repo.insertSubscriptions(trx, subscriptions);
      await repo.insertBrowsingEvents(trx, events);
      return customers.length + consents.length + subscriptions.length + events.length;
    });
    outcome.created += fresh.length;
    options.onProgress?.(end);
  }
  return outcome;
}

/** The first `n` seeded sign-ins, to print (plaintext derived again, never read back). */
export function demoSignIns(n: number, seed = 1): { email: string; password: string }[] {
  return Array.from({ length: n }, (_, i) => ({
    email: demoPerson(rngFor(seed, 'customer', i), i).email,
    password: DEMO_PASSWORD,
  }));
}
