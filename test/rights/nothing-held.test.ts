/**
 * Requests about an address we hold nothing about (issue 18): an erasure from a Shopify
 * `customers/redact` webhook or from a visitor's confirmed email link answers "we hold no personal
 * data about this address" in the person's language, records that it did, and claims no account
 * and no erasure; an access request answers with an empty copy, not an error.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app/app.ts';
import { startSmtp, type TestSmtp } from '../support/smtp.ts';
import { createTestServices, type TestServices } from '../support/services.ts';

const SECRET = 'shopify-webhook-secret-for-nothing-held';
const origin = 'http://localhost:3000';
let services: TestServices;
let smtp: TestSmtp;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  smtp = await startSmtp();
  services = await createTestServices({ SMTP_URL: smtp.url, SHOPIFY_WEBHOOK_SECRET: SECRET });
  app = createApp(services);
}, 120_000);
afterAll(async () => {
  await services?.close();
  await smtp?.stop();
});

const stranger = () => `stranger-${randomUUID()}@example.test`;

async function confirmStep(requestId: string) {
  const view = await services.rights.requests.get(requestId);
  expect(view.status).toBe('done');
  const step = await services.database.db
    .selectFrom('dsr_request_steps')
    .select('output')
    .where('request_id', '=', requestId)
    .where('step', '=', 'confirm')
    .executeTakeFirstOrThrow();
  return step.output as Record<string, unknown>;
}

describe('an erasure that finds nothing', () => {
  it('from a Shopify customers/redact webhook: says we hold nothing, and records it', async () => {
    const email = stranger();
    const body = JSON.stringify({ shop_domain: 'hersecret.myshopify.com', customer: { email } });
    const res = await app.request('/webhooks/shopify/customers/redact', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-shopify-hmac-sha256': createHmac('sha256', SECRET).update(body).digest('base64'),
      },
      body,
    });
    expect(res.status).toBe(200);
    const { requestId } = (await res.json()) as { requestId: string };
    await services.rights.runner.run(requestId);
    expect(await confirmStep(requestId)).toMatchObject({ sent: true, nothingHeld: true });
    const mail = await smtp.waitFor(email);
    expect(mail.subject).toBe('We hold no personal data about this address');
    expect(mail.text).toContain('we hold no personal data about this address');
    expect(mail.text).not.toMatch(/account is closed|Erased:/);
  });

  it('from a visitor’s confirmed email link: answers in her language (fi and sv)', async () => {
    const answers = {
      fi: 'Meillä ei ole tähän osoitteeseen liittyviä henkilötietoja',
      sv: 'Vi har inga personuppgifter om denna adress',
    };
    for (const [lang, subject] of Object.entries(answers)) {
      const email = stranger();
      const asked = await app.request(`/privacy-center/email-request?lang=${lang}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
        body: new URLSearchParams({ email, type: 'erasure' }).toString(),
      });
      expect(asked.status).toBe(200);
      const link = /https?:\/\/\S+\/privacy-center\/verify\/[\w-]{43}\?lang=\w\w/.exec(
        (await smtp.waitFor(email)).text,
      );
      const url = new URL(link![0]);
      const mails = smtp.messages.length;
      const pressed = await app.request(`${url.pathname}${url.search}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
        body: '',
      });
      expect(pressed.status).toBe(200);
      const index = services.vault.blindIndex('email', email);
      const request = await services.database.db
        .selectFrom('dsr_requests')
        .select('id')
        .where('email_index', '=', index)
        .executeTakeFirstOrThrow();
      await services.rights.runner.run(request.id);
      expect(await confirmStep(request.id)).toMatchObject({ sent: true, nothingHeld: true });
      const mail = await smtp.waitFor(email, { after: mails });
      expect(mail.subject, lang).toBe(subject);
      expect(mail.text).not.toMatch(/suljettu|avslutat/);
    }
  });

  it('with data but no account: confirms the erasure without claiming an account', async () => {
    const email = stranger();
    await services.newsletter.subscribe({
      email,
      lang: 'en',
      phone: null,
      consentText: 'Send me the newsletter.',
    });
    const view = await services.rights.requests.create({
      type: 'erasure',
      channel: 'staff',
      email,
      verified: true,
    });
    const mails = smtp.messages.length;
    await services.rights.runner.run(view.id);
    expect(await confirmStep(view.id)).toMatchObject({ sent: true });
    expect(await confirmStep(view.id)).not.toHaveProperty('nothingHeld');
    const mail = await smtp.waitFor(email, { after: mails });
    expect(mail.subject).toBe('Your personal data is erased');
    expect(mail.text).not.toMatch(/account/i);
    expect(mail.text).toContain('Email address');
  });
});

describe('an access request that finds nothing', () => {
  it('answers with an empty copy, not an error', async () => {
    const email = stranger();
    const view = await services.rights.requests.create({
      type: 'access',
      channel: 'staff',
      email,
      verified: true,
    });
    await services.rights.runner.run(view.id);
    expect((await services.rights.requests.get(view.id)).status).toBe('done');
    const pkg = await services.rights.requests.packageFor(view.id);
    const files = unzipSync(pkg.bytes);
    const data = JSON.parse(strFromU8(files['data.json']!)) as Record<string, unknown>;
    expect(JSON.stringify(data)).not.toContain(email);
    expect(Object.keys(files)).toContain('summary.html');
  });
});
