/**
 * Requests from people who are not signed in, end to end over HTTP and real SMTP: the form, the
 * emailed confirmation link (a page with a button; the POST verifies, once), every kind of link
 * that does not work answered alike, the emailed answer of an access request, bad input, the rate
 * limit, and logs that carry neither the address nor the secret.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/kit/config.ts';
import { createLogger } from '../../src/kit/log.ts';
import { createServices, type Services } from '../../src/app/services.ts';
import { createApp } from '../../src/app/app.ts';
import { loggedPath } from '../../src/kit/web/log-path.ts';
import { renderMessage } from '../../src/notify/templates.ts';
import { signedInCustomer } from '../support/customers.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { startSmtp, type TestSmtp } from '../support/smtp.ts';

let smtp: TestSmtp;
let server: TestServer;
let services: Services;

beforeAll(async () => {
  smtp = await startSmtp();
  server = await startTestServer({ SMTP_URL: smtp.url });
  services = server.running.services;
}, 60_000);

afterAll(async () => {
  await server?.stop();
  await smtp?.stop();
});

const html = { accept: 'text/html' };
const submit = (body: Record<string, string>, lang = 'en') =>
  fetch(`${server.url}/privacy-center/email-request?lang=${lang}`, {
    method: 'POST',
    headers: {
      ...html,
      'content-type': 'application/x-www-form-urlencoded',
      origin: server.url,
    },
    body: new URLSearchParams(body),
  });
const get = (url: string) => fetch(url, { headers: html });
const press = (url: string) =>
  fetch(url, {
    method: 'POST',
    headers: { ...html, 'content-type': 'application/x-www-form-urlencoded', origin: server.url },
    body: '',
  });

const newAddress = () => `visitor-${randomUUID()}@example.test`;
const linkIn = (text: string, kind: 'verify' | 'download') => {
  const found = new RegExp(`${server.url}/privacy-center/${kind}/([\\w-]{43})\\?lang=\\w\\w`).exec(
    text,
  );
  if (!found) throw new Error(`no ${kind} link in the mail`);
  return { url: found[0], secret: found[1]! };
};

async function requestOf(email: string) {
  const index = services.vault.blindIndex('email', email);
  return services.database.db
    .selectFrom('dsr_requests')
    .selectAll()
    .where((eb) => eb.or([eb('email_index', '=', index)]))
    .orderBy('received_at', 'desc')
    .executeTakeFirstOrThrow();
}
const statusOf = async (id: string) => (await services.rights.requests.get(id)).status;

/** The page of a link that does not work, the secret taken out (the language links repeat it). */
async function answerTo(res: Response, secret: string) {
  return { status: res.status, body: (await res.text()).replaceAll(secret, 'SECRET') };
}

async function waitForStatus(id: string, wanted: string) {
  for (let i = 0; i < 200; i++) {
    if ((await statusOf(id)) === wanted) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`request ${id} never became ${wanted}`);
}

describe('a visitor’s request', () => {
  it('is confirmed by the button behind the emailed link, once', async () => {
    const email = newAddress();
    const res = await submit({ email, type: 'objection' });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Check your email');

    const mail = await smtp.waitFor(email);
    expect(mail.subject).toBe('Confirm your privacy request');
    const link = linkIn(mail.text, 'verify');
    const request = await requestOf(email);
    expect(request).toMatchObject({ channel: 'email', status: 'received', customer_id: null });

    // Opening the link (a prefetcher, a mail scanner, the person) only shows the button.
    for (let i = 0; i < 2; i++) {
      const page = await get(link.url);
      expect(page.status).toBe(200);
      const body = await page.text();
      expect(body).toContain('Object to direct marketing and profiling (Art. 21)');
      expect(body).toContain('<form method="post">');
      expect(page.headers.get('cache-control')).toBe('no-store');
    }
    expect(await statusOf(request.id)).toBe('received');

    const confirmed = await press(link.url);
    expect(confirmed.status).toBe(200);
    expect(await confirmed.text()).toContain('Request confirmed');
    expect(['verified', 'running', 'done']).toContain(await statusOf(request.id));

    // Replayed: the POST and the page both refuse, like a link that never existed.
    const forged = randomBytes(32).toString('base64url');
    const unknown = await answerTo(
      await press(`${server.url}/privacy-center/verify/${forged}`),
      forged,
    );
    expect(unknown.status).toBe(404);
    expect(unknown.body).toContain('This link has expired or was already used');
    expect(await answerTo(await press(link.url), link.secret)).toEqual(unknown);
    expect(await answerTo(await get(link.url), link.secret)).toEqual(
      await answerTo(await get(`${server.url}/privacy-center/verify/${forged}`), forged),
    );
  });

  it('gets the same answer and mail whether or not the address has an account', async () => {
    const customer = await signedInCustomer(services, newAddress());
    const stranger = newAddress();
    const answers = [];
    for (const email of [customer.email, stranger]) {
      const res = await submit({ email, type: 'access' }, 'fi');
      answers.push({ status: res.status, body: await res.text() });
    }
    expect(answers[0]).toEqual(answers[1]);
    expect(answers[0]?.body).toContain('Tarkista sähköpostisi');
    const mails = [await smtp.waitFor(customer.email), await smtp.waitFor(stranger)];
    expect(mails.map((m) => m.subject)).toEqual([
      'Vahvista tietosuojapyyntösi',
      'Vahvista tietosuojapyyntösi',
    ]);
    // Matched to the account only once the mailbox has confirmed it.
    const request = await requestOf(customer.email);
    expect(request.customer_id).toBeNull();
    expect((await press(linkIn(mails[0]!.text, 'verify').url)).status).toBe(200);
    const linked = await services.database.db
      .selectFrom('dsr_requests')
      .select('customer_id')
      .where('id', '=', request.id)
      .executeTakeFirstOrThrow();
    expect(linked.customer_id).toBe(customer.id);
  });

  it('refuses an expired link, a malformed one and another purpose’s, all alike', async () => {
    const email = newAddress();
    expect((await submit({ email, type: 'erasure' })).status).toBe(200);
    const link = linkIn((await smtp.waitFor(email)).text, 'verify');
    const request = await requestOf(email);
    // A day has passed.
    await services.database.db
      .updateTable('dsr_links')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('request_id', '=', request.id)
      .execute();

    const forged = randomBytes(32).toString('base64url');
    const reference = await answerTo(
      await press(`${server.url}/privacy-center/verify/${forged}`),
      forged,
    );
    expect(await answerTo(await get(link.url), link.secret)).toEqual(reference);
    expect(await answerTo(await press(link.url), link.secret)).toEqual(reference);
    for (const bad of ['x', 'A'.repeat(44), '%27%20or%201%3D1--', `${forged.slice(0, 42)}!`]) {
      const res = await press(`${server.url}/privacy-center/verify/${bad}`);
      expect(res.status, bad).toBe(404);
      expect(await res.text()).toContain('This link has expired or was already used');
    }
    // A confirmation link does not download, nor a download link confirm.
    const asDownload = await get(link.url.replace('/verify/', '/download/'));
    expect(asDownload.status).toBe(404);
    expect(await statusOf(request.id)).toBe('received');
  });

  it('uses the link and verifies in one transaction: two presses at once, one succeeds', async () => {
    const email = newAddress();
    expect((await submit({ email, type: 'objection' })).status).toBe(200);
    const link = linkIn((await smtp.waitFor(email)).text, 'verify');
    const request = await requestOf(email);
    const statuses = (await Promise.all([press(link.url), press(link.url)])).map((r) => r.status);
    expect(statuses.sort()).toEqual([200, 404]);
    expect(['verified', 'running', 'done']).toContain(await statusOf(request.id));
  });

  it('leaves the link unused when the verification fails (staff verified first)', async () => {
    const email = newAddress();
    expect((await submit({ email, type: 'objection' })).status).toBe(200);
    const link = linkIn((await smtp.waitFor(email)).text, 'verify');
    const request = await requestOf(email);
    await services.rights.requests.verify(request.id);
    expect((await press(link.url)).status).toBe(404);
    // The use of the link was rolled back with the refused verification.
    const row = await services.database.db
      .selectFrom('dsr_links')
      .select(['uses_left', 'used_at'])
      .where('request_id', '=', request.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ uses_left: 1, used_at: null });
  });

  it('of access is answered by email with a download link that expires and wears out', async () => {
    const email = newAddress();
    expect((await submit({ email, type: 'access' }, 'sv')).status).toBe(200);
    const verify = linkIn((await smtp.waitFor(email)).text, 'verify');
    const request = await requestOf(email);
    const before = smtp.messages.length;
    expect((await press(verify.url)).status).toBe(200);

    const answer = await smtp.waitFor(email, { after: before, timeoutMs: 30_000 });
    expect(answer.subject).toBe('Din kopia av dina personuppgifter är klar');
    const download = linkIn(answer.text, 'download');
    await waitForStatus(request.id, 'done');
    const view = await services.rights.requests.get(request.id);
    expect(view.steps.map((s) => s.step)).toEqual(
      expect.arrayContaining(['verified', 'running', 'export', 'answer', 'done']),
    );

    const file = await get(download.url);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('application/zip');
    const entries = unzipSync(new Uint8Array(await file.arrayBuffer()));
    const document = JSON.parse(strFromU8(entries['data.json']!)) as { requestId: string };
    expect(document.requestId).toBe(request.id);
    expect(JSON.stringify(document)).not.toContain(email);

    // A download link is not a confirmation link.
    expect((await press(download.url.replace('/download/', '/verify/'))).status).toBe(404);
    // Five fetches in all (mail scanners fetch too); then it is used up.
    for (let i = 1; i < 5; i++) expect((await get(download.url)).status).toBe(200);
    const used = await get(download.url);
    expect(used.status).toBe(404);
    expect(await used.text()).toContain('Länken har gått ut eller redan använts');
  });

  it('entered by staff with an address is answered by email too', async () => {
    const email = newAddress();
    const view = await services.rights.requests.create({
      type: 'portability',
      channel: 'staff',
      email,
      verified: true,
    });
    const answer = await smtp.waitFor(email, { timeoutMs: 30_000 });
    expect(answer.subject).toBe('Your copy of your personal data is ready');
    await waitForStatus(view.id, 'done');
    // Seven days later the link no longer works.
    await services.database.db
      .updateTable('dsr_links')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('request_id', '=', view.id)
      .execute();
    expect((await get(linkIn(answer.text, 'download').url)).status).toBe(404);
  });

  it('refuses bad input with field errors and records nothing', async () => {
    const email = newAddress();
    const cases: [Record<string, string>, string, string][] = [
      [{ type: 'access' }, 'f-email-error', 'Enter your email address.'],
      [{ email: 'not-an-email', type: 'access' }, 'f-email-error', 'Enter an email address like'],
      [{ email, type: 'deletion' }, 'f-type-error', 'Choose what you ask for.'],
      [{ email }, 'f-type-error', 'Choose what you ask for.'],
    ];
    for (const [body, field, message] of cases) {
      const res = await submit(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      const page = await res.text();
      expect(page).toContain(`id="${field}"`);
      expect(page).toContain(message);
      expect(page).toContain('class="error-summary"');
    }
    const index = services.vault.blindIndex('email', email);
    const rows = await services.database.db
      .selectFrom('dsr_requests')
      .select('id')
      .where('email_index', '=', index)
      .execute();
    expect(rows).toEqual([]);
  });

  it('limits how often one address can be asked about', async () => {
    const email = newAddress();
    for (let i = 0; i < 3; i++) expect((await submit({ email, type: 'access' })).status).toBe(200);
    const limited = await submit({ email: email.toUpperCase(), type: 'access' });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
  });

  it('mails in English, Finnish and Swedish', () => {
    for (const key of ['dsr_verify', 'dsr_answer'] as const) {
      const rendered = (['en', 'fi', 'sv'] as const).map((l) =>
        renderMessage(key, l, { link: 'https://x/y', hours: 24, days: 7, uses: 5 }),
      );
      expect(new Set(rendered.map((r) => r.subject)).size, key).toBe(3);
      for (const r of rendered) expect(r.text).toContain('https://x/y');
    }
  });

  it('is offered on the privacy center to visitors', async () => {
    const body = await (await get(`${server.url}/privacy-center`)).text();
    expect(body).toContain('href="/privacy-center/email-request"');
    const form = await (await get(`${server.url}/privacy-center/email-request?lang=fi`)).text();
    expect(form).toContain('<label for="f-email">Sähköpostiosoite</label>');
    expect(form).toContain('Mitä pyydät?');
  });
});

describe('logs', () => {
  it('carry neither the address nor the secret of a link', async () => {
    expect(loggedPath(`/privacy-center/verify/${'aB_'.repeat(14)}x`)).toBe(
      '/privacy-center/verify/:secret',
    );
    expect(loggedPath('/shop/products/lace-bralette-with-matching-high-waist-b')).toBe(
      '/shop/products/lace-bralette-with-matching-high-waist-b',
    );

    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const database: TestDatabase = await createTestDatabase();
    const local = await createServices(
      loadConfig({
        NODE_ENV: 'test',
        SMTP_URL: smtp.url,
        CUSTODIAN_KEY_DIR: mkdtempSync(path.join(tmpdir(), 'custodian-keys-')),
      }),
      createLogger('info', sink),
      database,
    );
    try {
      const app = createApp(local);
      const origin = 'http://localhost:3000';
      const email = newAddress();
      const sent = await app.request('/privacy-center/email-request', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
        body: new URLSearchParams({ email, type: 'access' }).toString(),
      });
      expect(sent.status).toBe(200);
      const mail = await smtp.waitFor(email);
      const found = /\/privacy-center\/verify\/([\w-]{43})/.exec(mail.text)!;
      const secret = found[1]!;
      expect((await app.request(found[0])).status).toBe(200);
      const pressed = await app.request(found[0], {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
        body: '',
      });
      expect(pressed.status).toBe(200);

      const log = lines.join('');
      expect(log).toContain('"path":"/privacy-center/verify/:secret"');
      expect(log).toContain('"template":"dsr_verify"');
      expect(log).not.toContain(secret);
      expect(log.toLowerCase()).not.toContain(email);
      const links = await local.database.db.selectFrom('dsr_links').selectAll().execute();
      expect(JSON.stringify(links)).not.toContain(secret);
    } finally {
      await database.drop();
    }
  });
});
