import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app/app.ts';
import { createTestServices, type TestServices } from '../support/services.ts';
import { startSmtp, type TestSmtp } from '../support/smtp.ts';
import { readAllTablesAsText } from '../support/tables-as-text.ts';

const origin = 'http://localhost:3000';

function form(body: Record<string, string>, cookie?: string): RequestInit {
  return {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'text/html',
      origin,
      ...(cookie ? { cookie } : {}),
    },
    body: new URLSearchParams(body).toString(),
  };
}

function json(body: unknown, cookie?: string): RequestInit {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin, ...(cookie ? { cookie } : {}) },
    body: JSON.stringify(body),
  };
}

function sessionFrom(res: Response): string | undefined {
  const m = /hs_session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '');
  return m ? `hs_session=${m[1]}` : undefined;
}

function linkIn(text: string): URL {
  const m = /(https?:\/\/\S+token=[\w-]+)/.exec(text);
  if (!m) throw new Error('no link in the message');
  return new URL(m[1]!);
}

const anna = {
  email: 'Anna.Virtanen@example.fi',
  password: 'correct horse battery staple',
  name: 'Anna Virtanen',
  phone: '+358 40 123 4567',
  address: 'Puijonkatu 12 A 3, 70100 Kuopio',
  birthday: '1990-05-17',
  acceptPolicy: 'on',
};

describe('customer accounts over HTTP', () => {
  let services: TestServices;
  let smtp: TestSmtp;
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    smtp = await startSmtp();
    services = await createTestServices({ SMTP_URL: smtp.url });
    app = createApp(services);
  });
  afterAll(async () => {
    await services?.close();
    await smtp?.stop();
  });

  it('registers a customer and stores none of their personal data in clear', async () => {
    const res = await app.request('/account/register', form(anna));
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/account/check-email');

    const mail = await smtp.waitFor(anna.email);
    expect(mail.subject).toBe('Confirm your email address');

    const { tables, text } = await readAllTablesAsText(services.database.db);
    expect(tables).toContain('public.customers');
    expect(text).toContain('$argon2id$');
    const lower = text.toLowerCase();
    for (const value of [
      anna.email,
      anna.name,
      anna.phone,
      anna.address,
      'Virtanen',
      'Puijonkatu',
      '123 4567',
    ]) {
      expect(lower).not.toContain(value.toLowerCase());
    }
    // The verification link's token is stored only hashed.
    expect(text).not.toContain(linkIn(mail.text).searchParams.get('token'));
  });

  it('signs in by email (any case) and shows the profile decrypted', async () => {
    const res = await app.request(
      '/account/sign-in',
      form({ email: 'anna.virtanen@EXAMPLE.fi', password: anna.password }),
    );
    expect(res.status).toBe(303);
    const setCookie = res.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/hs_session=[\w-]{43}/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(setCookie).toMatch(/Max-Age=2592000/);
    const cookie = sessionFrom(res)!;

    const page = await app.request('/account', { headers: { cookie, accept: 'text/html' } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('anna.virtanen@example.fi');
    expect(html).toContain(anna.address);

    const api = await app.request('/account', { headers: { cookie } });
    expect(await api.json()).toMatchObject({
      email: 'anna.virtanen@example.fi',
      name: anna.name,
      phone: anna.phone,
      birthday: anna.birthday,
      emailVerified: false,
      policyVersion: services.policy.currentVersion.version,
    });
    // The session cookie's value is not what the database keeps.
    const { text } = await readAllTablesAsText(services.database.db);
    expect(text).not.toContain(cookie.split('=')[1]);
  });

  it('verifies the email address through the emailed link, once', async () => {
    const mail = await smtp.waitFor(anna.email);
    const link = linkIn(mail.text);
    expect(link.pathname).toBe('/account/verify');
    const ok = await app.request(`${link.pathname}${link.search}`, {
      headers: { accept: 'text/html' },
    });
    expect(ok.status).toBe(200);
    const again = await app.request(`${link.pathname}${link.search}`, {
      headers: { accept: 'text/html' },
    });
    expect(again.status).toBe(400);
  });

  it('answers an unknown email and a wrong password alike', async () => {
    const unknown = await app.request(
      '/account/sign-in',
      json({ email: 'nobody@example.fi', password: 'whatever it is' }),
    );
    const wrong = await app.request(
      '/account/sign-in',
      json({ email: anna.email, password: 'not the password' }),
    );
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(await unknown.json()).toEqual(await wrong.json());
  });

  it('refuses bad input with 4xx and a message next to each field', async () => {
    const res = await app.request(
      '/account/register',
      form({
        email: 'not-an-email',
        password: 'short',
        name: '',
        phone: 'call me',
        birthday: '2999-01-01',
      }),
    );
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('id="f-email-error"');
    expect(html).toContain('Enter an email address like name@example.com.');
    expect(html).toContain('Use at least 8 characters.');
    expect(html).toContain('Enter your name.');
    expect(html).toContain('id="f-phone-error"');
    expect(html).toContain('id="f-birthday-error"');
    expect(html).toContain('id="f-acceptPolicy-error"');
    expect(html).toMatch(/aria-invalid="true"/);

    const cases: [Record<string, unknown>, string, string][] = [
      [{ ...anna, email: 'a@b' }, 'email', 'Enter an email address'],
      [{ ...anna, email: `${'a'.repeat(250)}@example.fi` }, 'email', 'at most 254'],
      [{ ...anna, password: 'seven77' }, 'password', 'at least 8'],
      [{ ...anna, password: 'Password123' }, 'password', 'too common'],
      [{ ...anna, password: 'x'.repeat(257) }, 'password', 'at most 256'],
      [{ ...anna, name: 'n'.repeat(201) }, 'name', 'at most 200'],
      [{ ...anna, address: 'a'.repeat(501) }, 'address', 'at most 500'],
      [{ ...anna, acceptPolicy: false }, 'acceptPolicy', 'privacy policy'],
    ];
    for (const [body, field, message] of cases) {
      const r = await app.request(
        '/account/register',
        json({ ...body, email: body.email ?? anna.email }),
      );
      expect(r.status, field).toBe(400);
      const b = (await r.json()) as { code: string; fields: Record<string, string> };
      expect(b.code).toBe('validation_failed');
      expect(b.fields[field]).toContain(message);
    }
    const garbage = await app.request('/account/register', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin },
      body: '{not json',
    });
    expect(garbage.status).toBe(400);
  });

  it('lets the customer edit and clear optional fields', async () => {
    const signIn = await app.request(
      '/account/sign-in',
      json({ email: anna.email, password: anna.password }),
    );
    const cookie = sessionFrom(signIn)!;
    const res = await app.request(
      '/account',
      form({ name: 'Anna V.', phone: '', address: '', birthday: '' }, cookie),
    );
    expect(res.status).toBe(303);
    const profile: unknown = await (await app.request('/account', { headers: { cookie } })).json();
    expect(profile).toMatchObject({ name: 'Anna V.', phone: null, address: null, birthday: null });

    const bad = await app.request('/account', form({ name: 'Anna', phone: 'no digits' }, cookie));
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('id="f-phone-error"');
  });

  it('requires a session for the profile', async () => {
    expect((await app.request('/account')).status).toBe(401);
    const page = await app.request('/account', { headers: { accept: 'text/html' } });
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/account/sign-in?next=%2Faccount');
  });

  it('resets a password by a single-use emailed link and signs out other sessions', async () => {
    const before = await app.request(
      '/account/sign-in',
      json({ email: anna.email, password: anna.password }),
    );
    const oldCookie = sessionFrom(before)!;
    const count = smtp.messages.length;
    const res = await app.request('/account/reset', json({ email: anna.email }));
    expect(res.status).toBe(202);
    const unknown = await app.request('/account/reset', json({ email: 'nobody@example.fi' }));
    expect(unknown.status).toBe(202);
    expect(await unknown.json()).toEqual({ status: 'sent_if_registered' });

    const mail = await smtp.waitFor(anna.email, { after: count });
    expect(mail.subject).toBe('Reset your password');
    const token = linkIn(mail.text).searchParams.get('token')!;
    const weak = await app.request(
      '/account/reset/password',
      json({ token, password: '12345678' }),
    );
    expect(weak.status).toBe(400);
    const done = await app.request(
      '/account/reset/password',
      json({ token, password: 'a brand new passphrase' }),
    );
    expect(done.status).toBe(200);
    const reuse = await app.request(
      '/account/reset/password',
      json({ token, password: 'another new passphrase' }),
    );
    expect(reuse.status).toBe(400);

    expect((await app.request('/account', { headers: { cookie: oldCookie } })).status).toBe(401);
    const ok = await app.request(
      '/account/sign-in',
      json({ email: anna.email, password: 'a brand new passphrase' }),
    );
    expect(ok.status).toBe(200);
    anna.password = 'a brand new passphrase';
  });

  it('changes the email address only after the new one is confirmed', async () => {
    const signIn = await app.request(
      '/account/sign-in',
      json({ email: anna.email, password: anna.password }),
    );
    const cookie = sessionFrom(signIn)!;
    const count = smtp.messages.length;
    const res = await app.request('/account/email', json({ email: 'anna@uusi.example' }, cookie));
    expect(res.status).toBe(202);
    const mail = await smtp.waitFor('anna@uusi.example', { after: count });
    // Not yet: the old address still signs in, the new one does not.
    expect(
      (
        await app.request(
          '/account/sign-in',
          json({ email: 'anna@uusi.example', password: anna.password }),
        )
      ).status,
    ).toBe(401);

    const link = linkIn(mail.text);
    const confirm = await app.request(`${link.pathname}${link.search}`, {
      headers: { accept: 'text/html' },
    });
    expect(confirm.status).toBe(200);
    const notice = await smtp.waitFor(anna.email, { after: count });
    expect(notice.subject).toBe('Your email address was changed');
    expect(
      (
        await app.request(
          '/account/sign-in',
          json({ email: 'anna@uusi.example', password: anna.password }),
        )
      ).status,
    ).toBe(200);
    expect(
      (await app.request('/account/sign-in', json({ email: anna.email, password: anna.password })))
        .status,
    ).toBe(401);

    const { text } = await readAllTablesAsText(services.database.db);
    expect(text.toLowerCase()).not.toContain('anna@uusi.example');
  });

  it('signs out and rotates the session on sign-in', async () => {
    const first = await app.request(
      '/account/sign-in',
      json({ email: 'anna@uusi.example', password: anna.password }),
    );
    const c1 = sessionFrom(first)!;
    const second = await app.request(
      '/account/sign-in',
      json({ email: 'anna@uusi.example', password: anna.password }, c1),
    );
    const c2 = sessionFrom(second)!;
    expect(c2).not.toBe(c1);
    expect((await app.request('/account', { headers: { cookie: c1 } })).status).toBe(401);
    const out = await app.request('/account/sign-out', {
      method: 'POST',
      headers: { origin, cookie: c2 },
    });
    expect(out.status).toBe(303);
    expect((await app.request('/account', { headers: { cookie: c2 } })).status).toBe(401);
  });

  it('does not reveal whether an address is registered', async () => {
    const count = smtp.messages.length;
    const again = await app.request(
      '/account/register',
      json({ ...anna, email: 'anna@uusi.example' }),
    );
    expect(again.status).toBe(202);
    const fresh = await app.request(
      '/account/register',
      json({ ...anna, email: 'someone.new@example.fi' }),
    );
    expect(fresh.status).toBe(202);
    expect(await again.json()).toEqual({ status: 'pending_verification' });
    const owner = await smtp.waitFor('anna@uusi.example', { after: count });
    expect(owner.subject).toBe('You already have an account');
  });
});
