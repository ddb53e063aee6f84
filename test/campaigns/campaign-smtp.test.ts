/**
 * A campaign over real SMTP (SMTP_URL set): every subscriber with consent gets one message with
 * the RFC 8058 one-click headers, the records go claimed → sent, and a withdrawn subscriber gets
 * nothing. Storage: PGlite and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDbKind } from '../support/database.ts';
import { createTestServices, type TestServices } from '../support/services.ts';
import { startSmtp, type TestSmtp } from '../support/smtp.ts';
import { addSubscribers } from './subscribers.ts';

let smtp: TestSmtp;
let s: TestServices;
beforeAll(async () => {
  smtp = await startSmtp();
  s = await createTestServices({ SMTP_URL: smtp.url });
}, 120_000);
afterAll(async () => {
  await s?.close();
  await smtp?.stop();
});

describe(`a campaign over SMTP (${testDbKind})`, () => {
  it('sends once each, with List-Unsubscribe and List-Unsubscribe-Post, never to the withdrawn', async () => {
    const [withdrawn, ...others] = await addSubscribers(s, 6);
    await s.consent.record({
      subject: { visitorId: withdrawn!.id },
      decisions: { newsletter: false },
      policyVersion: s.policy.currentVersion.version,
      textHash: null,
      signals: { gpc: false, dnt: false },
      explicit: true,
      source: 'api',
      lang: 'en',
    });
    const actor = { kind: 'system' as const, id: 'smtp-test' };
    const campaign = await s.campaigns.create(
      {
        subject: { en: 'Lace week', fi: 'Pitsiviikko', sv: 'Spetsvecka' },
        body: { en: 'New lace.', fi: 'Uutta pitsiä.', sv: 'Ny spets.' },
      },
      actor,
    );
    const done = await s.campaigns.send(campaign.id, actor, { batchSize: 2 });
    expect(done).toMatchObject({ status: 'sent', sent: others.length, skipped: 1, inDoubt: 0 });

    for (const p of others) {
      const mail = await smtp.waitFor(p.email);
      const oneClick = s.newsletter.unsubscribeUrl(p.id);
      expect(mail.subject).toBe({ en: 'Lace week', fi: 'Pitsiviikko', sv: 'Spetsvecka' }[p.lang]);
      expect(mail.text).toContain(oneClick);
      // The headers as received, folded lines joined (RFC 5322 §2.2.3).
      const head = mail.raw
        .toString()
        .split('\r\n\r\n')[0]!
        .replace(/\r\n[ \t]+/g, ' ');
      expect(head).toContain('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
      expect(head).toContain(`List-Unsubscribe: <${oneClick}>`);
    }
    expect(smtp.messages).toHaveLength(others.length);
    expect(smtp.messages.some((m) => m.to.includes(withdrawn!.email))).toBe(false);
    // Nothing kept in the outbox when SMTP sends.
    const kept = await s.database.db.selectFrom('notify_outbox').select('id').execute();
    expect(kept).toEqual([]);
  }, 120_000);
});
