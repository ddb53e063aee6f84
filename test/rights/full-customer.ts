/**
 * A customer with every kind of data the store keeps, made through the services (no HTTP), for
 * the row-level erasure proof and the crash test over the real registry: a guest order placed
 * before registering, a verified account with every profile field and a session, a banner consent
 * from her browser, a product view, an order on invoice (credit decision, identity code, carrier
 * and payment disclosures), a review, a newsletter sign-up with SMS, a finished access request
 * (its export), a rectification waiting for staff (its sealed text), an objection on other
 * grounds upheld by staff, a restriction in force, a legal hold staff placed on her account, and
 * customer service opening her page (the audit log's entry, under her pseudonym), and the
 * notice of a high-risk breach she was sent (src/breaches, under her pseudonym).
 *
 * It returns every identifier of the person, by kind: what the row-level proof looks for.
 */
import { randomUUID } from 'node:crypto';
import { insertSends } from '../../src/campaigns/campaigns.repository.ts';
import { recordBounce } from '../../src/notify/bounces.repository.ts';
import { recordNotice, startRun } from '../../src/policy/policy-notices.repository.ts';
import { sealProfile } from '../../src/customers/customer-profile.ts';
import { insertCustomer } from '../../src/customers/customers.repository.ts';
import { claimNotice } from '../../src/breaches/breaches.repository.ts';
import type { Services } from '../../src/app/services.ts';
import { bannerChoice } from '../support/consent.ts';
import type { PersonIdentifiers } from '../support/erasure-proof.ts';

export interface FullCustomer {
  customerId: string;
  email: string;
  identifiers: PersonIdentifiers;
}

const slug = 'aurora-lace-brief';
const identityCode = '131052-308T';

export async function createFullCustomer(services: Services): Promise<FullCustomer> {
  const db = services.database.db;
  const tag = randomUUID().slice(0, 8);
  const email = `ilona.${tag}@example.fi`;
  const contact = {
    name: `Ilona Pyyhittävä ${tag}`,
    email,
    phone: '+358407654321',
    street: 'Puijonkatu 31 C 12',
    postalCode: '70100',
    city: 'Kuopio',
  };
  const order = {
    lang: 'en' as const,
    contact,
    whatsappNotices: false,
  };

  // A guest order under the same address, before the account existed.
  const guest = await services.orders.place({
    ...order,
    customerId: undefined,
    cart: [{ slug, size: 'S', quantity: 1 }],
    carrier: 'budbee',
    paymentMethod: 'card',
    cardNumber: '4111 1111 1111 1111',
  });
  const guestSubject = (
    await db
      .selectFrom('orders')
      .select('subject_id')
      .where('id', '=', guest.id)
      .executeTakeFirstOrThrow()
  ).subject_id;

  // The account, verified, with every profile field, signed in.
  const customerId = randomUUID();
  const sealed = await sealProfile(services.vault, db, customerId, {
    email,
    name: contact.name,
    phone: '+358 40 765 4321',
    address: 'Puijonkatu 31 C 12, 70100 Kuopio',
    birthday: '1988-03-14',
  });
  await insertCustomer(db, {
    id: customerId,
    email_index: services.vault.blindIndex('email', email),
    ...sealed,
    password_hash: null,
    email_verified_at: new Date(),
    policy_version: services.policy.currentVersion.version,
    policy_accepted_at: new Date(),
  });
  await services.customers.sessions.start(customerId);

  // Her browser's banner choice, linked to the account; a product view under her pseudonym.
  const visitorId = `hs-vid-${tag}`;
  await services.consent.ensureTexts();
  await services.consent.record(
    bannerChoice(services.consent, {
      subject: { visitorId, customerId },
      decisions: { analytics: true, marketing: true, personalisation: true },
    }),
  );
  await services.consent.flush();
  await services.shop.track!(
    { customerId },
    { event: 'product_view', path: `/products/${slug}`, productId: slug },
  );

  // An order on invoice (Avarda's credit decision, the identity code), a review, the newsletter.
  await services.orders.place({
    ...order,
    customerId,
    cart: [{ slug, size: 'M', quantity: 1 }],
    carrier: 'posti',
    paymentMethod: 'invoice',
    identityCode,
  });
  await services.reviews.submit(customerId, slug, {
    rating: 5,
    displayName: `Ilona ${tag}`,
    text: 'The lace edging survived forty washes',
  });
  await services.newsletter.subscribe({
    email,
    lang: 'en',
    phone: contact.phone,
    consentText: 'Send me the newsletter and offers by SMS.',
    customerId,
  });
  // A campaign reached her earlier: its send record, as src/campaigns writes it. (Not by
  // confirming here: a confirmation adds a ledger record under the subscription id, which the
  // erasure keeps as consent proof and this fixture's proof rules do not list.)
  const signUp = await db
    .selectFrom('newsletter_subscriptions')
    .select(['id', 'account_index'])
    .where('customer_id', '=', customerId)
    .executeTakeFirstOrThrow();
  const campaign = await services.campaigns.create(
    {
      subject: { en: 'Lace week', fi: 'Pitsiviikko', sv: 'Spetsvecka' },
      body: { en: 'New lace.', fi: 'Uutta pitsiä.', sv: 'Ny spets.' },
    },
    { kind: 'system', id: 'full-customer' },
  );
  await insertSends(db, [
    {
      campaign_id: campaign.id,
      subscription_id: signUp.id,
      customer_id: customerId,
      account_index: signUp.account_index,
      outcome: 'sent',
      lang: 'en',
      at: new Date(),
    },
  ]);

  // Her earlier requests: a copy of her data, a correction, an objection, a restriction.
  const requests = services.rights.requests;
  const run = async (view: { id: string }) => {
    await services.rights.runner.run(view.id);
    return view.id;
  };
  const access = await run(
    await requests.create({ type: 'access', channel: 'self_service', customerId, verified: true }),
  );
  const rectification = (
    await requests.create({
      type: 'rectification',
      channel: 'self_service',
      customerId,
      verified: true,
      details: 'My street is Puijonkatu 31 C 12, not 13.',
    })
  ).id;
  const objection = await run(
    await requests.create({
      type: 'objection',
      channel: 'self_service',
      customerId,
      verified: true,
      objection: { scope: 'other', purposes: ['debt_collection'] },
    }),
  );
  await services.processing.objections.decide(objection, {
    upheld: true,
    reasons: 'Her situation outweighs the interest.',
  });
  await services.rights.runner.run(objection);
  const restriction = await run(
    await requests.create({
      type: 'restriction',
      channel: 'self_service',
      customerId,
      verified: true,
    }),
  );

  // A legal hold (a chargeback dispute), settled: her access copy lists it, her erasure keeps
  // its record. (One in force would keep her data from the erasure: test/rights/held-erasure.)
  const hold = await services.retention.holds.place({
    customerId,
    reason: 'Chargeback dispute on her invoice order',
    until: new Date(Date.now() + 365 * 86_400_000),
    placedBy: 'cli',
  });
  await services.retention.holds.release(hold.id, 'cli');

  // Customer service opens her page: the audit log names her by pseudonym.
  await services.staff.access.view(
    { actor: { kind: 'staff', id: randomUUID() }, roles: ['customer_service'] },
    await services.vault.pseudonym(db, customerId),
  );

  // A high-risk breach she was told of: the notice names her by pseudonym (src/breaches).
  const breach = await services.registers.breaches.record(
    {
      nature: 'confidentiality',
      description: 'Test breach',
      discoveredAt: new Date(Date.now() - 60_000),
      categories: ['user.contact.email'],
      approxPeople: 1,
      approxRecords: 1,
      consequences: ['phishing'],
      consequencesText: 'Scam mail',
      measures: ['access_closed'],
      measuresText: 'Closed',
      risk: 'high',
      assessment: 'High risk',
    },
    { kind: 'system', id: 'test' },
  );
  await claimNotice(db, breach.id, await services.vault.pseudonym(db, customerId));

  const pseudonyms = [
    await services.vault.existingPseudonym(db, customerId),
    await services.vault.existingPseudonym(db, guestSubject),
  ].filter((p): p is string => typeof p === 'string');
  // She was told of a policy version (src/policy) and once her address bounced (src/notify).
  const policyVersion = services.policy.currentVersion.version;
  await startRun(db, policyVersion);
  await recordNotice(db, { policyVersion, customerId, outcome: 'sent', lang: 'fi' });
  await recordBounce(db, services.vault.blindIndex('email', email));
  const subscription = await db
    .selectFrom('newsletter_subscriptions')
    .select('id')
    .where('customer_id', '=', customerId)
    .executeTakeFirstOrThrow();
  return {
    customerId,
    email,
    identifiers: {
      'customer id': [customerId],
      'vault subject': [guestSubject, subscription.id],
      pseudonym: pseudonyms,
      'blind index': [
        services.vault.blindIndex('email', email),
        services.vault.blindIndex('newsletter', email),
        services.vault.blindIndex('identity_code', identityCode),
      ],
      'visitor id': [visitorId],
      'request id': [access, rectification, objection, restriction],
    },
  };
}
