/**
 * One batch of made-up customers as table rows: their activity (customer-activity.ts), every
 * personal field sealed by the vault under keys drafted for the batch (`vault.draftSubjects`:
 * one entropy call for all the batch's keys, no database round trip), handed row by row to a
 * target per table: arrays of values for INSERTs, or COPY text encoded as the rows come
 * (`copyTargets`). Yields to the event loop now and then, so the previous batch's COPY keeps
 * streaming while this one is sealed.
 */
import { accountingUntil } from '../orders/order-contact.ts';
import type { Vault } from '../kit/vault/vault.ts';
import { PROFILE_RECORD, profileRecordValues } from '../customers/customer-profile.ts';
import type { CustomerActivity } from './customer-activity.ts';
import { derivedUuid } from './prng.ts';
import type { SeedRowTargets } from './seed.repository.ts';

export interface BatchContext {
  seed: number;
  vault: Vault;
  passwordHash: string;
  policyVersion: number;
  banner: { policyVersion: number; textHash: string };
}

export interface FreshCustomer {
  activity: CustomerActivity;
  emailIndex: string;
}

const YIELD_EVERY = 200;

/** Seals `fresh` into `rows` (each row's values in `seedColumns` order) and returns `rows`. */
export async function sealBatch<R extends SeedRowTargets>(
  ctx: BatchContext,
  fresh: FreshCustomer[],
  rows: R,
): Promise<R> {
  const { seed, vault } = ctx;
  const ids = fresh.map((f) => derivedUuid(seed, 'customer', f.activity.index));
  const subscriptionIds = fresh.map((f) =>
    f.activity.newsletter ? derivedUuid(seed, 'newsletter', f.activity.index) : null,
  );
  const draft = vault.draftSubjects(
    [...ids, ...subscriptionIds.filter((s): s is string => s !== null)],
    ids.filter((_, n) => fresh[n]!.activity.views.length > 0),
  );
  for (const k of draft.keys) {
    rows.vault_keys.push([k.key_id, k.subject_id, k.scope, k.master_key_id, k.wrapped_key]);
  }
  const pseudonyms = new Map<string, string>();
  for (const p of draft.pseudonyms) {
    rows.vault_pseudonyms.push([p.link_id, p.subject_id, p.pseudonym]);
    pseudonyms.set(p.subject_id, p.pseudonym);
  }

  for (let n = 0; n < fresh.length; n++) {
    if (n > 0 && n % YIELD_EVERY === 0) await new Promise((resolve) => setImmediate(resolve));
    const { activity: a, emailIndex } = fresh[n]!;
    const id = ids[n]!;
    const { email, name, phone, address, birthday, lang } = a.person;
    // One AES-GCM operation for the whole profile (the field layout took one per present field).
    const profile = draft.sealRecord(
      id,
      'profile',
      PROFILE_RECORD,
      profileRecordValues({ email, name, phone, address, birthday }),
    );
    rows.customers.push([
      id,
      emailIndex,
      profile,
      ctx.passwordHash,
      a.joined,
      ctx.policyVersion,
      a.joined,
      lang,
      a.joined,
      a.lastActive,
      a.lastActive,
    ]);

    const consentId = derivedUuid(seed, 'consent', a.index);
    rows.consent_records.push([
      consentId,
      null,
      a.decidedAt,
      ctx.banner.policyVersion,
      ctx.banner.textHash,
      JSON.stringify(a.decisions),
      false,
      false,
      true,
      'banner',
      'en',
    ]);
    rows.consent_customer_links.push([consentId, id]);

    const pseudonym = pseudonyms.get(id);
    for (const v of a.views) {
      rows.browsing_events.push([
        pseudonym,
        'product_view',
        `/products/${v.slug}`,
        v.slug,
        null,
        v.at,
      ]);
    }

    const subscription = subscriptionIds[n];
    if (subscription) {
      const sub = draft.sealMany(subscription, 'profile', { email, phone: null });
      const subConsentId = derivedUuid(seed, 'newsletter-consent', a.index);
      rows.consent_records.push([
        subConsentId,
        subscription,
        a.joined,
        ctx.policyVersion,
        null,
        JSON.stringify({ newsletter: true }),
        false,
        false,
        true,
        'api',
        lang,
      ]);
      rows.consent_customer_links.push([subConsentId, id]);
      rows.newsletter_subscriptions.push([
        subscription,
        id,
        vault.blindIndex('newsletter', email),
        emailIndex,
        sub.email,
        null,
        false,
        lang,
        'Demo data: subscribed by the seed.',
        'confirmed',
        a.joined,
        a.joined,
        subConsentId,
      ]);
    }

    const contact = {
      name,
      email,
      phone: a.contact.phone,
      street: a.contact.street,
      postalCode: a.contact.postalCode,
      city: a.contact.city,
    };
    // The same JSON the checkout seals (order-contact.ts): contact under profile, the billing
    // copy (no phone) under accounting.
    const contactJson = JSON.stringify(contact);
    const billingJson = JSON.stringify({
      name,
      email,
      street: contact.street,
      postalCode: contact.postalCode,
      city: contact.city,
    });
    for (const o of a.orders) {
      const c = draft.sealMany(id, 'profile', { order_contact: contactJson });
      const b = draft.sealMany(id, 'accounting', { order_billing: billingJson });
      rows.orders.push([
        o.id,
        o.reference,
        id,
        id,
        emailIndex,
        lang,
        o.status,
        o.carrier,
        o.paymentMethod,
        o.goodsCents,
        o.deliveryFeeCents,
        o.totalCents,
        o.vatCents,
        o.whatsappNotices,
        c.order_contact,
        b.order_billing,
        null,
        o.paymentReference,
        o.trackingId,
        accountingUntil(o.placedAt),
        o.placedAt,
        o.paidAt,
        o.shippedAt,
        o.deliveredAt,
      ]);
      o.lines.forEach((l, position) => {
        rows.order_lines.push([
          o.id,
          position,
          l.product.slug,
          JSON.stringify(l.product.name),
          l.size,
          l.quantity,
          l.product.priceCents,
          l.product.priceCents * l.quantity,
        ]);
      });
    }
    for (const r of a.reviews) {
      const s = draft.sealMany(id, 'profile', { review_name: r.displayName, review_text: r.text });
      rows.reviews.push([r.id, r.slug, id, r.rating, s.review_name, s.review_text, r.at]);
    }
  }
  return rows;
}
