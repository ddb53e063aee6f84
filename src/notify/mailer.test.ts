import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../kit/config.ts';
import { createLogger } from '../kit/log.ts';
import { createServices, type Services } from '../app/services.ts';
import { createApp } from '../app/app.ts';
import { createTestDatabase, type TestDatabase } from '../../test/support/database.ts';
import { createTestServices, type TestServices } from '../../test/support/services.ts';
import { startSmtp } from '../../test/support/smtp.ts';
import { readAllTablesAsText } from '../../test/support/tables-as-text.ts';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { OutboxService } from './outbox.service.ts';
import { renderMessage } from './templates.ts';

const origin = 'http://localhost:3000';
const register = (email: string, name: string, lang = 'en') => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', origin, 'accept-language': lang },
  body: JSON.stringify({ email, name, password: 'mail test passphrase', acceptPolicy: true }),
});

describe('email', () => {
  const closers: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const close of closers) await close();
  });

  it('sends over real SMTP in the customer’s language and logs only ids', async () => {
    const smtp = await startSmtp();
    closers.push(() => smtp.stop());
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const database: TestDatabase = await createTestDatabase();
    closers.push(() => database.drop());
    const config = loadConfig({
      NODE_ENV: 'test',
      SMTP_URL: smtp.url,
      CUSTODIAN_KEY_DIR: mkdtempSync(path.join(tmpdir(), 'custodian-keys-')),
    });
    const services: Services = await createServices(config, createLogger('info', sink), database);
    const app = createApp(services);

    expect(
      (
        await app.request(
          '/account/register',
          register('Kalle.Kirjain@example.fi', 'Kalle Kirjain', 'fi'),
        )
      ).status,
    ).toBe(202);
    const mail = await smtp.waitFor('kalle.kirjain@example.fi');
    expect(mail.subject).toBe('Vahvista sähköpostiosoitteesi');
    expect(mail.text).toMatch(/http:\/\/127\.0\.0\.1:3000\/account\/verify\?token=[\w-]{43}/);
    expect(mail.parsed.from?.text).toContain('no-reply@hersecret.se');

    const log = lines.join('');
    expect(log).toContain('"mailId"');
    expect(log).toContain('"template":"verify_email"');
    expect(log.toLowerCase()).not.toContain('kalle');
    // With SMTP configured nothing of the message is kept.
    expect(await services.notify.outbox.list()).toEqual([]);
  });

  it('keeps mail in a sealed outbox without SMTP, unreadable after erasure', async () => {
    const services: TestServices = await createTestServices();
    closers.push(() => services.close());
    const app = createApp(services);
    expect(
      (
        await app.request(
          '/account/register',
          register('Outi.Outbox@example.fi', 'Outi Outbox', 'sv'),
        )
      ).status,
    ).toBe(202);

    const [entry] = await services.notify.outbox.list();
    expect(entry).toMatchObject({ template: 'verify_email' });
    const opened = await services.notify.outbox.open(entry!.id);
    expect(opened?.message?.to).toBe('outi.outbox@example.fi');
    expect(opened?.message?.subject).toBe('Bekräfta din e-postadress');
    const token = /token=([\w-]{43})/.exec(opened!.message!.text)![1]!;

    const { text } = await readAllTablesAsText(services.database.db);
    expect(text.toLowerCase()).not.toContain('outi');
    expect(text).not.toContain(token);

    await services.vault.shred(services.database.db, entry!.customerId, 'profile');
    expect((await services.notify.outbox.open(entry!.id))?.message).toBeUndefined();
  });

  it('purges outbox rows after their retention', async () => {
    const services: TestServices = await createTestServices();
    closers.push(() => services.close());
    let now = new Date('2026-01-01T00:00:00Z');
    const outbox = new OutboxService(services.database.db, services.vault, 60_000, () => now);
    const customerId = '00000000-0000-4000-8000-000000000001';
    await outbox.keep({
      customerId,
      template: 'email_changed',
      message: { to: 'x@example.fi', subject: 's', text: 't' },
    });
    expect(await outbox.list()).toHaveLength(1);
    now = new Date(now.getTime() + 61_000);
    await outbox.keep({
      customerId,
      template: 'email_changed',
      message: { to: 'x@example.fi', subject: 's', text: 't' },
    });
    expect(await outbox.list()).toHaveLength(1);
  });

  it('has every template in English, Finnish and Swedish', () => {
    for (const key of [
      'verify_email',
      'reset_password',
      'change_email',
      'email_changed',
      'account_exists',
    ] as const) {
      const subjects = (['en', 'fi', 'sv'] as const).map(
        (l) => renderMessage(key, l, { link: 'https://x/y', minutes: 30 }).subject,
      );
      expect(new Set(subjects).size, key).toBe(3);
    }
  });
});
