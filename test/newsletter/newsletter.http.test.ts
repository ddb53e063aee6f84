import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subjectOf } from '../../src/newsletter/newsletter.service.ts';
import { createApp } from '../../src/app/app.ts';
import { createTestServices, type TestServices } from '../support/services.ts';
import { startSmtp, type ReceivedMail, type TestSmtp } from '../support/smtp.ts';
import { foundInClear, readAllTablesAsText } from '../support/tables-as-text.ts';

const origin = 'http://localhost:3000';

function form(body: Record<string, string>): RequestInit {
  return {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'text/html',
      origin,
    },
    body: new URLSearchParams(body).toString(),
  };
}

function confirmLinkIn(text: string): string {
  const m = /(https?:\/\/\S+\/newsletter\/confirm\?token=[\w-]+)/.exec(text);
  if (!m) throw new Error('no confirmation link in the message');
  const url = new URL(m[1]!);
  return url.pathname + url.search;
}

function header(mail: ReceivedMail, key: string) {
  const line = mail.parsed.headerLines.find((h) => h.key === key)?.line;
  return line
    ?.slice(line.indexOf(':') + 1)
    .replace(/\r?\n\s+/g, ' ')
    .trim();
}

describe('newsletter: double opt-in, one-click unsubscribe, suppression', () => {
  let services: TestServices;
  let smtp: TestSmtp;
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    smtp = await startSmtp();
    services = await createTestServices({ SMTP_URL: smtp.url });
    app = createApp(services);
  });

  afterAll(async () => {
    await services.close();
    await smtp.stop();
  });

  const subscriptionOf = (email: string) =>
    services.database.db
      .selectFrom('newsletter_subscriptions')
      .selectAll()
      .where('email_index', '=', services.vault.blindIndex('newsletter', email))
      .executeTakeFirst();

  it('confirms through the link received over SMTP, records consent, and refuses a replay', async () => {
    const email = 'liisa.korhonen@example.fi';
    const res = await app.request(
      '/newsletter',
      form({ email, sms: 'on', phone: '+358 40 765 4321' }),
    );
    expect(res.status).toBe(200);
    const pending = await subscriptionOf(email);
    expect(pending?.status).toBe('pending');
    // Not yet: a sign-up alone is no consent.
    expect(await services.consent.allows(subjectOf(pending!), 'newsletter')).toBe(false);

    const mail = await smtp.waitFor(email);
    const link = confirmLinkIn(mail.text);
    const confirmed = await app.request(link, { headers: { accept: 'text/html' } });
    expect(confirmed.status).toBe(200);

    const row = await subscriptionOf(email);
    expect(row?.status).toBe('confirmed');
    expect(row?.consent_text).toContain('new products and sale offers');
    await services.consent.flush();
    expect(await services.consent.allows(subjectOf(row!), 'newsletter')).toBe(true);
    expect(await services.consent.allows(subjectOf(row!), 'sms_marketing')).toBe(true);

    const replay = await app.request(link, { headers: { accept: 'text/html' } });
    expect(replay.status).toBe(400);

    const { text } = await readAllTablesAsText(services.database.db);
    expect(foundInClear(text, [email, '765 4321'])).toEqual([]);
  });

  it('keeps SMS a separate opt-in: without the box no phone is kept and SMS is not allowed', async () => {
    const email = 'ville.nieminen@example.fi';
    await app.request('/newsletter', form({ email, phone: '+358 40 111 2222' }));
    await app.request(confirmLinkIn((await smtp.waitFor(email)).text));
    const row = await subscriptionOf(email);
    expect(row?.phone_sealed).toBeNull();
    expect(await services.consent.allows(subjectOf(row!), 'newsletter')).toBe(true);
    expect(await services.consent.allows(subjectOf(row!), 'sms_marketing')).toBe(false);
  });

  it('refuses an expired confirmation link', async () => {
    const email = 'expired@example.fi';
    await app.request('/newsletter', form({ email }));
    const link = confirmLinkIn((await smtp.waitFor(email)).text);
    await sql`update newsletter_tokens set expires_at = now() - interval '1 minute'`.execute(
      services.database.db,
    );
    const res = await app.request(link, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(400);
    expect((await subscriptionOf(email))?.status).toBe('pending');
  });

  it('answers bad input with 4xx and a clear message', async () => {
    const bad = await app.request('/newsletter', form({ email: 'not-an-address' }));
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('Enter a valid email address.');
    const badPhone = await app.request(
      '/newsletter',
      form({ email: 'ok@example.fi', sms: 'on', phone: 'call me' }),
    );
    expect(badPhone.status).toBe(400);
    expect((await app.request('/newsletter/confirm?token=nope')).status).toBe(400);
    expect((await app.request('/newsletter/confirm')).status).toBe(400);
    const wrongMac = await app.request(
      `/newsletter/unsubscribe?s=${crypto.randomUUID()}&t=${'A'.repeat(43)}`,
      { method: 'POST', body: 'List-Unsubscribe=One-Click' },
    );
    expect(wrongMac.status).toBe(400);
  });

  it('sends only to subscribers who allow it, with RFC 8058 headers; one click unsubscribes', async () => {
    const email = 'liisa.korhonen@example.fi';
    const row = await subscriptionOf(email);
    // Another confirmed subscriber withdraws through the ledger (e.g. in the privacy center).
    const ville = await subscriptionOf('ville.nieminen@example.fi');
    await services.consent.record({
      subject: subjectOf(ville!),
      decisions: { newsletter: false },
      policyVersion: 1,
      textHash: null,
      signals: { gpc: false, dnt: false },
      explicit: true,
      source: 'privacy_center',
      lang: 'en',
    });
    const before = smtp.messages.length;
    const outcome = await services.newsletter.sendNewsletter({
      en: 'New: the Kuopio lace collection.',
      fi: 'Uutta: Kuopio-pitsimallisto.',
      sv: 'Nytt: Kuopio-spetskollektionen.',
    });
    expect(outcome).toEqual({ sent: 1, skipped: 1 });
    const mail = await smtp.waitFor(email, { after: before });
    expect(smtp.messages.slice(before).flatMap((m) => m.to)).toEqual([email]);
    expect(header(mail, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    const listUnsubscribe = header(mail, 'list-unsubscribe') ?? '';
    const https = /<(https?:\/\/[^>]+)>/.exec(listUnsubscribe)?.[1];
    expect(listUnsubscribe).toMatch(/<mailto:unsubscribe@[^>]+>/);
    expect(https).toBeDefined();

    // The one-click POST a mail provider makes: no Origin, no cookies.
    const url = new URL(https!);
    const res = await app.request(url.pathname + url.search, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(res.status).toBe(200);
    await services.consent.flush();
    expect(await services.consent.allows(subjectOf(row!), 'newsletter')).toBe(false);
    expect(await subscriptionOf(email)).toBeUndefined();
    const suppressions = await services.database.db
      .selectFrom('newsletter_suppressions')
      .selectAll()
      .execute();
    expect(suppressions.map((s) => s.email_index)).toContain(
      services.vault.blindIndex('newsletter', email),
    );
    const { text } = await readAllTablesAsText(services.database.db);
    expect(foundInClear(text, [email])).toEqual([]);
    // A second click is harmless, and nothing more is sent.
    const again = await app.request(url.pathname + url.search, {
      method: 'POST',
      body: 'List-Unsubscribe=One-Click',
    });
    expect(again.status).toBe(200);
    expect((await services.newsletter.sendNewsletter({ en: 'x', fi: 'x', sv: 'x' })).sent).toBe(0);
  });

  it('exports and erases a guest subscription found by the email blind index', async () => {
    const email = 'erase.me@example.fi';
    await app.request('/newsletter', form({ email }));
    await app.request(confirmLinkIn((await smtp.waitFor(email)).text));
    const module = services.rights.registry.get('newsletter')!;
    const subject = { customerId: null, emailIndex: services.vault.blindIndex('email', email) };
    const exported = await module.export(services.database.db, subject);
    expect(exported['user.contact.email']?.[0]?.newsletter).toBe(email);
    const outcome = await services.database.db
      .transaction()
      .execute((trx) => module.erase(trx, subject, { requestId: 'r', keep: [] }));
    expect(outcome.erased).toBe(1);
    expect(await subscriptionOf(email)).toBeUndefined();
    const { text } = await readAllTablesAsText(services.database.db);
    expect(foundInClear(text, [email])).toEqual([]);
  });
});
