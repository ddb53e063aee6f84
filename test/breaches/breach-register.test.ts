/**
 * The breach register (P12; GDPR Art. 33, 34) over the real service graph: the 72-hour clock and
 * its delay reasons, the Ombudsman's notification text item by item (Art. 33(3)), the notices
 * to the people affected in their language (Art. 34), and that nothing deletes a breach.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRegisters } from '../../src/app/registers.ts';
import type { BreachInput } from '../../src/breaches/breach-input.ts';
import { consequenceWords, measureWords, natureWords } from '../../src/breaches/breach-codes.ts';
import { claimNotice } from '../../src/breaches/breaches.repository.ts';
import type { BreachService } from '../../src/breaches/breaches.service.ts';
import { updateCustomer } from '../../src/customers/customers.repository.ts';
import type { Lang } from '../../src/kit/web/i18n.ts';
import { createTestServices, type TestServices } from '../support/services.ts';
import { profiledCustomer } from '../support/staff.ts';

const hour = 3_600_000;
const actor = { kind: 'staff' as const, id: '00000000-0000-4000-8000-000000000001' };
let services: TestServices;
let clock = new Date();
let breaches: BreachService;

beforeAll(async () => {
  services = await createTestServices();
  breaches = createRegisters({
    database: services.database,
    vault: services.vault,
    mailer: services.notify.mailer,
    audit: services.audit,
    manifest: () => services.policy.manifest,
    customers: services.customers,
    orders: services.orders,
    disclosures: services.disclosures,
    now: () => clock,
  }).breaches;
}, 120_000);
afterAll(() => services?.close());

function input(discoveredAt: Date, over: Partial<BreachInput> = {}): BreachInput {
  return {
    nature: 'confidentiality',
    description: 'A misconfigured export bucket was readable without sign-in.',
    occurredAt: new Date(discoveredAt.getTime() - 24 * hour),
    discoveredAt,
    categories: ['user.name', 'user.contact.email'],
    approxPeople: 1234,
    approxRecords: 5678,
    consequences: ['phishing'],
    consequencesText: 'Targeted scam emails are the likely misuse.',
    measures: ['access_closed', 'authority_notified'],
    measuresText: 'Bucket made private; access logs reviewed.',
    risk: 'risk',
    assessment: 'Names and addresses of customers of a lingerie store: a risk to privacy.',
    ...over,
  };
}

describe('the 72-hour clock', () => {
  it('a breach recorded 73 hours after discovery needs the reasons and is shown late with them', async () => {
    clock = new Date();
    const discovered = new Date(clock.getTime() - 73 * hour);
    await expect(breaches.record(input(discovered), actor)).rejects.toMatchObject({
      code: 'validation_failed',
      fields: { delayReason: expect.any(String) as string },
    });
    const b = await breaches.record(
      input(discovered, { delayReason: 'Found on a Friday night; the DPO was reached on Monday.' }),
      actor,
    );
    const { clock: state, breach } = await breaches.view(b.id);
    expect(state).toMatchObject({ kind: 'overdue', hoursLate: 1 });
    expect(breach.delayReason).toContain('DPO was reached on Monday');
    const text = await breaches.notificationText(b.id, 'en');
    expect(text).toContain('Reasons for the delay');
    expect(text).toContain('DPO was reached on Monday');
  });

  it('cannot be marked notified late without a reason; on time it needs none', async () => {
    clock = new Date();
    const discovered = new Date(clock.getTime() - 10 * hour);
    const late = await breaches.record(input(discovered), actor);
    const onTime = await breaches.record(input(discovered), actor);
    expect((await breaches.view(late.id)).clock).toMatchObject({ kind: 'open', hoursLeft: 62 });
    expect(await breaches.notificationText(late.id, 'en')).not.toContain('Reasons for the delay');

    clock = new Date(discovered.getTime() + 71 * hour);
    await breaches.markAuthorityNotified(onTime.id, { reference: 'TSV-1' }, actor);
    expect((await breaches.view(onTime.id)).clock).toMatchObject({ kind: 'notified', late: false });

    clock = new Date(discovered.getTime() + 73 * hour);
    expect((await breaches.view(late.id)).clock.kind).toBe('overdue');
    await expect(breaches.markAuthorityNotified(late.id, {}, actor)).rejects.toMatchObject({
      code: 'validation_failed',
      fields: { delayReason: expect.any(String) as string },
    });
    expect((await breaches.get(late.id)).authorityNotifiedAt).toBeNull();
    await breaches.markAuthorityNotified(
      late.id,
      { delayReason: 'The processor told us two days late.' },
      actor,
    );
    const view = await breaches.view(late.id);
    expect(view.clock).toMatchObject({ kind: 'notified', late: true, hoursLate: 1 });
    expect(view.breach.delayReason).toBe('The processor told us two days late.');
    await expect(breaches.markAuthorityNotified(late.id, {}, actor)).rejects.toMatchObject({
      code: 'conflict',
    });
  });

  it('a breach unlikely to result in a risk is documented, never overdue', async () => {
    clock = new Date();
    const b = await breaches.record(
      input(new Date(clock.getTime() - 100 * hour), {
        risk: 'unlikely',
        assessment: 'The lost laptop was encrypted and the key is safe.',
      }),
      actor,
    );
    expect((await breaches.view(b.id)).clock.kind).toBe('not_required');
  });
});

describe("the Ombudsman's notification (Art. 33(3))", () => {
  it.each(['en', 'fi', 'sv'] as Lang[])('covers every item, in %s', async (lang) => {
    clock = new Date();
    const b = await breaches.record(input(new Date(clock.getTime() - 2 * hour)), actor);
    const text = await breaches.notificationText(b.id, lang);
    const m = services.policy.manifest;
    // (a) nature, categories, approximate numbers of people and records
    expect(text).toContain(natureWords.confidentiality[lang]);
    expect(text).toContain(b.description);
    expect(text).toContain(m.categories['user.name']!.label[lang]);
    expect(text).toContain(m.categories['user.contact.email']!.label[lang]);
    expect(text).toMatch(/: 1234$/m);
    expect(text).toMatch(/: 5678$/m);
    // (b) the DPO's name and contact
    expect(text).toContain(m.controller.dpo.name);
    expect(text).toContain(m.controller.dpo.email);
    // (c) likely consequences
    expect(text).toContain(consequenceWords.phishing[lang]);
    expect(text).toContain(b.consequencesText);
    // (d) measures taken or proposed, to mitigate included
    expect(text).toContain(measureWords.access_closed[lang]);
    expect(text).toContain(b.measuresText);
    // To whom, from whom
    expect(text).toContain(m.supervisoryAuthority.name[lang]);
    expect(text).toContain(m.controller.businessId);
    for (const item of ['(a)', '(b)', '(c)', '(d)']) expect(text).toContain(item);
  });
});

describe('telling the people affected (Art. 34)', () => {
  async function customer(lang: Lang) {
    const c = await profiledCustomer(services, {
      name: `Asiakas ${lang}`,
      email: `${lang}.${Math.random().toString(36).slice(2)}@example.fi`,
    });
    await updateCustomer(services.database.db, c.id, { lang });
    return c;
  }
  const outboxOf = async (customerId: string) =>
    (await services.notify.outbox.list(500)).filter(
      (e) => e.customerId === customerId && e.template === 'breach_notice',
    );

  it('refuses to mail people about a breach that is not high-risk', async () => {
    clock = new Date();
    const b = await breaches.record(input(new Date(clock.getTime() - hour)), actor);
    await expect(
      breaches.notifyPeople(b.id, { by: 'category', key: 'user.contact.email' }, actor),
    ).rejects.toMatchObject({ code: 'conflict' });
  });

  it('found by category: each is told once, in their language; a second run tells no one again', async () => {
    const people = { en: await customer('en'), fi: await customer('fi'), sv: await customer('sv') };
    clock = new Date(Date.now() + 2 * hour);
    const b = await breaches.record(
      input(new Date(clock.getTime() - hour), { risk: 'high', occurredAt: undefined }),
      actor,
    );
    const run = await breaches.notifyPeople(
      b.id,
      { by: 'category', key: 'user.contact.email' },
      actor,
    );
    expect(run.sent).toBeGreaterThanOrEqual(3);
    expect(run.unreachable).toBe(0);
    const subjects = {
      en: 'A security incident',
      fi: 'tietoturvaloukkaus',
      sv: 'säkerhetsincident',
    };
    for (const [lang, c] of Object.entries(people) as [Lang, { id: string }][]) {
      const sent = await outboxOf(c.id);
      expect(sent, lang).toHaveLength(1);
      const opened = await services.notify.outbox.open(sent[0]!.id);
      expect(opened?.message?.subject).toContain(subjects[lang]);
      const m = services.policy.manifest;
      // Art. 34(2): nature, DPO contact, likely consequences, measures, in plain words.
      expect(opened?.message?.text).toContain(natureWords.confidentiality[lang]);
      expect(opened?.message?.text).toContain(m.controller.dpo.email);
      expect(opened?.message?.text).toContain(consequenceWords.phishing[lang]);
      expect(opened?.message?.text).toContain(measureWords.access_closed[lang]);
      // Recorded under the pseudonym, never an address.
      const pseudonym = await services.vault.pseudonym(services.database.db, c.id);
      const notice = (await breaches.notices(b.id)).find((n) => n.subject_pseudonym === pseudonym);
      expect(notice).toMatchObject({ status: 'sent', lang });
    }
    expect(JSON.stringify(await breaches.notices(b.id))).not.toContain('@');
    const again = await breaches.notifyPeople(
      b.id,
      { by: 'category', key: 'user.contact.email' },
      actor,
    );
    expect(again).toMatchObject({ sent: 0, already: run.sent });
    for (const c of Object.values(people)) expect(await outboxOf(c.id)).toHaveLength(1);
    expect((await breaches.get(b.id)).peopleNotified).toBe(run.sent);
  });

  it('found through the disclosure log: an erased person is not mailed', async () => {
    const kept = await customer('fi');
    const erased = await customer('sv');
    clock = new Date(Date.now() + 2 * hour);
    const { gate } = services.disclosures;
    for (const c of [kept, erased]) {
      await gate.disclose(
        {
          recipient: 'posti',
          purpose: 'order_fulfilment',
          subject: c.pseudonym,
          payload: { name: 'x' },
        },
        async () => undefined,
      );
    }
    const request = await services.rights.requests.create({
      type: 'erasure',
      channel: 'staff',
      customerId: erased.id,
      verified: true,
    });
    await services.rights.runner.run(request.id);
    const b = await breaches.record(
      input(new Date(clock.getTime() - hour), { risk: 'high', occurredAt: undefined }),
      actor,
    );
    const run = await breaches.notifyPeople(
      b.id,
      { by: 'disclosure', key: 'posti', from: new Date(clock.getTime() - 5 * hour), to: clock },
      actor,
    );
    expect(run).toMatchObject({ found: 2, sent: 1, unreachable: 1 });
    expect(await outboxOf(kept.id)).toHaveLength(1);
    expect(await outboxOf(erased.id)).toHaveLength(0);
    const notices = await breaches.notices(b.id);
    expect(notices.map((n) => n.status).sort()).toEqual(['sent', 'unreachable']);
  });

  it('a run that stopped after claiming a notice resumes: the claimed person is told, once', async () => {
    const c = await customer('sv');
    clock = new Date(Date.now() + 3 * hour);
    const b = await breaches.record(
      input(new Date(clock.getTime() - hour), { risk: 'high', occurredAt: undefined }),
      actor,
    );
    // The crash: the notice was claimed, the mail never went, nothing was settled.
    await claimNotice(services.database.db, b.id, c.pseudonym);
    expect(await outboxOf(c.id)).toHaveLength(0);
    const run = await breaches.notifyPeople(b.id, { by: 'category', key: 'user.name' }, actor);
    expect(run.sent).toBeGreaterThanOrEqual(1);
    expect(await outboxOf(c.id)).toHaveLength(1);
    const notice = (await breaches.notices(b.id)).find((n) => n.subject_pseudonym === c.pseudonym);
    expect(notice).toMatchObject({ status: 'sent', lang: 'sv' });
    await breaches.notifyPeople(b.id, { by: 'category', key: 'user.name' }, actor);
    expect(await outboxOf(c.id)).toHaveLength(1);
  });

  it('refuses a category the breach does not concern, and one no query finds', async () => {
    clock = new Date();
    const b = await breaches.record(
      input(new Date(clock.getTime() - hour), { risk: 'high', categories: ['user.browsing'] }),
      actor,
    );
    await expect(
      breaches.notifyPeople(b.id, { by: 'category', key: 'user.name' }, actor),
    ).rejects.toMatchObject({ code: 'validation_failed' });
    await expect(
      breaches.notifyPeople(b.id, { by: 'category', key: 'user.browsing' }, actor),
    ).rejects.toMatchObject({ code: 'validation_failed' });
  });
});

describe('the register keeps every breach', () => {
  it('refuses a delete at the database, and audits what staff did', async () => {
    clock = new Date();
    const b = await breaches.record(input(new Date(clock.getTime() - hour)), actor);
    await expect(
      sql`delete from breaches where id = ${b.id}`.execute(services.database.db),
    ).rejects.toThrow(/keeps every breach/);
    expect((await breaches.get(b.id)).id).toBe(b.id);
    const { rows } = await sql<{ action: string }>`
      select action from audit_log where detail->>'breachId' = ${b.id}`.execute(
      services.database.db,
    );
    expect(rows.map((r) => r.action)).toEqual(['breach.record']);
  });
});
