/**
 * Proof that an erasure is complete (issue 6, "Must show"). A customer uses every part of the
 * store; an erasure request runs to done; then every table (as text), the captured logs and a
 * full dump of the database (PostgreSQL: `pg_dump`; PGlite: the data directory itself) are
 * scanned for the customer's identifiers in clear. The pseudonym must lead to nobody, and only
 * the accounting copy of the order may remain, sealed under the accounting key.
 *
 * The controls: before the erasure the same exporters find every identifier (so the list is not
 * empty words), and the same clear scans find the customer's row ciphertexts and index (so the
 * scans read the rows they claim to).
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { PROFILE_RECORD } from '../../src/customers/customer-profile.ts';
import { findCustomerByEmailIndex } from '../../src/customers/customers.repository.ts';
import { createLogger } from '../../src/kit/log.ts';
import { openBilling } from '../../src/orders/order-contact.ts';
import { disclosureLog } from '../../src/rights/create-rights.ts';
import { isErased } from '../../src/kit/vault/vault.ts';
import { createApp } from '../../src/app/app.ts';
import { bannerChoice } from '../support/consent.ts';
import { startSmtp, type TestSmtp } from '../support/smtp.ts';
import type { TestDatabase } from '../support/database.ts';
import { createTestServices, type TestServices } from '../support/services.ts';
import { foundInClear, readAllTablesAsText } from '../support/tables-as-text.ts';

const origin = 'http://localhost:3000';
const person = {
  email: 'ilona.pyyhittava@example.fi',
  password: 'the old passphrase of ilona',
  name: 'Ilona Pyyhittävä',
  phone: '+358 40 765 4321',
  address: 'Puijonkatu 31 C 12, 70100 Kuopio',
  birthday: '1988-03-14',
};
const order = {
  phone: '+358407654321',
  street: 'Puijonkatu 31 C 12',
  identityCode: '131052-308T',
};
const review = {
  displayName: 'Ilona from Puijonkatu',
  text: 'The silk robe fits perfectly and the lace edging survived forty washes',
};
const slug = 'aurora-lace-brief';

/** Everything that identifies Ilona; none of it may be left in clear. */
const identifiers = [
  person.email,
  person.name,
  'Pyyhittävä',
  person.phone,
  order.phone,
  order.street,
  person.address,
  person.birthday,
  order.identityCode,
  review.displayName,
  review.text,
];

const logLines: string[] = [];
let services: TestServices;
let smtp: TestSmtp;
let app: ReturnType<typeof createApp>;
let customerId: string;
let orderId: string;
let pseudonym: string;
let guestSubject: string;
let guestPseudonym: string;

const json = (path: string, body: unknown, cookie?: string) =>
  app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin, ...(cookie ? { cookie } : {}) },
    body: JSON.stringify(body),
  });

/** A full dump of the database, as text: `pg_dump` on PostgreSQL, the data directory on PGlite. */
async function fullDump(): Promise<string> {
  const database = services.database as TestDatabase;
  if (database.kind === 'postgres') {
    const { stdout } = await promisify(execFile)('pg_dump', ['--dbname', database.url!], {
      maxBuffer: 256 * 1024 * 1024,
    });
    return stdout;
  }
  // Every file of the cluster (heap, indexes, WAL), uncompressed, so nothing hides in gzip.
  const tar = await database.pglite!.dumpDataDir('none');
  return Buffer.from(await tar.arrayBuffer()).toString('utf8');
}

/** What the modules' exporters can read for a subject, with the vault's keys, as JSON text. */
async function readableWithKeys(subject: { customerId: string | null; emailIndex: string | null }) {
  const sections: Record<string, unknown> = {};
  for (const m of services.rights.registry.modules()) {
    const s = await m.export(services.database.db, subject);
    if (Object.keys(s).length > 0) sections[m.name] = s;
  }
  return sections;
}

/** Lines of the tables-as-text scan that contain `value`, by table. */
async function tablesContaining(value: string): Promise<string[]> {
  const { text } = await readAllTablesAsText(services.database.db);
  let table = '';
  const found = new Set<string>();
  for (const line of text.split('\n')) {
    if (line.startsWith('# ')) table = line.slice(2);
    else if (line.includes(value)) found.add(table);
  }
  return [...found].sort();
}

beforeAll(async () => {
  const log = createLogger('debug', { write: (line: string) => void logLines.push(line) });
  smtp = await startSmtp();
  services = await createTestServices({ LOG_LEVEL: 'debug', SMTP_URL: smtp.url }, { log });
  app = createApp(services);
  const db = services.database.db;

  // First a guest order with the same address, before she had an account.
  const guest = await services.orders.place({
    customerId: undefined,
    lang: 'en',
    cart: [{ slug, size: 'S', quantity: 1 }],
    contact: {
      name: person.name,
      email: person.email,
      phone: order.phone,
      street: order.street,
      postalCode: '70100',
      city: 'Kuopio',
    },
    carrier: 'budbee',
    paymentMethod: 'card',
    cardNumber: '4111 1111 1111 1111',
    whatsappNotices: false,
  });
  guestSubject =
    (await services.orders.get(guest.id)) &&
    (
      await db
        .selectFrom('orders')
        .select('subject_id')
        .where('id', '=', guest.id)
        .executeTakeFirstOrThrow()
    ).subject_id;
  guestPseudonym = (await services.vault.existingPseudonym(db, guestSubject))!;
  expect(guestPseudonym).toBeTruthy();

  // Registers with every profile field, and signs in.
  const mailsBefore = smtp.messages.length;
  const { password, ...profile } = person;
  expect((await json('/account/register', { ...person, acceptPolicy: true })).status).toBe(202);
  customerId = (await findCustomerByEmailIndex(
    db,
    services.vault.blindIndex('email', person.email),
  ))!.id;
  void profile;
  // Verifies her address through the emailed link: her guest data under it becomes hers.
  const mail = await smtp.waitFor(person.email, { after: mailsBefore });
  const link = new URL(/(https?:\/\/\S+token=[\w-]+)/.exec(mail.text)![1]!);
  expect((await app.request(`${link.pathname}${link.search}`)).status).toBe(200);
  const signIn = await json('/account/sign-in', { email: person.email, password });
  expect(signIn.status).toBe(200);
  const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;

  // Consents (in the banner, from her browser), browses, orders on invoice with delivery.
  await services.consent.record(
    bannerChoice(services.consent, {
      subject: { visitorId: 'hs-vid-ilona-browser', customerId },
      decisions: { analytics: true, marketing: true, personalisation: true },
    }),
  );
  expect(
    await services.shop.track!(
      { customerId },
      { event: 'product_view', path: `/products/${slug}`, productId: slug },
    ),
  ).toBe(true);
  const placed = await services.orders.place({
    customerId,
    lang: 'en',
    cart: [{ slug, size: 'M', quantity: 1 }],
    contact: {
      name: person.name,
      email: person.email,
      phone: order.phone,
      street: order.street,
      postalCode: '70100',
      city: 'Kuopio',
    },
    carrier: 'posti',
    paymentMethod: 'invoice',
    identityCode: order.identityCode,
    whatsappNotices: true,
  });
  orderId = placed.id;

  // Writes a review (over HTTP, signed in) and subscribes to the newsletter with SMS.
  const reviewed = await app.request(`/products/${slug}/reviews`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin, cookie },
    body: new URLSearchParams({ rating: '5', ...review }).toString(),
  });
  expect(reviewed.status).toBe(303);
  await services.newsletter.subscribe({
    email: person.email,
    lang: 'en',
    phone: order.phone,
    consentText: 'Send me the newsletter and offers by SMS.',
    customerId,
  });
  await services.consent.flush();
  pseudonym = (await services.vault.existingPseudonym(db, customerId))!;
  expect(pseudonym).toBeTruthy();
  // Staff revealed her phone number, typing a reason that names her (src/audit seals it).
  await services.audit.record({
    actor: { kind: 'staff', id: '6f1d2a9b-0c3f-4c57-9b1e-7d4f3a526f0e' },
    action: 'customer.reveal',
    subject: pseudonym,
    categories: ['user.contact.phone'],
    access: 'revealed',
    reason: `${person.name} called from ${person.phone} about ${person.address}`,
    detail: { roles: 'customer_service' },
  });
  await services.audit.checkpoint();
}, 120_000);

/** The audit log's entries about her account's pseudonym. */
const auditEntries = () => services.audit.list({ subject: pseudonym });
/** The audit checkpoint file, outside the database, as text. */
const checkpointFile = () => readFileSync(services.config.auditCheckpoints, 'utf8');

afterAll(async () => {
  await services?.close();
  await smtp?.stop();
});

describe('an erasure, proven complete', () => {
  let sealedProfile: string;
  let emailIndex: string;

  it('control: before the erasure, the data is there and the scans see it', async () => {
    const db = services.database.db;
    emailIndex = services.vault.blindIndex('email', person.email);
    // With the keys, every identifier can be read back: the list below is what she gave us.
    const sections = (await readableWithKeys({ customerId, emailIndex })) as Record<
      string,
      Record<string, Record<string, unknown>[]>
    >;
    const readable = JSON.stringify(sections);
    // The consent module exports the proof of her choice with the text she saw, verified; the
    // disclosure log what went to whom, for her account's and her guest order's pseudonyms.
    expect(sections.consent!['user.consent']).toEqual([
      expect.objectContaining({
        visitorId: 'hs-vid-ilona-browser',
        customerLinked: true,
        decisions: { analytics: true, marketing: true, personalisation: true },
        textVerified: true,
      }),
    ]);
    // The disclosure log reaches the access package through disclosureLog, not a module section.
    const log = await disclosureLog(services.vault)(db, { customerId, emailIndex });
    const recipients = log.map((d) => d.recipient);
    expect(recipients).toContain('budbee');
    expect(recipients).toContain('posti');
    expect(recipients).toContain('avarda_credit');
    // Her own copy holds her identity code in full: it is her data (issue 11).
    expect(readable).toContain(order.identityCode);
    expect(
      foundInClear(readable, [
        person.email,
        person.name,
        person.phone,
        order.phone,
        order.street,
        person.address,
        person.birthday,
        review.displayName,
        review.text,
      ]),
    ).toHaveLength(9);
    // The disclosure log holds her hand-offs under her pseudonym.
    expect(await services.vault.subjectOfPseudonym(db, pseudonym)).toBe(customerId);
    const disclosed = await db
      .selectFrom('disclosures')
      .select('recipient')
      .where('subject_pseudonym', '=', pseudonym)
      .execute();
    expect(disclosed.length).toBeGreaterThan(0);

    // The clear scans read her rows: her account's ciphertext and index are in tables and dump.
    const row = await db
      .selectFrom('customers')
      .select(['profile_record', 'email_sealed', 'email_index'])
      .where('id', '=', customerId)
      .executeTakeFirstOrThrow();
    // Her profile is one sealed record; the field columns of the old layout are empty.
    expect(row.profile_record).not.toBeNull();
    expect(row.email_sealed).toBeNull();
    sealedProfile = row.profile_record!;
    expect(row.email_index).toBe(emailIndex);
    expect(await tablesContaining(sealedProfile)).toEqual(['public.customers']);
    const dump = await fullDump();
    expect(dump).toContain(emailIndex);
    expect(dump).toContain(customerId);
    // The audit log holds her disclosures and the staff reveal under her pseudonym, with the
    // typed reason readable through the vault only; the checkpoint file holds hashes.
    const audited = await auditEntries();
    expect(audited.map((e) => e.action)).toEqual(
      expect.arrayContaining(['customer.reveal', 'disclosure.sent']),
    );
    const reveal = audited.find((e) => e.action === 'customer.reveal')!;
    expect(await services.audit.openReason(reveal)).toContain(person.phone);
    expect(await tablesContaining(reveal.reasonSealed!)).toEqual(['public.audit_log']);
    expect(checkpointFile()).toMatch(/"position":\d+/);
    expect(foundInClear(checkpointFile(), identifiers)).toEqual([]);
    // Her data is only ever stored sealed: even now nothing is in clear.
    const { text } = await readAllTablesAsText(db);
    expect(foundInClear(text, identifiers)).toEqual([]);
    expect(foundInClear(logLines.join('\n'), identifiers)).toEqual([]);
    expect(logLines.length).toBeGreaterThan(5);
  });

  it('runs the erasure to done, every module recorded as a step', async () => {
    const request = await services.rights.requests.create({
      type: 'erasure',
      channel: 'self_service',
      customerId,
      verified: true,
    });
    await services.rights.runner.run(request.id);
    const view = await services.rights.requests.get(request.id);
    expect(view.status).toBe('done');
    const steps = view.steps.map((s) => s.step);
    for (const m of services.rights.registry.modules()) expect(steps).toContain(`erase:${m.name}`);
    expect(steps).toContain('erase:consent');
    expect(steps).toContain('erase:disclosures');
    // Art. 19: the recipients of her account's and of her guest order's data are told.
    const told = view.notices.map((n) => n.recipient);
    expect(told).toContain('posti');
    expect(told).toContain('budbee');
  });

  it('leaves none of her identifiers in clear in any table, log line or database dump', async () => {
    const { text } = await readAllTablesAsText(services.database.db);
    expect(foundInClear(text, identifiers), 'tables').toEqual([]);
    expect(foundInClear(logLines.join('\n'), identifiers), 'logs').toEqual([]);
    expect(foundInClear(await fullDump(), identifiers), 'database dump').toEqual([]);
    await services.audit.checkpoint();
    expect(foundInClear(checkpointFile(), identifiers), 'audit checkpoints').toEqual([]);
    // Her account's ciphertext is gone from every table; her email's index stays only on the
    // kept order (the accounting voucher, found by staff for the Accounting Act period).
    expect(await tablesContaining(sealedProfile)).toEqual([]);
    expect(await tablesContaining(emailIndex)).toEqual(['public.orders']);
    // With every key the service holds, nothing of her profile can be read back any more.
    const readable = JSON.stringify(await readableWithKeys({ customerId, emailIndex }));
    expect(
      foundInClear(readable, [person.phone, order.phone, person.birthday, review.text]),
    ).toEqual([]);
  });

  it('leaves the pseudonym leading to nobody, and the disclosure log as an anonymous record', async () => {
    const db = services.database.db;
    expect(await services.vault.subjectOfPseudonym(db, pseudonym)).toBeUndefined();
    // Her guest order's pseudonym too: its carrier and payment hand-offs lead to nobody.
    expect(await services.vault.subjectOfPseudonym(db, guestPseudonym)).toBeUndefined();
    expect(await services.vault.existingPseudonym(db, customerId)).toBeUndefined();
    const links = await db
      .selectFrom('vault_pseudonyms')
      .select('subject_id')
      .where((eb) => eb.or([eb('pseudonym', '=', pseudonym), eb('subject_id', '=', customerId)]))
      .execute();
    expect(links).toEqual([]);
    const kept = await db
      .selectFrom('disclosures')
      .select('recipient')
      .where('subject_pseudonym', '=', pseudonym)
      .execute();
    expect(kept.length).toBeGreaterThan(0);
    // The audit entries stay (the chain needs every one), anonymous now: the reason she was
    // named in reads as erased with her profile key, and the chain still verifies.
    const audited = await auditEntries();
    expect(audited.length).toBeGreaterThan(0);
    const reveal = audited.find((e) => e.action === 'customer.reveal')!;
    expect(isErased(await services.audit.openReason(reveal))).toBe(true);
    expect((await services.audit.verify()).ok).toBe(true);
    // The consent records stay as proof, linked to no customer.
    const consentLinks = await db
      .selectFrom('consent_customer_links')
      .select('record_id')
      .where('customer_id', '=', customerId)
      .execute();
    expect(consentLinks).toEqual([]);
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from consent_records where visitor_id = 'hs-vid-ilona-browser'`.execute(
      db,
    );
    expect(rows[0]!.n).toBe(1);
  });

  it('keeps the order for accounting, sealed under the accounting key only', async () => {
    const db = services.database.db;
    const row = await db
      .selectFrom('orders')
      .selectAll()
      .where('id', '=', orderId)
      .executeTakeFirstOrThrow();
    expect(row.contact_sealed).toBeNull();
    const lines = await db
      .selectFrom('order_lines')
      .select('slug')
      .where('order_id', '=', orderId)
      .execute();
    expect(lines).toEqual([{ slug }]);
    const keys = await db
      .selectFrom('vault_keys')
      .select('scope')
      .where('subject_id', '=', customerId)
      .execute();
    expect(keys).toEqual([{ scope: 'accounting' }]);
    // The guest order she placed before registering: its contact copy and profile key are gone.
    const guestKeys = await db
      .selectFrom('vault_keys')
      .select('scope')
      .where('subject_id', '=', guestSubject)
      .execute();
    expect(guestKeys).toEqual([{ scope: 'accounting' }]);
    // Readable with the accounting key, until `accounting_until`: the voucher the law requires.
    const billing = await openBilling(services.vault, db, row.subject_id, row.billing_sealed);
    expect(billing).toMatchObject({ name: person.name, street: order.street });
    const code = await services.vault.open(
      db,
      row.subject_id,
      'accounting',
      row.identity_code_sealed!,
      'identity_code',
    );
    expect(code).toBe(order.identityCode);
    // Without it (the profile scope she had), nothing opens.
    await expect(
      services.vault.open(db, row.subject_id, 'profile', row.billing_sealed!, 'order_billing'),
    ).rejects.toThrow();
  });

  it('lets the same email register again as a stranger; the old password no longer signs in', async () => {
    const db = services.database.db;
    expect(
      (await json('/account/sign-in', { email: person.email, password: person.password })).status,
    ).toBe(401);
    const again = await json('/account/register', {
      email: person.email,
      password: 'a brand new passphrase for the new account',
      name: 'Ilona Again',
      acceptPolicy: true,
    });
    expect(again.status).toBe(202);
    const fresh = (await findCustomerByEmailIndex(
      db,
      services.vault.blindIndex('email', person.email),
    ))!;
    expect(fresh.id).not.toBe(customerId);
    expect(
      (await json('/account/sign-in', { email: person.email, password: person.password })).status,
    ).toBe(401);
    // Nothing of the old account is reachable from the new one.
    const sections = await readableWithKeys({ customerId: fresh.id, emailIndex: null });
    expect(Object.keys(sections)).toEqual(['customer_accounts']);
    const text = JSON.stringify(sections);
    expect(foundInClear(text, [person.name, person.phone, review.text, order.street])).toEqual([]);
    expect(
      isErased(
        (
          await services.vault.openRecord(
            db,
            customerId,
            'profile',
            PROFILE_RECORD,
            sealedProfile,
            ['email'],
          )
        ).email,
      ),
    ).toBe(true);
  });
});
