/**
 * Art. 14 notices for Avarda's credit data (issue 14): an invoice order tells the buyer once per
 * person and source (a second order, a retry of the send and concurrent orders add none), the
 * duty is committed with the data so a send that fails or never happens is made good by the
 * sweep within the month, and the record is in the person's data copy and goes with erasure.
 * The Google/Facebook half over a real OpenID provider is test/customers/source-notice-oidc.test.ts.
 */
import { randomUUID } from 'node:crypto';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutgoingMail } from '../../src/notify/mailer.ts';
import { PaymentDeclinedError } from '../../src/orders/order-errors.ts';
import type { PlaceOrderInput } from '../../src/orders/place-order.ts';
import { SourceNoticeService } from '../../src/rights/source-notices/source-notices.service.ts';
import { createLogger } from '../../src/kit/log.ts';
import { createTestServices, type TestServices } from '../support/services.ts';

const validCode = '131052-308T';
let services: TestServices;

beforeAll(async () => {
  services = await createTestServices();
});
afterAll(() => services?.close());

const contact = (email: string) => ({
  name: 'Kaisa Ylitalo-Testinen',
  email,
  phone: '+358401112233',
  street: 'Kalliolantie 77 B 9',
  postalCode: '70620',
  city: 'Kuopio',
});
const invoice = (email: string, over: Partial<PlaceOrderInput> = {}): PlaceOrderInput => ({
  customerId: undefined,
  lang: 'fi',
  cart: [{ slug: 'aurora-lace-brief', size: 'M', quantity: 1 }],
  contact: contact(email),
  carrier: 'posti',
  paymentMethod: 'invoice',
  identityCode: validCode,
  whatsappNotices: false,
  ...over,
});

/** The Art. 14 mails in the outbox to `email`, opened. */
async function noticesTo(email: string) {
  const out = [];
  for (const entry of await services.notify.outbox.list(500)) {
    if (entry.template !== 'source_notice') continue;
    const opened = await services.notify.outbox.open(entry.id);
    if (opened?.message?.to === email) out.push(opened.message);
  }
  return out;
}

const rowsFor = (emailIndex: string) =>
  services.database.db
    .selectFrom('source_notices')
    .selectAll()
    .where('email_index', '=', emailIndex)
    .execute();

describe('Art. 14 notices for Avarda credit data', () => {
  it('a guest invoice order tells the buyer once, in her language, and a second order adds none', async () => {
    const email = `guest.${randomUUID()}@example.fi`;
    await services.orders.place(invoice(email));
    const mails = await noticesTo(email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe('Mitä tietoja saimme sinusta palvelusta Avarda');
    expect(mails[0]!.text).toContain('Luottopäätös lasku- tai osamaksua varten');
    expect(mails[0]!.text).toContain('Tietosuojavaltuutetun toimisto');

    await services.orders.place(invoice(email));
    await services.orders.place(
      invoice(email, {
        paymentMethod: 'part_payment',
        cart: [{ slug: 'aurora-lace-brief', size: 'M', quantity: 5 }],
      }),
    );
    expect(await noticesTo(email)).toHaveLength(1);
    const rows = await rowsFor(services.vault.blindIndex('email', email));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.sent_at).toBeInstanceOf(Date);
    // Due one month after the data arrived (Art. 14(3)(a)).
    const due = new Date(rows[0]!.received_at);
    due.setUTCMonth(due.getUTCMonth() + 1);
    expect(rows[0]!.due_at.getUTCDate()).toBeLessThanOrEqual(due.getUTCDate());
    expect(rows[0]!.due_at.getTime()).toBeGreaterThan(rows[0]!.received_at.getTime());
  });

  it('a declined credit decision is data from Avarda too: the buyer is told', async () => {
    const email = `declined.${randomUUID()}@example.fi`;
    // Born 2016: a minor, declined (docs/shop.md).
    await expect(
      services.orders.place(invoice(email, { identityCode: '010516B903X', lang: 'sv' })),
    ).rejects.toBeInstanceOf(PaymentDeclinedError);
    const mails = await noticesTo(email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe('Vilka uppgifter vi fick om dig från Avarda');
  });

  it('concurrent invoice orders of one buyer record and send one notice', async () => {
    const email = `concurrent.${randomUUID()}@example.fi`;
    await Promise.all([1, 2, 3].map(() => services.orders.place(invoice(email))));
    expect(await noticesTo(email)).toHaveLength(1);
    expect(await rowsFor(services.vault.blindIndex('email', email))).toHaveLength(1);
  });

  it('a signed-in customer is told once, by account', async () => {
    const email = `customer.${randomUUID()}@example.fi`;
    const customerId = await services.customers.signIn.withProvider(
      {
        provider: 'google',
        issuer: 'https://accounts.example',
        sub: randomUUID(),
        email,
        emailVerified: true,
        name: 'Kaisa',
        vouchesForEmail: true,
      },
      'en',
    );
    await services.orders.place(invoice(email, { customerId, lang: 'en' }));
    await services.orders.place(invoice(email, { customerId, lang: 'en' }));
    const subjects = (await noticesTo(email)).map((m) => m.subject).sort();
    expect(subjects).toEqual([
      'What we received about you from Avarda',
      'What we received about you from Google',
    ]);
  });
});

describe('a notice whose send fails or never happens', () => {
  const failing = {
    dkimSigned: false,
    send: (_mail: OutgoingMail) => Promise.reject(new Error('smtp down')),
    sendMany: () => Promise.reject(new Error('smtp down')),
  };

  it('stays owed with the data, and the sweep sends it once', async () => {
    const email = `crash.${randomUUID()}@example.fi`;
    const db = services.database.db;
    // The store, with mail down: the order and the duty commit, the mail does not go.
    const down = new SourceNoticeService({
      db,
      vault: services.vault,
      mailer: failing,
      manifest: () => services.policy.manifest,
      log: createLogger('silent'),
    });
    const id = await db.transaction().execute((trx) =>
      down.record(trx, {
        source: 'avarda',
        customerId: null,
        subjectId: `guest_${randomUUID()}`,
        emailIndex: services.vault.blindIndex('email', email),
        email,
        lang: 'en',
        receivedAt: new Date(),
      }),
    );
    await down.deliver(id);
    const [row] = await rowsFor(services.vault.blindIndex('email', email));
    expect(row).toMatchObject({ sent_at: null, attempts: 1, lease_until: null });
    expect(await noticesTo(email)).toHaveLength(0);

    // The sweep (the retention run's housekeeping) sends it; a second sweep sends nothing.
    expect(await services.sourceNotices.sendOwed()).toBeGreaterThanOrEqual(1);
    expect(await noticesTo(email)).toHaveLength(1);
    expect(await services.sourceNotices.sendOwed()).toBe(0);
    await services.sourceNotices.deliver(id);
    expect(await noticesTo(email)).toHaveLength(1);
  });

  it('a crash after the commit and before the send: the sweep finds it', async () => {
    const email = `killed.${randomUUID()}@example.fi`;
    const db = services.database.db;
    // `record` committed, the process died before `deliver`.
    await db.transaction().execute((trx) =>
      services.sourceNotices.record(trx, {
        source: 'facebook',
        customerId: null,
        subjectId: `guest_${randomUUID()}`,
        emailIndex: services.vault.blindIndex('email', email),
        email,
        lang: 'fi',
        receivedAt: new Date(),
      }),
    );
    expect(await noticesTo(email)).toHaveLength(0);
    await services.sourceNotices.sendOwed();
    const mails = await noticesTo(email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe('Mitä tietoja saimme sinusta palvelusta Facebook');
  });

  it('the daily retention run sends a notice owed past its due date', async () => {
    const email = `overdue.${randomUUID()}@example.fi`;
    const receivedAt = new Date(Date.now() - 40 * 86_400_000);
    await services.database.db.transaction().execute((trx) =>
      services.sourceNotices.record(trx, {
        source: 'avarda',
        customerId: null,
        subjectId: `guest_${randomUUID()}`,
        emailIndex: services.vault.blindIndex('email', email),
        email,
        lang: 'sv',
        receivedAt,
      }),
    );
    const [owed] = await rowsFor(services.vault.blindIndex('email', email));
    expect(owed!.due_at.getTime()).toBeLessThan(Date.now());
    await services.retention.run('test');
    expect(await noticesTo(email)).toHaveLength(1);
    const [row] = await rowsFor(services.vault.blindIndex('email', email));
    expect(row!.sent_at).toBeInstanceOf(Date);
  });

  it('a sender holding the lease keeps a concurrent one out', async () => {
    const email = `lease.${randomUUID()}@example.fi`;
    const db = services.database.db;
    const id = await db.transaction().execute((trx) =>
      services.sourceNotices.record(trx, {
        source: 'avarda',
        customerId: null,
        subjectId: `guest_${randomUUID()}`,
        emailIndex: services.vault.blindIndex('email', email),
        email,
        lang: 'en',
        receivedAt: new Date(),
      }),
    );
    await Promise.all([
      services.sourceNotices.deliver(id),
      services.sourceNotices.deliver(id),
      services.sourceNotices.sendOwed(),
    ]);
    expect(await noticesTo(email)).toHaveLength(1);
  });

  it('a rolled-back arrival owes nothing', async () => {
    const email = `rolledback.${randomUUID()}@example.fi`;
    const db = services.database.db;
    await expect(
      db.transaction().execute(async (trx) => {
        await services.sourceNotices.record(trx, {
          source: 'avarda',
          customerId: null,
          subjectId: `guest_${randomUUID()}`,
          emailIndex: services.vault.blindIndex('email', email),
          email,
          lang: 'en',
          receivedAt: new Date(),
        });
        throw new Error('the data did not arrive after all');
      }),
    ).rejects.toThrow();
    expect(await rowsFor(services.vault.blindIndex('email', email))).toHaveLength(0);
  });
});

describe('the record of notices in the data copy and in erasure', () => {
  it('is in data.json and summary.html of an access request', async () => {
    const email = `copy.${randomUUID()}@example.fi`;
    const customerId = await services.customers.signIn.withProvider(
      {
        provider: 'facebook',
        issuer: 'https://facebook.example',
        sub: randomUUID(),
        email,
        emailVerified: true,
        name: 'Kaisa',
        vouchesForEmail: true,
      },
      'sv',
    );
    await services.orders.place(invoice(email, { customerId, lang: 'sv' }));
    const access = await services.rights.requests.create({
      type: 'access',
      channel: 'self_service',
      customerId,
      verified: true,
    });
    await services.rights.runner.run(access.id);
    const files = unzipSync((await services.rights.requests.packageFor(access.id)).bytes);
    const data = JSON.parse(strFromU8(files['data.json']!)) as {
      sourceNotices: Record<string, unknown>[];
    };
    expect(data.sourceNotices).toEqual([
      expect.objectContaining({ source: 'facebook', sourceName: 'Facebook', sentTo: email }),
      expect.objectContaining({ source: 'avarda', sourceName: 'Avarda', sentTo: email }),
    ]);
    for (const n of data.sourceNotices) expect(n.sentAt).toEqual(expect.any(String));
    const html = strFromU8(files['summary.html']!);
    const notices = html.slice(html.indexOf('id="notices"'), html.indexOf('id="automated"'));
    expect(notices).toContain('<td>');
    expect(notices).toContain('Facebook');
    expect(notices).toContain('Avarda');
    expect(notices).toContain('Vad vi berättade för dig om uppgifter från andra');
  });

  it('goes with erasure, and the kept notice mail of a guest with it', async () => {
    const email = `erased.${randomUUID()}@example.fi`;
    await services.orders.place(invoice(email, { lang: 'en' }));
    const module = services.rights.registry.get('source_notices')!;
    const subject = { customerId: null, emailIndex: services.vault.blindIndex('email', email) };
    const db = services.database.db;
    const [row] = await rowsFor(subject.emailIndex);
    const kept = () =>
      db
        .selectFrom('notify_outbox')
        .select('id')
        .where('customer_id', '=', row!.subject_id)
        .where('template', '=', 'source_notice')
        .execute();
    expect(await kept()).toHaveLength(1);
    await module.erase(db, subject, { requestId: randomUUID(), keep: [] });
    expect(await rowsFor(subject.emailIndex)).toEqual([]);
    expect(await kept()).toEqual([]);
  });
});
