/**
 * A newsletter campaign to ten thousand demo subscribers reaches exactly those whose consent is
 * in force (P37): among them people who are restricted (Art. 18), object to direct marketing
 * (Art. 21(2)), were erased (Art. 17, by the rights engine, or only their key shredded),
 * unsubscribed by the one-click link, are suppressed, or withdrew consent in the ledger; none of
 * them gets mail, everyone else gets exactly one, with RFC 8058 one-click unsubscribe headers.
 * Storage: runs on PGlite and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CampaignProgress } from '../../src/campaigns/campaigns.service.ts';
import { subjectOf } from '../../src/newsletter/newsletter.service.ts';
import { signedInCustomer } from '../support/customers.ts';
import { testDbKind } from '../support/database.ts';
import { createTestServices, type TestServices } from '../support/services.ts';
import { addSubscribers, type DemoSubscriber } from './subscribers.ts';

// The 10,000 demo subscribers (about 45 s on PGlite under load, 6 s on PostgreSQL);
// CAMPAIGN_SUBSCRIBERS=2000 for a quicker local run.
const TOTAL = Number(process.env.CAMPAIGN_SUBSCRIBERS ?? 10_000);
const EACH = 3;
const staffActor = { kind: 'system' as const, id: 'campaign-test' };

let s: TestServices;
beforeAll(async () => {
  s = await createTestServices();
}, 120_000);
afterAll(() => s?.close());

async function withAccounts(n: number, prefix: string): Promise<DemoSubscriber[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) ids.push((await signedInCustomer(s)).id);
  return addSubscribers(s, n, { customerIds: (i) => ids[i]!, prefix });
}

async function runRequest(type: 'restriction' | 'objection' | 'erasure', customerId: string) {
  const r = await s.rights.requests.create({ type, channel: 'staff', customerId, verified: true });
  await s.rights.runner.run(r.id);
  expect((await s.rights.requests.get(r.id)).status).toBe('done');
}

describe(`a campaign to ${TOTAL} subscribers (${testDbKind})`, () => {
  it('reaches exactly those with consent in force, once each, with one-click unsubscribe', async () => {
    const t0 = Date.now();
    const plain = await addSubscribers(s, TOTAL - 7 * EACH);
    const restricted = await withAccounts(EACH, 'restricted');
    const objecting = await withAccounts(EACH, 'objecting');
    const erased = await withAccounts(EACH, 'erased');
    const [unsubscribed, suppressed, withdrawn, shredded] = [
      await addSubscribers(s, EACH, { prefix: 'unsubscribed' }),
      await addSubscribers(s, EACH, { prefix: 'suppressed' }),
      await addSubscribers(s, EACH, { prefix: 'withdrawn' }),
      await addSubscribers(s, EACH, { prefix: 'shredded' }),
    ];
    for (const p of restricted) await runRequest('restriction', p.customerId!);
    for (const p of objecting) await runRequest('objection', p.customerId!);
    for (const p of erased) await runRequest('erasure', p.customerId!);
    for (const p of unsubscribed) {
      const url = new URL(s.newsletter.unsubscribeUrl(p.id));
      await s.newsletter.unsubscribe(url.searchParams.get('s')!, url.searchParams.get('t')!);
    }
    const { db } = s.database;
    await db
      .insertInto('newsletter_suppressions')
      .values(suppressed.map((p) => ({ email_index: s.vault.blindIndex('newsletter', p.email) })))
      .execute();
    for (const p of withdrawn)
      await s.consent.record({
        subject: { visitorId: p.id },
        decisions: { newsletter: false },
        policyVersion: s.policy.currentVersion.version,
        textHash: null,
        signals: { gpc: false, dnt: false },
        explicit: true,
        source: 'api',
        lang: p.lang,
      });
    for (const p of shredded) await s.vault.shredSubject(db, p.id);
    const setupMs = Date.now() - t0;

    const campaign = await s.campaigns.create(
      {
        subject: { en: 'Autumn lace', fi: 'Syksyn pitsit', sv: 'Höstens spets' },
        body: {
          en: 'New lace sets are in.',
          fi: 'Uudet pitsisetit ovat tulleet.',
          sv: 'Nya spetsset har kommit.',
        },
      },
      staffActor,
    );
    const seen: CampaignProgress[] = [];
    const t1 = Date.now();
    const done = await s.campaigns.send(campaign.id, staffActor, {
      batchSize: 500,
      onProgress: (p) => seen.push(p),
    });
    const sendMs = Date.now() - t1;
    console.log(
      `campaign to ${TOTAL} (${testDbKind}): setup ${setupMs} ms, send ${sendMs} ms, ${Math.round(
        (done.sent / sendMs) * 1000,
      )} mails/s`,
    );

    const excluded = [
      ...restricted,
      ...objecting,
      ...erased,
      ...unsubscribed,
      ...suppressed,
      ...withdrawn,
      ...shredded,
    ];
    // Restricted people stay subscribed but the consent gate refuses: checked at sending time.
    expect(await s.consent.allows(subjectOf(await row(restricted[0]!.id)), 'newsletter')).toBe(
      false,
    );
    expect(done).toMatchObject({ status: 'sent', sent: plain.length, inDoubt: 0 });
    // On the list when sending started: everyone but the unsubscribed, objecting (unsubscribed by
    // the objection), erased and suppressed; the gate then skipped the rest of the excluded.
    expect(done.audience).toBe(
      plain.length + restricted.length + withdrawn.length + shredded.length,
    );
    expect(done.skipped).toBe(restricted.length + withdrawn.length + shredded.length);
    expect(seen.at(-1)?.handled).toBe(done.audience);
    expect(seen.map((p) => p.handled)).toEqual(
      [...seen.map((p) => p.handled)].sort((a, b) => a - b),
    );

    // The outbox: one campaign mail per consenting subscriber, none to anyone excluded.
    const mails = await db
      .selectFrom('notify_outbox')
      .select(['customer_id'])
      .where('template', '=', 'campaign')
      .execute();
    const mailed = mails.map((m) => m.customer_id).sort();
    expect(mailed).toEqual(plain.map((p) => p.id).sort());
    const excludedIds = new Set(excluded.map((p) => p.id));
    expect(mailed.filter((id) => excludedIds.has(id))).toEqual([]);

    // Every mail: the subscriber's language and the RFC 8058 one-click headers.
    for (const p of [plain[0]!, plain[1]!, plain[2]!]) {
      const [entry] = await db
        .selectFrom('notify_outbox')
        .select('id')
        .where('customer_id', '=', p.id)
        .execute();
      const opened = await s.notify.outbox.open(entry!.id);
      const m = opened!.message!;
      expect(m.to).toBe(p.email);
      expect(m.subject).toBe(
        { en: 'Autumn lace', fi: 'Syksyn pitsit', sv: 'Höstens spets' }[p.lang],
      );
      const oneClick = s.newsletter.unsubscribeUrl(p.id);
      expect(m.text).toContain(oneClick);
      expect(m.headers?.['List-Unsubscribe']).toContain(`<${oneClick}>`);
      expect(m.headers?.['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    }

    // Who was sent what, under the pseudonym: no address in the record.
    const sends = await db.selectFrom('campaign_sends').selectAll().execute();
    expect(sends).toHaveLength(done.audience!);
    expect(JSON.stringify(sends)).not.toMatch(/@example\.test/);
    expect(sends.filter((r) => r.outcome === 'sent' && excludedIds.has(r.subscription_id))).toEqual(
      [],
    );

    // Sending again sends nothing more.
    const again = await s.campaigns.send(campaign.id, staffActor);
    expect(again.sent).toBe(plain.length);
    const count = await db
      .selectFrom('notify_outbox')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('template', '=', 'campaign')
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(plain.length);

    // Audited: who created and sent it, with counts only.
    const actions = await db
      .selectFrom('audit_log')
      .select('action')
      .where('action', 'like', 'campaign.%')
      .execute();
    expect(actions.map((a) => a.action)).toEqual([
      'campaign.create',
      'campaign.send',
      'campaign.sent',
    ]);
  }, 600_000);
});

function row(id: string) {
  return s.database.db
    .selectFrom('newsletter_subscriptions')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}
