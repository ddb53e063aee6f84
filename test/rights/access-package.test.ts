/**
 * The answer to access (Art. 15) and portability (Art. 20) requests: a real export of a customer
 * with an account, a Google sign-in, an invoice order (an automated credit decision and a carrier
 * booking in the disclosure log), a review, a newsletter sign-up and browsing events, downloaded
 * and unzipped as the customer gets it, on the configured test database.
 */
import { randomUUID } from 'node:crypto';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateCustomer } from '../../src/customers/customers.repository.ts';
import { insertSignIn } from '../../src/customers/sign-in/sign-ins.repository.ts';
import { rightTerms, transferTerms } from '../../src/policy/policy-terms.ts';
import { PROVIDED_CATEGORIES, type RequestType } from '../../src/rights/engine/rights.ts';
import type { Lang } from '../../src/kit/web/i18n.ts';
import { createApp } from '../../src/app/app.ts';
import { bannerChoice } from '../support/consent.ts';
import { parseCsv } from '../support/csv.ts';
import { signedInCustomer } from '../support/customers.ts';
import { createTestServices, type TestServices } from '../support/services.ts';
import { proves } from '../support/proves.ts';

let services: TestServices;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  services = await createTestServices();
  app = createApp(services);
}, 60_000);

afterAll(async () => {
  await services.close();
});

const slug = 'aurora-lace-brief';
const staffId = randomUUID();
const reviewText = '=HYPERLINK("http://evil.example","click"), comfy, "soft"\nand fits';

/** A customer with data in every registered module, and their request's finished package. */
async function seededCustomer(lang: Lang, { signIn = true } = {}) {
  const db = services.database.db;
  const email = `${randomUUID()}@example.test`;
  const me = await signedInCustomer(services, email);
  await updateCustomer(db, me.id, { lang });
  // Data not collected from the person: what Google certified at sign-in.
  if (signIn)
    await insertSignIn(db, {
      id: randomUUID(),
      customer_id: me.id,
      provider: 'google',
      subject_index: randomUUID(),
      profile_sealed: await services.vault.seal(
        db,
        me.id,
        'profile',
        JSON.stringify({ email }),
        'sign_in',
      ),
      source: 'https://accounts.google.com',
      received_at: new Date(),
    });
  // Invoice: Avarda's automated credit decision; delivered by DB Schenker.
  const order = await services.orders.place({
    customerId: me.id,
    lang,
    cart: [{ slug, size: 'M', quantity: 1 }],
    contact: {
      name: 'Kaisa Ylitalo-Testinen',
      email,
      phone: '+358401112233',
      street: 'Kalliolantie 77 B 9',
      postalCode: '70620',
      city: 'Kuopio',
    },
    carrier: 'db_schenker',
    paymentMethod: 'invoice',
    identityCode: '131052-308T',
    whatsappNotices: false,
  });
  expect(order.trackingId).toBeTruthy();
  await services.reviews.submit(me.id, slug, {
    rating: 5,
    displayName: 'Kaisa',
    text: reviewText,
  });
  await services.newsletter.subscribe({
    email,
    lang,
    phone: null,
    consentText: 'Send me the newsletter',
    customerId: me.id,
  });
  await services.consent.ensureTexts();
  await services.consent.record(
    bannerChoice(services.consent, {
      subject: { customerId: me.id },
      decisions: { analytics: true, marketing: false, personalisation: false },
    }),
  );
  await services.shop.track?.(
    { customerId: me.id },
    { event: 'search', path: '/search', search: 'lace' },
  );
  // A customer-service look at her page, as the staff console records it (src/audit).
  await services.audit.record({
    actor: { kind: 'staff', id: staffId },
    action: 'customer.view',
    subject: await services.vault.pseudonym(db, me.id),
    categories: ['user.name', 'user.contact.email'],
    access: 'masked',
    detail: { roles: 'customer_service' },
  });
  return { ...me, reference: order.reference };
}

async function finished(type: RequestType, customerId: string): Promise<string> {
  const view = await services.rights.requests.create({
    type,
    channel: 'self_service',
    customerId,
    verified: true,
  });
  await services.rights.runner.run(view.id);
  expect((await services.rights.requests.get(view.id)).status).toBe('done');
  return view.id;
}

async function download(id: string, cookie: string) {
  const res = await app.request(`/api/rights/requests/${id}/export`, { headers: { cookie } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/zip');
  const raw = unzipSync(new Uint8Array(await res.arrayBuffer()));
  // Keep the byte-order mark (a plain decode would drop it) to check it is there.
  const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  const files = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, utf8.decode(v)]));
  return { disposition: res.headers.get('content-disposition') ?? '', files };
}

type DataJson = {
  type: string;
  modules: Record<string, Record<string, Record<string, unknown>[]>>;
  disclosures?: { recipient: string; purpose: string; status: string }[];
  accessLog?: { action: string; actor: string; roles: string[]; system: string | null }[];
};

/** The visible text of an HTML fragment, entities decoded and white space collapsed. */
function textOf(html: string): string {
  return html
    .replace(/<[^>]+>/g, ' ')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&amp;', '&')
    .replace(/\s+/g, ' ');
}

/** The text of the summary's section with this id, up to the next h2. */
function section(html: string, id: string): string {
  const start = html.indexOf(`<h2 id="${id}">`);
  expect(start, `section ${id}`).toBeGreaterThanOrEqual(0);
  const end = html.indexOf('<h2', start + 4);
  return textOf(html.slice(start, end === -1 ? undefined : end));
}

describe('the access package', () => {
  it(
    'holds every registered module’s rows in data.json and one valid CSV per category',
    proves('right:access'),
    async () => {
      const me = await seededCustomer('en');
      const id = await finished('access', me.id);
      const { disposition, files } = await download(id, me.cookie);
      expect(disposition).toMatch(/^attachment; filename="my-data-\d{4}-\d{2}-\d{2}\.zip"$/);

      const data = JSON.parse(files['data.json']!) as DataJson;
      expect(data.type).toBe('access');
      // Every module holds something of this customer, but those that only hold the outcome of a
      // restriction, an objection or a correction, which she never asked for, or a legal hold,
      // which staff never placed on her.
      // The disclosure log is data.json's own top-level `disclosures`, not a module section.
      // So is the audit log: data.json's `accessLog`, and the Art. 14 notices: `sourceNotices`.
      // She was told of no breach (src/breaches).
      const neverAsked = new Set([
        'breach_notices',
        'objections',
        'restrictions',
        'retention_holds',
        'request_details',
        'disclosures',
        'audit',
        'source_notices',
        // Nor was she sent a campaign or told of a policy version.
        'campaigns',
        'policy_notices',
      ]);
      const registered = services.rights.registry
        .modules()
        .map((m) => m.name)
        .filter((name) => !neverAsked.has(name));
      expect(Object.keys(data.modules).sort()).toEqual([...registered].sort());
      for (const name of registered) {
        const categories = Object.keys(data.modules[name]!);
        expect(categories.length, name).toBeGreaterThan(0);
        const declared = services.rights.registry.get(name)!.categories;
        for (const c of categories) expect(declared, `${name} ${c}`).toContain(c);
      }
      const json = files['data.json']!;
      expect(json).toContain(me.email);
      expect(json).toContain(me.reference);
      expect(data.modules.orders!['user.financial.credit']).toHaveLength(1);
      expect(data.modules.browsing!['user.browsing']![0]).toMatchObject({ search: 'lace' });
      expect(data.disclosures?.filter((d) => d.status === 'sent').map((d) => d.recipient)).toEqual(
        expect.arrayContaining(['avarda_credit', 'db_schenker']),
      );
      // Who looked at her data and when: staff by role (never by account id), jobs by name.
      expect(data.accessLog).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            action: 'customer.view',
            actor: 'staff',
            roles: ['customer_service'],
          }),
          expect.objectContaining({
            action: 'disclosure.sent',
            actor: 'system',
            system: 'disclosure-gate',
          }),
        ]),
      );
      expect(json).not.toContain(staffId);

      // One CSV per module and category, each a strict RFC 4180 document with a BOM.
      const csvNames = Object.keys(files).filter((f) => f.startsWith('csv/'));
      const expected = Object.entries(data.modules).flatMap(([m, s]) =>
        Object.keys(s).map((c) => `csv/${m}.${c}.csv`),
      );
      expect(csvNames.sort()).toEqual(expected.sort());
      for (const name of csvNames) {
        const text = files[name]!;
        expect(text.startsWith('\uFEFF'), name).toBe(true);
        const [, module, category] = /^csv\/([a-z_]+)\.(.+)\.csv$/.exec(name)!;
        const rows = parseCsv(text);
        expect(rows.length, name).toBe(1 + data.modules[module!]![category!]!.length);
        for (const r of rows) expect(r.length, name).toBe(rows[0]!.length);
      }

      // Escaped and defused: quotes, commas and the line break survive; the formula does not run.
      const reviews = parseCsv(files['csv/reviews.user.review.csv']!);
      const textColumn = reviews[0]!.indexOf('text');
      expect(reviews[1]![textColumn]).toBe(`'${reviewText}`);
      const purchases = parseCsv(files['csv/orders.user.purchase_history.csv']!);
      const reference = purchases[0]!.indexOf('reference');
      expect(purchases[1]![reference]).toBe(me.reference);
      expect(JSON.parse(purchases[1]![purchases[0]!.indexOf('lines')]!)).toEqual([
        expect.objectContaining({ product: slug, quantity: 1 }),
      ]);
      // Nested objects become dotted columns.
      expect(parseCsv(files['csv/orders.user.financial.credit.csv']!)[0]).toContain(
        'source.partner',
      );

      // The privacy center links to it.
      const page = await app.request('/privacy-center?lang=en', { headers: { cookie: me.cookie } });
      const html = await page.text();
      expect(html).toContain(`/api/rights/requests/${id}/export`);
      expect(html).toContain('Download (ZIP: summary, JSON, CSV)');
    },
  );

  it.each(['en', 'fi'] as const)(
    'summary.html in %s has every item of Art. 15(1)–(2), from the manifest and the log',
    async (lang) => {
      const manifest = services.policy.manifest;
      const me = await seededCustomer(lang);
      const { files } = await download(await finished('access', me.id), me.cookie);
      const html = files['summary.html']!;
      expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
      expect(html).toContain(`<html lang="${lang}">`);
      // Self-contained: no scripts, nothing loaded from elsewhere.
      expect(html).not.toMatch(/<script|<link|<img|<iframe|\ssrc=/i);

      // (a) purposes, with their legal bases.
      const purposes = section(html, 'purposes');
      for (const key of ['order_fulfilment', 'credit_decision', 'customer_relationship'])
        expect(purposes).toContain(manifest.purposes[key]!.label[lang]);
      // (b) categories, (d) retention per category.
      const categories = section(html, 'categories');
      for (const key of ['user.name', 'user.review', 'user.financial.credit', 'user.browsing'])
        expect(categories).toContain(manifest.categories[key]!.label[lang]);
      expect(categories).toContain(manifest.retention.accounting_vouchers!.label[lang]);
      expect(categories).toContain(manifest.retention.browsing!.label[lang]);
      // (c) the recipients the disclosure log shows, and only those.
      const disclosed = section(html, 'disclosed');
      expect(disclosed).toContain(manifest.recipients.db_schenker!.label[lang]);
      expect(disclosed).toContain(manifest.recipients.avarda_credit!.label[lang]);
      expect(disclosed).not.toContain(manifest.recipients.posti!.label[lang]);
      expect(disclosed).not.toContain(manifest.recipients.budbee!.label[lang]);
      // (c) every declared recipient, and Art. 15(2) the safeguard of each transfer.
      const declared = section(html, 'recipients');
      for (const r of Object.values(manifest.recipients)) {
        expect(declared).toContain(r.label[lang]);
        expect(declared).toContain(transferTerms[r.transfer.basis][lang]);
      }
      expect(declared).toContain(manifest.recipients.whatsapp!.transfer.note![lang]);
      // (c) who at the store looked at the data: by role, from the audit log.
      const accessed = section(html, 'accessed');
      expect(accessed).toContain(manifest.roles.customer_service!.label[lang]);
      expect(accessed).toContain(manifest.categories['user.name']!.label[lang]);
      expect(accessed).not.toContain(staffId);
      // (e) the rights.
      const rights = section(html, 'rights');
      for (const r of [
        'rectification',
        'erasure',
        'restriction',
        'objection',
        'portability',
        'withdraw_consent',
      ] as const)
        expect(rights).toContain(rightTerms[r].label[lang]);
      // (f) the complaint route.
      expect(section(html, 'complaint')).toContain(manifest.supervisoryAuthority.name[lang]);
      // (g) sources other than the person: the sign-in provider and Avarda, with dates.
      const sources = section(html, 'sources');
      expect(sources).toContain(manifest.sources.sign_in_providers!.label[lang]);
      expect(sources).toContain(manifest.sources.avarda!.label[lang]);
      // The provider that supplied the data, by name.
      expect(sources).toMatch(/Google,/);
      expect(sources).not.toContain('(google)');
      // A generic recipient by its label alone, never "Authorities (Authorities)".
      for (const r of Object.values(manifest.recipients))
        expect(html).not.toContain(`${r.label[lang]} (${r.label.en})`);
      // Her own identity code, in full: it is her data, in her own copy.
      expect(files['data.json']).toContain('131052-308T');
      expect(sources).not.toContain(manifest.categories['user.browsing']!.label[lang]);
      // (h) the automated credit decision: its logic and significance, and the one made.
      const automated = section(html, 'automated');
      expect(automated).toContain(
        manifest.purposes.credit_decision!.automatedDecision![lang].replace(/\s+/g, ' '),
      );
      expect(automated).toMatch(/invoice.*approved|approved.*invoice/i);
    },
  );
});

describe('the legal holds in the access package', () => {
  it('are the customer’s own, released ones too, and never another customer’s', async () => {
    const me = await seededCustomer('en');
    const until = new Date(Date.now() + 90 * 86_400_000);
    const holds = services.retention.holds;
    const place = (customerId: string) =>
      holds.place({ customerId, reason: 'A chargeback dispute.', until, placedBy: 'cli' });
    const released = await place(me.id);
    await holds.release(released.id, 'cli');
    await place(me.id);
    await place(randomUUID());
    const { files } = await download(await finished('access', me.id), me.cookie);
    const data = JSON.parse(files['data.json']!) as DataJson;
    const rows = data.modules.retention_holds!['user.technical.logs']!;
    expect(rows).toHaveLength(2);
    expect(rows.filter((r) => r.releasedAt !== null)).toHaveLength(1);
    // The reason is staff's record of a legal claim: it stays sealed.
    expect(files['data.json']).not.toContain('chargeback');
  });
});

describe('the access summary of a customer who never signed in with Google or Facebook', () => {
  it('names no sign-in provider as a source of her data', async () => {
    const manifest = services.policy.manifest;
    const me = await seededCustomer('fi', { signIn: false });
    const { files } = await download(await finished('access', me.id), me.cookie);
    const sources = section(files['summary.html']!, 'sources');
    expect(sources).toContain(manifest.sources.avarda!.label.fi);
    expect(sources).not.toContain(manifest.sources.sign_in_providers!.label.fi);
  });
});

describe('the portability package', () => {
  it(
    'holds only what the customer provided, as JSON and CSV, under its own name',
    proves('right:portability'),
    async () => {
      const me = await seededCustomer('en');
      const { disposition, files } = await download(
        await finished('portability', me.id),
        me.cookie,
      );
      expect(disposition).toMatch(/filename="my-portable-data-\d{4}-\d{2}-\d{2}\.zip"/);
      expect(files['summary.html']).toBeUndefined();
      const data = JSON.parse(files['data.json']!) as DataJson;
      expect(data.type).toBe('portability');
      expect(data.disclosures).toBeUndefined();
      const categories = Object.values(data.modules).flatMap((s) => Object.keys(s));
      for (const c of categories) expect(PROVIDED_CATEGORIES.has(c), c).toBe(true);
      expect(categories).toEqual(expect.arrayContaining(['user.purchase_history', 'user.review']));
      // Derived: the credit decision, browsing, the identity code stay out.
      for (const c of ['user.financial.credit', 'user.browsing', 'user.identity_code'])
        expect(categories).not.toContain(c);
      expect(Object.keys(data.modules)).not.toContain('browsing');
      for (const name of Object.keys(files).filter((f) => f.startsWith('csv/')))
        expect(PROVIDED_CATEGORIES.has(/^csv\/[a-z_]+\.(.+)\.csv$/.exec(name)![1]!), name).toBe(
          true,
        );
    },
  );
});

describe('who gets the package', () => {
  it('only its owner, while the data exists: anyone else, and everyone after erasure, gets 404', async () => {
    const me = await seededCustomer('en');
    const other = await signedInCustomer(services);
    const id = await finished('access', me.id);
    const get = (rid: string, cookie?: string) =>
      app.request(`/api/rights/requests/${rid}/export`, cookie ? { headers: { cookie } } : {});
    const theirs = await get(id, other.cookie);
    const missing = await get(randomUUID(), other.cookie);
    expect(theirs.status).toBe(404);
    expect(await theirs.text()).toBe(await missing.text());
    expect((await get(id)).status).toBe(404);
    // Not finished yet: not found either.
    const waiting = await services.rights.requests.create({
      type: 'access',
      channel: 'self_service',
      customerId: me.id,
      verified: true,
    });
    expect((await get(waiting.id, me.cookie)).status).toBe(404);

    const pkg = await services.rights.requests.packageFor(id);
    expect(pkg.contentType).toBe('application/zip');
    expect(Object.keys(unzipSync(pkg.bytes))).toContain('summary.html');

    await finished('erasure', me.id);
    await expect(services.rights.requests.packageFor(id)).rejects.toMatchObject({
      code: 'not_found',
    });
  });
});
