/**
 * DKIM (issue 18): with a key configured, every outgoing mail is signed, and an independent
 * verifier (`mailauth`, the library behind Forward Email's and others' inbound checks) finds the
 * signature valid against the DNS record docs/mail.md tells the store to publish, with
 * List-Unsubscribe and List-Unsubscribe-Post among the signed headers (RFC 8058 §3). In
 * production a newsletter is refused without a key.
 */
import { generateKeyPairSync } from 'node:crypto';
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/kit/log.ts';
import { createMailer } from '../../src/notify/mailer.ts';
import { UnsignedNewsletterError } from '../../src/newsletter/newsletter.service.ts';
import { startSmtp, type TestSmtp } from '../support/smtp.ts';
import { createTestServices, type TestServices } from '../support/services.ts';

// mailauth 4 (the line that runs on Node 20) ships CommonJS without types.
const { dkimVerify } = createRequire(import.meta.url)('mailauth/lib/dkim/verify.js') as {
  dkimVerify: (message: Buffer, options: { resolver: typeof resolver }) => Promise<unknown>;
};

const dir = mkdtempSync(path.join(tmpdir(), 'custodian-dkim-'));
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const keyFile = path.join(dir, 'dkim.pem');
writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }));
/** The TXT record at `custodian._domainkey.hersecret.se`, as docs/mail.md describes it. */
const record = `v=DKIM1; k=rsa; p=${publicKey.export({ type: 'spki', format: 'der' }).toString('base64')}`;
const resolver = async (name: string, type: string) => {
  if (type === 'TXT' && name === 'custodian._domainkey.hersecret.se') return [[record]];
  throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
};

let smtp: TestSmtp;
let services: TestServices;

beforeAll(async () => {
  smtp = await startSmtp();
  services = await createTestServices({
    SMTP_URL: smtp.url,
    DKIM_PRIVATE_KEY_FILE: keyFile,
    DKIM_SELECTOR: 'custodian',
  });
}, 120_000);
afterAll(async () => {
  await services?.close();
  await smtp?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function verify(raw: Buffer) {
  const { results } = (await dkimVerify(raw, { resolver })) as {
    results: {
      status: { result: string };
      signingDomain: string;
      signingHeaders: { keys: string };
    }[];
  };
  return results;
}

describe('DKIM signing', () => {
  it('signs the newsletter confirmation and the newsletter, unsubscribe headers covered', async () => {
    const email = 'dkim.reader@example.fi';
    await services.newsletter.subscribe({ email, lang: 'fi', phone: null, consentText: 'Kyllä' });
    const confirm = await smtp.waitFor(email);
    // The confirmation carries one-click unsubscribe too.
    expect(confirm.raw.toString('utf8')).toMatch(
      /^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m,
    );
    expect(confirm.raw.toString('utf8')).toMatch(/^List-Unsubscribe:\s+<https?:\/\//m);
    const token = /token=([\w-]+)/.exec(confirm.text)![1]!;
    await services.newsletter.confirm(token);
    const before = smtp.messages.length;
    expect(
      await services.newsletter.sendNewsletter({ en: 'News', fi: 'Uutisia', sv: 'Nyheter' }),
    ).toMatchObject({ sent: 1 });
    const issue = await smtp.waitFor(email, { after: before });
    for (const mail of [confirm, issue]) {
      const [result] = await verify(mail.raw);
      expect(result?.status.result, mail.subject).toBe('pass');
      expect(result?.signingDomain).toBe('hersecret.se');
      const signed = result!.signingHeaders.keys.toLowerCase().split(': ');
      expect(signed).toEqual(
        expect.arrayContaining(['from', 'subject', 'list-unsubscribe', 'list-unsubscribe-post']),
      );
    }
  });

  it('control: a message changed after signing fails the same verifier', async () => {
    const email = 'dkim.control@example.fi';
    await services.newsletter.subscribe({ email, lang: 'en', phone: null, consentText: 'Yes' });
    const mail = await smtp.waitFor(email);
    const tampered = Buffer.from(mail.raw.toString('utf8').replace(/unsubscribe/i, 'unsubscribX'));
    expect((await verify(tampered))[0]?.status.result).not.toBe('pass');
  });

  it('in production, refuses to send a newsletter without a key', async () => {
    const unsigned = createMailer({
      smtpUrl: smtp.url,
      from: 'HerSecret <no-reply@hersecret.se>',
      log: createLogger('silent'),
      outbox: { keep: () => Promise.resolve('x'), keepMany: () => Promise.resolve([]) },
    });
    expect(unsigned.dkimSigned).toBe(false);
    expect(services.notify.mailer.dkimSigned).toBe(true);
    const { NewsletterService } = await import('../../src/newsletter/newsletter.service.ts');
    const newsletter = new NewsletterService({
      db: services.database.db,
      vault: services.vault,
      consent: services.consent,
      mailer: unsigned,
      log: createLogger('silent'),
      publicUrl: 'https://hersecret.se',
      mailFrom: 'HerSecret <no-reply@hersecret.se>',
      policyVersion: () => Promise.resolve(services.policy.currentVersion.version),
      production: true,
    });
    await expect(newsletter.sendNewsletter({ en: 'x', fi: 'x', sv: 'x' })).rejects.toThrow(
      UnsignedNewsletterError,
    );
  });
});
