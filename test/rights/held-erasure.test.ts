/**
 * A customer's own erasure under a legal hold (issue 13, GDPR Art. 17(3)(e)): what the hold covers
 * is kept, exactly, and everything else is erased; the request is fulfilled in part and the mail
 * says what was kept, that it is needed for legal claims (never the hold's reason), until when,
 * and where to complain, in en, fi and sv; the hold's end (release, or expiry seen by the
 * retention run) completes the erasure once, resumably, and mails again. The row-level proof
 * (test/support/erasure-proof.ts) checks both halves.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app/app.ts';
import { createLogger } from '../../src/kit/log.ts';
import { openContact } from '../../src/orders/order-contact.ts';
import { HeldErasures } from '../../src/rights/engine/held-erasures.ts';
import { HoldService } from '../../src/retention/holds.service.ts';
import { leftoversInDatabase, tablesOf } from '../support/erasure-proof.ts';
import { staffMember } from '../support/staff.ts';
import { createTestServices, type TestServices } from '../support/services.ts';
import { startSmtp, type TestSmtp } from '../support/smtp.ts';
import { createFullCustomer, type FullCustomer } from './full-customer.ts';

const REASON = 'Chargeback dispute 2031-17 against Kuopio store';
const day = 86_400_000;
let services: TestServices;
let smtp: TestSmtp;

beforeAll(async () => {
  smtp = await startSmtp();
  services = await createTestServices({ SMTP_URL: smtp.url });
}, 120_000);
afterAll(async () => {
  await services?.close();
  await smtp?.stop();
});

const db = () => services.database.db;

async function customerIn(lang: 'en' | 'fi' | 'sv'): Promise<FullCustomer> {
  const person = await createFullCustomer(services);
  await db().updateTable('customers').set({ lang }).where('id', '=', person.customerId).execute();
  return person;
}

async function erase(customerId: string): Promise<string> {
  const request = await services.rights.requests.create({
    type: 'erasure',
    channel: 'self_service',
    customerId,
    verified: true,
  });
  await services.rights.runner.run(request.id);
  return request.id;
}

async function stepsOf(requestId: string): Promise<string[]> {
  const rows = await db()
    .selectFrom('dsr_request_steps')
    .select('step')
    .where('request_id', '=', requestId)
    .execute();
  return rows.map((r) => r.step);
}

async function ordersOf(customerId: string) {
  return db()
    .selectFrom('orders')
    .select(['id', 'reference', 'subject_id', 'contact_sealed', 'payment_method'])
    .where('customer_id', '=', customerId)
    .orderBy('created_at')
    .execute();
}

const untilIn = (days: number) => new Date(Date.now() + days * day);
const isoDay = (d: Date) => d.toISOString().slice(0, 10);

describe('an erasure under a legal hold on the customer', () => {
  let anna: FullCustomer;
  let requestId: string;
  let holdId: string;
  const until = untilIn(200);

  it('keeps exactly what the hold covers, erases the rest, and ends fulfilled in part', async () => {
    anna = await customerIn('en');
    holdId = (
      await services.retention.holds.place({
        customerId: anna.customerId,
        reason: REASON,
        until,
        placedBy: 'cli',
      })
    ).id;
    requestId = await erase(anna.customerId);

    const view = await services.rights.requests.get(requestId);
    expect(view.status).toBe('partial');
    expect(view.heldUntil).toBe(until.toISOString());
    expect(view.completedAt).toBeNull();

    // Her identifiers are left only where the manifest keeps them after any erasure, and in the
    // tables of the modules a customer hold keeps; every other module's rows are gone.
    const modules = services.rights.registry.modules();
    const heldTables = new Set(
      modules
        .filter((m) => m.keptUnderCustomerHold)
        .flatMap((m) => m.tables.map((t) => `public.${t}`)),
    );
    const left = tablesOf(await leftoversInDatabase(db(), anna.identifiers));
    expect(left.filter((t) => !heldTables.has(t))).toEqual([]);
    // Control: the hold did keep her account and her pseudonym links (found by the proof).
    expect(left).toEqual(expect.arrayContaining(['public.customers', 'public.vault_pseudonyms']));
    expect(
      await db().selectFrom('customers').select('id').where('id', '=', anna.customerId).execute(),
    ).toHaveLength(1);
    // What the hold does not cover is erased: reviews, the newsletter, restrictions.
    for (const table of ['reviews', 'newsletter_subscriptions', 'processing_restrictions'] as const)
      expect(
        await db()
          .selectFrom(table)
          .select('customer_id')
          .where('customer_id', '=', anna.customerId)
          .execute(),
        table,
      ).toEqual([]);
    const steps = await stepsOf(requestId);
    expect(steps).toEqual(expect.arrayContaining(['holds', 'capture', 'confirm', 'held']));
    expect(steps).not.toContain('done');
  });

  it('closes the kept account: no session, no sign-in by its address, the address free again', async () => {
    const bob = await customerIn('en');
    await services.retention.holds.place({
      customerId: bob.customerId,
      reason: REASON,
      until,
      placedBy: 'cli',
    });
    const live = await services.customers.sessions.start(bob.customerId);
    expect(await services.customers.sessions.resolve(live.secret)).toBeDefined();
    await erase(bob.customerId);

    // The account is kept (the hold) but nothing opens it: its sessions ended…
    expect(await services.customers.sessions.resolve(live.secret)).toBeUndefined();
    // …and neither a password sign-in nor registration finds it by the address any more.
    const row = await db()
      .selectFrom('customers')
      .select(['email_index', 'password_hash', 'profile_record'])
      .where('id', '=', bob.customerId)
      .executeTakeFirstOrThrow();
    expect(row.email_index).not.toBe(services.vault.blindIndex('email', bob.email));
    expect(row.password_hash).toBeNull();
    expect(row.profile_record).not.toBeNull(); // the sealed profile itself stays for the claim
    await expect(
      services.customers.signIn.withPassword(bob.email, 'any password at all', '127.0.0.9'),
    ).rejects.toThrow();
    // Anna's erasure (the test above) ended the session her account had the same way.
    expect(
      await db()
        .selectFrom('customer_sessions')
        .select('customer_id')
        .where('customer_id', '=', anna.customerId)
        .execute(),
    ).toEqual([]);
  });

  it('mails what was kept, why (legal claims, not the reason) and until when', async () => {
    const mail = await smtp.waitFor(anna.email, { subject: /part of your data is kept/ });
    expect(mail.subject).toBe('Your erasure request: part of your data is kept for now');
    expect(mail.text).toContain(
      'needed for the establishment, exercise or defence of legal claims (GDPR Art. 17(3)(e))',
    );
    expect(mail.text).toContain(`until ${isoDay(until)} at the latest`);
    expect(mail.text).toContain('Office of the Data Protection Ombudsman');
    expect(mail.text).toContain('bring the matter before a court');
    expect(mail.text).not.toContain('Chargeback');
    expect(mail.text).not.toContain(REASON);
  });

  it('shows staff the request kept under hold, and the hold with the erasure waiting on it', async () => {
    const queued = (await services.rights.requests.listOpen()).find((r) => r.id === requestId);
    expect(queued).toMatchObject({
      status: 'partial',
      heldUntil: until.toISOString(),
      daysLeft: null,
    });
    const hold = (await services.retention.holds.list()).find((h) => h.id === holdId);
    expect(hold?.erasuresWaiting).toEqual([requestId]);
    // The console's queue and the request's page say it in the staff member's words.
    const { cookie } = await staffMember(services, ['customer_service']);
    const app = createApp(services);
    for (const path of ['/staff/requests', `/staff/requests/${requestId}`]) {
      const res = await app.request(`${path}?lang=en`, {
        headers: { accept: 'text/html', cookie },
      });
      expect(res.status, path).toBe(200);
      const html = await res.text();
      expect(html, path).toContain('kept under legal hold until');
      expect(html, path).toContain(isoDay(until));
      expect(html, path).not.toContain('Chargeback');
    }
    // Staff cannot push the rest through while the hold lasts.
    await expect(services.rights.requests.fulfil(requestId)).rejects.toThrow(/legal hold/);
    // Running it again changes nothing while the hold is in force.
    await services.rights.runner.run(requestId);
    expect((await services.rights.requests.get(requestId)).status).toBe('partial');
  });

  it('completes the erasure when the hold is released, and mails that it is done', async () => {
    const before = smtp.messages.length;
    const released = await services.retention.holds.release(holdId, 'cli');
    expect(released.erasuresWaiting).toEqual([]);
    const view = await services.rights.requests.get(requestId);
    expect(view.status).toBe('done');
    expect(view.heldUntil).toBeUndefined();
    // Now exactly what any erasure leaves: the standard row-level proof.
    expect(await leftoversInDatabase(db(), anna.identifiers)).toEqual([]);
    const steps = await stepsOf(requestId);
    for (const m of services.rights.registry.modules().filter((m) => m.keptUnderCustomerHold))
      expect(
        steps.filter((s) => s === `erase-held:${m.name}`),
        m.name,
      ).toHaveLength(1);
    expect(steps).toEqual(expect.arrayContaining(['hold-ended', 'confirm-held', 'done']));
    const mail = await smtp.waitFor(anna.email, { after: before, subject: /now erased/ });
    expect(mail.subject).toBe('The rest of your personal data is now erased');
    expect(mail.text).toContain('Office of the Data Protection Ombudsman');
    expect(mail.text).not.toContain('Chargeback');
    // Nothing more to do: a second completion finds nothing, and sends nothing.
    expect(await services.rights.heldErasures.complete()).toBe(0);
    // One mail since the release: the news that the rest is erased, sent once.
    expect(smtp.messages.slice(before).filter((m) => m.to.includes(anna.email))).toHaveLength(1);
  });
});

describe('an erasure under a legal hold on one order', () => {
  let liisa: FullCustomer;
  let requestId: string;
  let heldOrder: Awaited<ReturnType<typeof ordersOf>>[number];
  let holdId: string;
  const until = untilIn(90);

  it('keeps that order and what identifies its buyer, and erases the rest', async () => {
    liisa = await customerIn('fi');
    const orders = await ordersOf(liisa.customerId);
    heldOrder = orders.find((o) => o.payment_method === 'invoice')!;
    expect(heldOrder).toBeDefined();
    holdId = (
      await services.retention.holds.place({
        orderId: heldOrder.id,
        reason: REASON,
        until,
        placedBy: 'cli',
      })
    ).id;
    requestId = await erase(liisa.customerId);
    expect((await services.rights.requests.get(requestId)).status).toBe('partial');

    // The account is gone, as are her reviews and her guest order's contact copy.
    expect(
      await db().selectFrom('customers').select('id').where('id', '=', liisa.customerId).execute(),
    ).toEqual([]);
    expect(
      await db()
        .selectFrom('reviews')
        .select('id')
        .where('customer_id', '=', liisa.customerId)
        .execute(),
    ).toEqual([]);
    const guest = await db()
      .selectFrom('orders')
      .select(['contact_sealed'])
      .where('email_index', '=', liisa.identifiers['blind index'][0]!)
      .where('customer_id', 'is', null)
      .execute();
    expect(guest.length).toBeGreaterThan(0);
    for (const g of guest) expect(g.contact_sealed).toBeNull();
    // The held order keeps its buyer's contact copy, readable under her profile key.
    const [kept] = (await ordersOf(liisa.customerId)).filter((o) => o.id === heldOrder.id);
    const contact = await openContact(services.vault, db(), kept!.subject_id, kept!.contact_sealed);
    expect(contact?.email).toBe(liisa.email);
    const steps = await stepsOf(requestId);
    expect(steps).toEqual(expect.arrayContaining(['held', 'erase:customer_accounts']));
  });

  it('mails in Finnish which order was kept and until when', async () => {
    const mail = await smtp.waitFor(liisa.email, { subject: /Poistopyyntösi/ });
    expect(mail.subject).toBe('Poistopyyntösi: osa tiedoistasi säilytetään toistaiseksi');
    expect(mail.text).toContain(`Tilaus ${heldOrder.reference} ja sen ostajan yhteystiedot`);
    expect(mail.text).toContain(
      'oikeudellisen vaateen laatimiseksi, esittämiseksi tai puolustamiseksi',
    );
    expect(mail.text).toContain(`enintään ${isoDay(until)} asti`);
    expect(mail.text).toContain('Tietosuojavaltuutetun toimistolle');
    expect(mail.text).not.toContain('Chargeback');
  });

  it('resumes after a crash between the hold’s end and the rest of the erasure, once', async () => {
    // The hold ends without the completion (released by a service that does not complete), and
    // the completer dies right after recording the end: the request is left `running`.
    await new HoldService({ database: services.database, vault: services.vault }).release(
      holdId,
      'cli',
    );
    const dying = new HeldErasures({
      database: services.database,
      holdsOn: services.rights.holdsOn,
      run: () => Promise.reject(new Error('killed')),
      log: createLogger('silent'),
    });
    expect(await dying.complete()).toBe(0);
    expect((await services.rights.requests.get(requestId)).status).toBe('running');
    const before = smtp.messages.length;
    // Start-up (or the closed-account sweep) runs it again: it finishes, each step once.
    await services.rights.runner.run(requestId);
    await services.rights.runner.run(requestId);
    expect((await services.rights.requests.get(requestId)).status).toBe('done');
    const steps = await stepsOf(requestId);
    expect(new Set(steps).size).toBe(steps.length);
    expect(steps.filter((s) => s.startsWith('erase-held:')).sort()).toEqual([
      'erase-held:customer_accounts',
      'erase-held:disclosures',
      'erase-held:orders',
    ]);
    const [kept] = (await ordersOf(liisa.customerId)).filter((o) => o.id === heldOrder.id);
    expect(kept!.contact_sealed).toBeNull();
    expect(await leftoversInDatabase(db(), liisa.identifiers)).toEqual([]);
    const mail = await smtp.waitFor(liisa.email, { after: before, subject: /poistettu/ });
    expect(mail.subject).toBe('Loputkin henkilötietosi on nyt poistettu');
    expect(smtp.messages.slice(before).filter((m) => m.to.includes(liisa.email))).toHaveLength(1);
  });
});

describe('an erasure under a hold that expires', () => {
  it('is completed by the retention run after the end date, in Swedish', async () => {
    const sara = await customerIn('sv');
    const [order] = await ordersOf(sara.customerId);
    const until = new Date(Date.now() + 1500);
    await services.retention.holds.place({
      orderId: order!.id,
      reason: REASON,
      until,
      placedBy: 'cli',
    });
    const requestId = await erase(sara.customerId);
    expect((await services.rights.requests.get(requestId)).status).toBe('partial');
    const mail = await smtp.waitFor(sara.email, { subject: /Din begäran om radering/ });
    expect(mail.text).toContain(`Beställning ${order!.reference} med köparens kontaktuppgifter`);
    expect(mail.text).toContain('fastställa, göra gällande eller försvara rättsliga anspråk');
    expect(mail.text).toContain(`längst till och med ${isoDay(until)}`);
    expect(mail.text).toContain('Dataombudsmannens byrå');

    await new Promise((r) => setTimeout(r, Math.max(0, until.getTime() - Date.now() + 50)));
    const before = smtp.messages.length;
    await services.retention.run('cli');
    expect((await services.rights.requests.get(requestId)).status).toBe('done');
    const done = await smtp.waitFor(sara.email, { after: before, subject: /raderade/ });
    expect(done.subject).toBe('Resten av dina personuppgifter är nu raderade');
    expect(await leftoversInDatabase(db(), sara.identifiers)).toEqual([]);
  }, 120_000);
});

describe('the close-account page of a held customer', () => {
  it('says before confirmation that some data is kept for a legal claim, and until when', async () => {
    const app = createApp(services);
    const expected = {
      en: 'Kept for now because of a legal claim',
      fi: 'Säilytetään toistaiseksi oikeudellisen vaateen vuoksi',
      sv: 'Sparas tills vidare på grund av ett rättsligt anspråk',
    };
    for (const lang of ['en', 'fi', 'sv'] as const) {
      const person = await customerIn(lang);
      const session = await services.customers.sessions.start(person.customerId);
      const get = async () =>
        (
          await app.request(`/privacy-center/close-account?lang=${lang}`, {
            headers: { accept: 'text/html', cookie: `hs_session=${session.secret}` },
          })
        ).text();
      expect(await get()).not.toContain(expected[lang]);
      const until = untilIn(120);
      await services.retention.holds.place({
        customerId: person.customerId,
        reason: REASON,
        until,
        placedBy: 'cli',
      });
      const page = await get();
      expect(page).toContain(expected[lang]);
      expect(page).toContain(isoDay(until));
      expect(page).not.toContain('Chargeback');
    }
  }, 120_000);
});

describe('a hold placed or extended while an erasure waits (Art. 12(3), 17(3)(e))', () => {
  let eeva: FullCustomer;
  let requestId: string;
  let holdId: string;
  const first = untilIn(100);
  const later = untilIn(300);

  const mailsTo = (email: string, after: number) =>
    smtp.messages.slice(after).filter((m) => m.to.includes(email));

  it('tells her the later date once, in Finnish, when her hold is extended', async () => {
    eeva = await customerIn('fi');
    holdId = (
      await services.retention.holds.place({
        customerId: eeva.customerId,
        reason: REASON,
        until: first,
        placedBy: 'cli',
      })
    ).id;
    requestId = await erase(eeva.customerId);
    await smtp.waitFor(eeva.email, { subject: /toistaiseksi/ });
    const before = smtp.messages.length;

    const extended = await services.retention.holds.extend(holdId, later, 'cli');
    expect(extended.until).toEqual(later);
    expect(extended.erasuresWaiting).toEqual([requestId]);
    const mail = await smtp.waitFor(eeva.email, { after: before, subject: /pidempään/ });
    expect(mail.subject).toBe('Poistopyyntösi: osa tiedoistasi säilytetään pidempään');
    expect(mail.text).toContain(`enintään ${isoDay(later)} asti`);
    expect(mail.text).not.toContain(isoDay(first));
    expect(mail.text).toContain(
      'oikeudellisen vaateen laatimiseksi, esittämiseksi tai puolustamiseksi',
    );
    expect(mail.text).toContain('Tietosuojavaltuutetun toimistolle');
    expect(mail.text).not.toContain('Chargeback');
    // Recorded, with the date she was told, and nothing more to tell.
    const steps = await stepsOf(requestId);
    expect(steps).toContain('held-update:1');
    expect(await services.rights.heldErasures.announce()).toBe(0);
    await services.retention.holds.list();
    expect(mailsTo(eeva.email, before)).toHaveLength(1);
    expect((await services.rights.requests.get(requestId)).status).toBe('partial');
  });

  it('shows staff the date she was last told, in the queue, the request and the hold list', async () => {
    expect((await services.rights.requests.get(requestId)).heldUntil).toBe(later.toISOString());
    const queued = (await services.rights.requests.listOpen()).find((r) => r.id === requestId);
    expect(queued?.heldUntil).toBe(later.toISOString());
    const hold = (await services.retention.holds.list()).find((h) => h.id === holdId);
    expect(hold?.erasuresWaiting).toEqual([requestId]);
    const { cookie } = await staffMember(services, ['customer_service']);
    const app = createApp(services);
    for (const path of ['/staff/requests', `/staff/requests/${requestId}`]) {
      const html = await (
        await app.request(`${path}?lang=en`, { headers: { accept: 'text/html', cookie } })
      ).text();
      expect(html, path).toContain(`data-held-until="${later.toISOString()}"`);
      expect(html, path).not.toContain(`data-held-until="${first.toISOString()}"`);
    }
  });

  it('does not mail a new hold that ends before the told date, but the list shows it waiting', async () => {
    const before = smtp.messages.length;
    const shorter = await services.retention.holds.place({
      customerId: eeva.customerId,
      reason: REASON,
      until: untilIn(50),
      placedBy: 'cli',
    });
    expect(shorter.erasuresWaiting).toEqual([requestId]);
    const listed = await services.retention.holds.list();
    expect(listed.find((h) => h.id === shorter.id)?.erasuresWaiting).toEqual([requestId]);
    expect(listed.find((h) => h.id === holdId)?.erasuresWaiting).toEqual([requestId]);
    // The told date stays; no mail went.
    expect((await services.rights.requests.get(requestId)).heldUntil).toBe(later.toISOString());
    await new Promise((r) => setTimeout(r, 200));
    expect(mailsTo(eeva.email, before)).toEqual([]);
  });

  it('tells her again for a new hold that lasts longer still, and completes when all end', async () => {
    const before = smtp.messages.length;
    const latest = untilIn(500);
    const longer = await services.retention.holds.place({
      customerId: eeva.customerId,
      reason: REASON,
      until: latest,
      placedBy: 'cli',
    });
    const mail = await smtp.waitFor(eeva.email, { after: before, subject: /pidempään/ });
    expect(mail.text).toContain(`enintään ${isoDay(latest)} asti`);
    expect((await services.rights.requests.get(requestId)).heldUntil).toBe(latest.toISOString());
    expect(mailsTo(eeva.email, before)).toHaveLength(1);
    // Releasing the longest leaves her waiting on the others: no new date, no completion.
    await services.retention.holds.release(longer.id, 'cli');
    expect((await services.rights.requests.get(requestId)).status).toBe('partial');
    for (const h of await services.retention.holds.list())
      if (h.target.id === eeva.customerId) await services.retention.holds.release(h.id, 'cli');
    expect((await services.rights.requests.get(requestId)).status).toBe('done');
    const done = await smtp.waitFor(eeva.email, { after: before, subject: /poistettu/ });
    expect(done.subject).toBe('Loputkin henkilötietosi on nyt poistettu');
    expect(mailsTo(eeva.email, before)).toHaveLength(2);
  });

  it('tells her of a new order hold in Swedish, and in English, never the reason', async () => {
    for (const [lang, subject, until] of [
      [
        'sv',
        'Din begäran om radering: en del av dina uppgifter sparas längre',
        'längst till och med',
      ],
      ['en', 'Your erasure request: part of your data is kept longer', 'until'],
    ] as const) {
      const person = await customerIn(lang);
      const orders = await ordersOf(person.customerId);
      const held = await services.retention.holds.place({
        orderId: orders[0]!.id,
        reason: REASON,
        until: untilIn(30),
        placedBy: 'cli',
      });
      const id = await erase(person.customerId);
      expect((await services.rights.requests.get(id)).status).toBe('partial');
      const before = smtp.messages.length;
      const newer = untilIn(400);
      const second = await services.retention.holds.place({
        orderId: orders[0]!.id,
        reason: REASON,
        until: newer,
        placedBy: 'cli',
      });
      const mail = await smtp.waitFor(person.email, { after: before, subject: /längre|longer/ });
      expect(mail.subject).toBe(subject);
      expect(mail.text).toContain(`${until} ${isoDay(newer)}`);
      expect(mail.text).toContain(orders[0]!.reference);
      expect(mail.text).not.toContain('Chargeback');
      const waiting = await services.retention.holds.list();
      expect(waiting.find((h) => h.id === second.id)?.erasuresWaiting).toEqual([id]);
      await services.retention.holds.release(held.id, 'cli');
      await services.retention.holds.release(second.id, 'cli');
      expect((await services.rights.requests.get(id)).status).toBe('done');
    }
  }, 120_000);

  it('mails again after a crash between the mail and its record, and records it once', async () => {
    const person = await customerIn('sv');
    const hold = await services.retention.holds.place({
      customerId: person.customerId,
      reason: REASON,
      until: untilIn(40),
      placedBy: 'cli',
    });
    const id = await erase(person.customerId);
    // The hold is extended by a service whose announcer dies right after mailing.
    const dying = new HeldErasures({
      database: services.database,
      holdsOn: services.rights.holdsOn,
      run: () => Promise.resolve(),
      tellLater: async (requestId, until) => {
        await services.rights.confirmation.sendHoldExtended(requestId, until);
        throw new Error('killed after the mail');
      },
      log: createLogger('silent'),
    });
    const beforeCrash = smtp.messages.length;
    const newer = untilIn(80);
    await new HoldService({
      database: services.database,
      vault: services.vault,
      erasures: dying,
    }).extend(hold.id, newer, 'cli');
    expect(await stepsOf(id)).not.toContain('held-update:1');
    await smtp.waitFor(person.email, { after: beforeCrash, subject: /längre/ });
    const before = smtp.messages.length;
    // The next announce (the retention run's, at the latest) tells her, once.
    expect(await services.rights.heldErasures.announce()).toBe(1);
    expect(await services.rights.heldErasures.announce()).toBe(0);
    const mail = await smtp.waitFor(person.email, { after: before, subject: /längre/ });
    expect(mail.text).toContain(`längst till och med ${isoDay(newer)}`);
    expect((await stepsOf(id)).filter((s) => s.startsWith('held-update:'))).toEqual([
      'held-update:1',
    ]);
    expect(smtp.messages.slice(before).filter((m) => m.to.includes(person.email))).toHaveLength(1);
    await services.retention.holds.release(hold.id, 'cli');
  });
});

describe('holds refused with a clear answer', () => {
  it('refuses a past or too distant end date, a shorter extension, and a released hold', async () => {
    const person = await customerIn('en');
    const place = (until: Date) =>
      services.retention.holds.place({
        customerId: person.customerId,
        reason: REASON,
        until,
        placedBy: 'cli',
      });
    await expect(place(new Date(Date.now() - day))).rejects.toMatchObject({
      code: 'validation_failed',
    });
    // The manifest's longest period is 10 years (accounting books): a day past it is refused.
    const tooFar = place(untilIn(366 * 10 + 3));
    await expect(tooFar).rejects.toMatchObject({ code: 'validation_failed' });
    await expect(tooFar).rejects.toThrow(/longest retention period/);
    const hold = await place(untilIn(365 * 10 - 3));
    await expect(
      services.retention.holds.extend(hold.id, untilIn(366 * 10 + 3), 'cli'),
    ).rejects.toMatchObject({ code: 'validation_failed' });
    await expect(
      services.retention.holds.extend(hold.id, untilIn(20), 'cli'),
    ).rejects.toMatchObject({
      code: 'validation_failed',
      message: 'The new end date must be later than the current one.',
    });
    await services.retention.holds.release(hold.id, 'cli');
    await expect(services.retention.holds.release(hold.id, 'cli')).rejects.toMatchObject({
      code: 'conflict',
      message: 'This hold was already released.',
    });
    await expect(
      services.retention.holds.extend(hold.id, untilIn(365 * 10 - 1), 'cli'),
    ).rejects.toMatchObject({ code: 'conflict' });
    const unknown = '00000000-0000-4000-8000-00000000dead';
    // Each attempt made only when awaited: none may reject unobserved.
    for (const attempt of [
      () => services.retention.holds.release(unknown, 'cli'),
      () => services.retention.holds.extend(unknown, untilIn(20), 'cli'),
      () => services.retention.holds.release('not-a-uuid', 'cli'),
    ])
      await expect(attempt()).rejects.toMatchObject({ code: 'not_found' });
    // An ended (expired) hold is not extended either: a new one is placed.
    const short = await place(new Date(Date.now() + 300));
    await new Promise((r) => setTimeout(r, 400));
    await expect(
      services.retention.holds.extend(short.id, untilIn(30), 'cli'),
    ).rejects.toMatchObject({
      code: 'conflict',
      message: 'This hold has ended: place a new hold instead.',
    });
  });
});

describe('mail in the outbox about a held guest order (Art. 17(3)(e) and the 7-day outbox)', () => {
  it('goes with the erasure; the held order and its buyer key stay', async () => {
    const person = await customerIn('en');
    const [guest] = await db()
      .selectFrom('orders')
      .select(['id', 'subject_id', 'contact_sealed'])
      .where('email_index', '=', person.identifiers['blind index'][0]!)
      .where('customer_id', 'is', null)
      .execute();
    expect(guest).toBeDefined();
    const hold = await services.retention.holds.place({
      orderId: guest!.id,
      reason: REASON,
      until: untilIn(60),
      placedBy: 'cli',
    });
    // The order's confirmation as the outbox keeps it when no SMTP server is configured.
    await services.notify.outbox.keep({
      customerId: guest!.subject_id,
      template: 'order_confirmation',
      message: { to: person.email, subject: 'Order confirmation', text: 'Thank you' },
    });
    const outboxOf = (subject: string) =>
      db().selectFrom('notify_outbox').select('id').where('customer_id', '=', subject).execute();
    expect(await outboxOf(guest!.subject_id)).toHaveLength(1);
    const id = await erase(person.customerId);
    expect((await services.rights.requests.get(id)).status).toBe('partial');
    expect(await outboxOf(guest!.subject_id)).toEqual([]);
    // The order itself stays for the claim, its contact copy readable under the buyer's key.
    const [kept] = await db()
      .selectFrom('orders')
      .select(['subject_id', 'contact_sealed'])
      .where('id', '=', guest!.id)
      .execute();
    const contact = await openContact(services.vault, db(), kept!.subject_id, kept!.contact_sealed);
    expect(contact?.email).toBe(person.email);
    await services.retention.holds.release(hold.id, 'cli');
    expect((await services.rights.requests.get(id)).status).toBe('done');
  });
});
