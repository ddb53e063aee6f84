/**
 * Closing the account through the privacy center, end to end on a real server with real SMTP:
 * what the page tells before confirming, the sign-out, the erasure run by the job queue, the
 * confirmation email (what was kept, why, until a concrete date), and irreversibility — the old
 * password signs nobody in and the address registers anew as a stranger. Bad input erases nothing.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findCustomerByEmailIndex } from '../../src/customers/customers.repository.ts';
import type { RequestView } from '../../src/rights/engine/rights.service.ts';
import type { Services } from '../../src/app/services.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { startSmtp, type TestSmtp } from '../support/smtp.ts';
import { signedInCustomer } from '../support/customers.ts';
import { foundInClear, readAllTablesAsText } from '../support/tables-as-text.ts';
import { proves } from '../support/proves.ts';

const staffToken = 'staff-token-for-close-account-tests-0123456789';
const slug = 'aurora-lace-brief';
const password = 'kuopio harbour lanterns 42';

let smtp: TestSmtp;
let server: TestServer;
let services: Services;

beforeAll(async () => {
  smtp = await startSmtp();
  server = await startTestServer({ SMTP_URL: smtp.url, STAFF_API_TOKEN: staffToken });
  services = server.running.services;
}, 120_000);

afterAll(async () => {
  await server?.stop();
  await smtp?.stop();
});

/** A form post, as a browser sends it. */
async function post(path: string, body: Record<string, string>, cookie?: string) {
  return send(path, body, true, cookie);
}

async function postJson(path: string, body: object) {
  return send(path, body, false);
}

async function send(path: string, body: object, isForm: boolean, cookie?: string) {
  return fetch(`${server.url}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      origin: server.url,
      accept: isForm ? 'text/html' : 'application/json',
      'content-type': isForm ? 'application/x-www-form-urlencoded' : 'application/json',
      ...(cookie ? { cookie } : {}),
    },
    body: isForm
      ? new URLSearchParams(body as Record<string, string>).toString()
      : JSON.stringify(body),
  });
}

async function get(path: string, cookie?: string) {
  return fetch(`${server.url}${path}`, {
    redirect: 'manual',
    headers: { accept: 'text/html', ...(cookie ? { cookie } : {}) },
  });
}

function sessionCookieOf(res: Response): string {
  const set = res.headers.getSetCookie().find((c) => c.startsWith('hs_session='));
  if (!set) throw new Error('no session cookie');
  return set.split(';')[0]!;
}

async function register(email: string, name: string) {
  const res = await postJson('/account/register', {
    email,
    password,
    name,
    acceptPolicy: true,
  });
  expect(res.status).toBe(202);
}

async function signIn(email: string, pw = password) {
  return postJson('/account/sign-in', { email, password: pw });
}

async function customerIdOf(email: string): Promise<string | undefined> {
  const row = await findCustomerByEmailIndex(
    services.database.db,
    services.vault.blindIndex('email', email),
  );
  return row?.id;
}

async function erasureOf(customerId: string): Promise<RequestView | undefined> {
  const all = await services.rights.requests.listForCustomer(customerId);
  return all.find((r) => r.type === 'erasure');
}

async function waitUntilDone(customerId: string): Promise<RequestView> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const r = await erasureOf(customerId);
    if (r?.status === 'done') return r;
    if (Date.now() > deadline) throw new Error(`erasure not done: ${r?.status}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('closing the account', () => {
  it(
    'explains, signs out, erases, confirms what was kept until when, and cannot be undone',
    { ...proves('retention:account', 'right:erasure'), timeout: 120_000 },
    async () => {
      const email = `closing-${randomUUID()}@example.fi`;
      const name = 'Helmi Suljettava-Testinen';
      const reviewText = `Lovely lace, fits well ${randomUUID()}`;
      await register(email, name);
      const signedIn = await signIn(email);
      expect(signedIn.status).toBe(200);
      const cookie = sessionCookieOf(signedIn);
      const customerId = (await customerIdOf(email))!;

      const order = await services.orders.place({
        customerId,
        lang: 'en',
        cart: [{ slug, size: 'M', quantity: 1 }],
        contact: {
          name,
          email,
          phone: '+358401234567',
          street: 'Suljetuntie 3 A 1',
          postalCode: '70620',
          city: 'Kuopio',
        },
        carrier: 'posti',
        paymentMethod: 'card',
        cardNumber: '4111 1111 1111 1111',
        whatsappNotices: false,
      });
      await services.reviews.submit(customerId, slug, {
        rating: 5,
        displayName: 'Helmi',
        text: reviewText,
      });
      const { accounting_until: until } = await services.database.db
        .selectFrom('orders')
        .select('accounting_until')
        .where('id', '=', order.id)
        .executeTakeFirstOrThrow();
      const year = new Date().getUTCFullYear();
      expect(until).toBe(`${year + 6}-12-31`);

      // Before confirming: what goes, what stays (this order, until its date, under which law).
      const page = await get('/privacy-center/close-account', cookie);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('What will be deleted');
      expect(html).toContain('The reviews you wrote');
      expect(html).toContain(order.reference);
      expect(html).toContain(until);
      expect(html).toContain('Accounting Act (1336/1997) 2:10');
      expect(html).toContain('cannot be undone');
      expect(html).toContain('name="password"');
      expect(await get('/privacy-center', cookie).then((r) => r.text())).toContain(
        'href="/privacy-center/close-account"',
      );

      const mailsBefore = smtp.messages.length;
      const closed = await post(
        '/privacy-center/close-account',
        { understood: 'yes', password },
        cookie,
      );
      expect(closed.status).toBe(303);
      expect(closed.headers.get('location')).toBe('/privacy-center/close-account/closed');
      expect(closed.headers.getSetCookie().join('\n')).toMatch(/hs_session=;.*Max-Age=0/i);
      // Signed out: the old session cookie no longer opens the account.
      const account = await get('/account', cookie);
      expect(account.status).toBe(303);
      expect(account.headers.get('location')).toContain('/account/sign-in');
      expect(await get('/privacy-center/close-account/closed').then((r) => r.text())).toContain(
        'we will email you a confirmation',
      );

      // The job queue runs the erasure; the confirmation arrives at the address it erased.
      const done = await waitUntilDone(customerId);
      expect(done.channel).toBe('self_service');
      expect(done.steps.map((s) => s.step)).toEqual(
        expect.arrayContaining(['plan', 'capture', 'erase:customer_accounts', 'confirm', 'done']),
      );
      const mail = await smtp.waitFor(email, { timeoutMs: 20_000, after: mailsBefore });
      expect(mail.subject).toBe('Your HerSecret account is closed');
      expect(mail.text).toContain('Erased:');
      expect(mail.text).toContain(
        `- ${services.policy.manifest.categories['user.review']!.label.en}`,
      );
      expect(mail.text).toContain(`Order ${order.reference}`);
      expect(mail.text).toContain(`kept until ${until} (Accounting Act (1336/1997) 2:10)`);
      expect(mail.text).toContain('Office of the Data Protection Ombudsman');
      expect(mail.text).toContain('cannot be undone');

      // Staff see what was kept, why and until when, without the address or the order reference.
      const staffView = (await (
        await fetch(`${server.url}/api/staff/rights/requests/${done.id}`, {
          headers: { authorization: `Bearer ${staffToken}` },
        })
      ).json()) as RequestView;
      expect(staffView.kept).toEqual(
        expect.arrayContaining([
          {
            category: 'user.financial.billing',
            retention: 'accounting_vouchers',
            law: 'Accounting Act (1336/1997) 2:10',
            until,
            records: 1,
          },
        ]),
      );
      // The address did not outlive the confirmation: nowhere in clear, and no sealed copy left.
      const { text } = await readAllTablesAsText(services.database.db);
      expect(foundInClear(text, [email, name, reviewText, '+358401234567'])).toEqual([]);
      expect(
        await services.database.db
          .selectFrom('dsr_request_details')
          .select('request_id')
          .where('request_id', '=', done.id)
          .execute(),
      ).toEqual([]);

      // The old password signs nobody in, exactly like an address that never had an account.
      const old = await signIn(email);
      const unknown = await signIn(`never-${randomUUID()}@example.fi`);
      expect(old.status).toBe(401);
      expect(unknown.status).toBe(401);
      expect(await old.json()).toEqual(await unknown.json());

      // The same address registers anew, as a stranger: a welcome, not "you already have an account".
      const before = smtp.messages.length;
      await register(email, 'Helmi Uusi');
      const welcome = await smtp.waitFor(email, { after: before });
      expect(welcome.subject).toBe('Confirm your email address');
      const newId = (await customerIdOf(email))!;
      expect(newId).not.toBe(customerId);
      const again = await signIn(email);
      expect(again.status).toBe(200);
      const newCookie = sessionCookieOf(again);
      expect(await get('/account/orders', newCookie).then((r) => r.text())).not.toContain(
        order.reference,
      );
      expect(await services.orders.ofCustomer(newId)).toEqual([]);
      const shown = await services.reviews.ofProduct(slug);
      expect(shown.map((r) => r.text)).not.toContain(reviewText);
      expect(await services.rights.requests.listForCustomer(newId)).toEqual([]);
    },
  );

  it('refuses a wrong password or a missing confirmation with a field error, and erases nothing', async () => {
    const email = `keeping-${randomUUID()}@example.fi`;
    await register(email, 'Kaisa Pysyvä');
    const cookie = sessionCookieOf(await signIn(email));
    const customerId = (await customerIdOf(email))!;

    const wrong = await post(
      '/privacy-center/close-account',
      { understood: 'yes', password: 'not my password at all' },
      cookie,
    );
    expect(wrong.status).toBe(400);
    const wrongHtml = await wrong.text();
    expect(wrongHtml).toContain('id="f-password-error"');
    expect(wrongHtml).toContain('The password is not correct.');

    const unticked = await post('/privacy-center/close-account', { password }, cookie);
    expect(unticked.status).toBe(400);
    expect(await unticked.text()).toContain('id="f-understood-error"');

    const empty = await post('/privacy-center/close-account', { understood: 'yes' }, cookie);
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain('Enter your current password.');

    // Nothing happened: no request, still signed in, the account and its sign-in intact.
    expect(await erasureOf(customerId)).toBeUndefined();
    expect((await get('/account', cookie)).status).toBe(200);
    expect((await signIn(email)).status).toBe(200);
  }, 60_000);

  it('asks a Google/Facebook-only account for the typed word instead of a password', async () => {
    const me = await signedInCustomer(services);
    const html = await get('/privacy-center/close-account?lang=fi', me.cookie).then((r) =>
      r.text(),
    );
    expect(html).toContain('Kirjoita SULJE vahvistaaksesi');
    expect(html).not.toContain('name="password"');

    const missing = await post('/privacy-center/close-account', { understood: 'yes' }, me.cookie);
    expect(missing.status).toBe(400);
    expect(await missing.text()).toContain('id="f-confirmation-error"');
    const wrongWord = await post(
      '/privacy-center/close-account',
      { understood: 'yes', confirmation: 'maybe' },
      me.cookie,
    );
    expect(wrongWord.status).toBe(400);
    expect(await erasureOf(me.id)).toBeUndefined();

    const ok = await post(
      '/privacy-center/close-account',
      { understood: 'yes', confirmation: 'sulje' },
      me.cookie,
    );
    expect(ok.status).toBe(303);
    expect(await waitUntilDone(me.id)).toMatchObject({ type: 'erasure', status: 'done' });
    const mail = await smtp.waitFor(me.email, { timeoutMs: 20_000 });
    expect(mail.subject).toBe('Your HerSecret account is closed');
    expect(mail.text).toContain('Nothing was kept');
  }, 60_000);

  it('sends a visitor who is not signed in to sign in, and refuses a signed-out post', async () => {
    const page = await get('/privacy-center/close-account');
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toContain('/account/sign-in');
    const res = await post('/privacy-center/close-account', { understood: 'yes', password });
    expect(res.status).toBe(401);
  });
});
