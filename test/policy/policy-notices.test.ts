/**
 * Publishing a significant policy version to 1,000 registered customers (issue 14): exactly one
 * notice to each reachable one, in their language; none to an erased or bounced address, each
 * recorded; a second run sends nothing; `/privacy` moves its "last updated" date and lists the
 * note; consent is asked again only when the change touches a consent purpose.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app/app.ts';
import { testDbKind } from '../support/database.ts';
import { createTestServices, type TestServices } from '../support/services.ts';
import {
  NOTES,
  noticeMessages,
  populate,
  significantEdit,
  type Population,
} from './notice-fixtures.ts';

const CUSTOMERS = 1000;

describe(`policy change notices (${testDbKind})`, () => {
  let s: TestServices;
  let people: Population;
  beforeAll(async () => {
    s = await createTestServices();
    people = await populate(s, CUSTOMERS);
  }, 300_000);
  afterAll(() => s?.close());

  it('tells every reachable customer once, in their language, and records everyone', async () => {
    const before = s.policy.currentVersion.version;
    const row = await s.policyPublishing.publish({
      significant: true,
      notes: NOTES,
      manifest: significantEdit(s.policy.manifest),
      effectiveDate: '2027-01-15',
    });
    expect(row.version).toBe(before + 1);
    expect(row.significant).toBe(true);
    expect(row.notes).toEqual(NOTES);
    // The recipient's wording changed, not the banner or a consent purpose: nobody is re-asked.
    expect(row.touchesConsent).toBe(false);
    expect(s.policy.currentVersion.version).toBe(row.version);

    const seen: number[] = [];
    const progress = await s.policyPublishing.notices.run(row.version, {
      batchSize: 100,
      afterBatch: (p) => seen.push(p.done),
    });
    const reachable = CUSTOMERS - people.erased.size - people.bounced.size;
    expect(progress).toMatchObject({
      total: CUSTOMERS,
      sent: reachable,
      erased: people.erased.size,
      suppressed: people.bounced.size,
      done: CUSTOMERS,
      finished: true,
    });
    expect(seen).toEqual(Array.from({ length: CUSTOMERS / 100 }, (_, i) => (i + 1) * 100));

    const messages = await noticeMessages(s);
    expect(messages.size).toBe(reachable);
    expect([...messages.values()].every((n) => n === 1)).toBe(true);
    for (const id of [...people.erased, ...people.bounced]) expect(messages.has(id)).toBe(false);

    // Each message in the account's language, with the version's note in that language.
    const subjects = { en: 'We have updated', fi: 'Olemme päivittäneet', sv: 'Vi har uppdaterat' };
    const entries = await s.notify.outbox.list(CUSTOMERS + 10);
    const notices = entries.filter((e) => e.template === 'policy_change');
    expect(notices).toHaveLength(reachable);
    for (const entry of notices.slice(0, 60)) {
      const opened = await s.notify.outbox.open(entry.id);
      const lang = people.langOf.get(entry.customerId) as 'en' | 'fi' | 'sv';
      expect(opened?.message?.subject).toContain(subjects[lang]);
      expect(opened?.message?.text).toContain(NOTES[lang]);
      expect(opened?.message?.text).toContain(
        `/privacy/changes?from=${row.version - 1}&to=${row.version}&lang=${lang}`,
      );
    }

    // A second run (a retried job) finds everyone recorded and sends nothing.
    const again = await s.policyPublishing.notices.run(row.version);
    expect(again.sent).toBe(reachable);
    expect((await noticeMessages(s)).size).toBe(reachable);
  }, 300_000);

  it('moves "last updated" on /privacy to the publication and shows its note and the changes', async () => {
    const app = createApp(s);
    const current = s.policy.currentVersion;
    const page = await (await app.request('/privacy?lang=en')).text();
    expect(page).toContain(`Last updated 15 January 2027 (version ${current.version})`);
    expect(page).toContain(NOTES.en);
    expect(page).toContain(
      `/privacy/changes?from=${current.version - 1}&amp;to=${current.version}`,
    );
    const old = await (await app.request(`/privacy?version=${current.version - 1}&lang=en`)).text();
    expect(old).not.toContain(NOTES.en);
    expect(old).not.toContain('15 January 2027');

    const fi = await (
      await app.request(
        `/privacy/changes?from=${current.version - 1}&to=${current.version}&lang=fi`,
      )
    ).text();
    expect(fi).toContain('Tietosuojaselosteen muutokset');
    expect(fi).toContain(NOTES.fi);
    expect(fi).toMatch(/<del>[^<]*asiakaspalvelu@hersecret\.se/);
    expect(fi).toMatch(/<ins>[^<]*palvelu@hersecret\.se/);

    // Bad input is a 400 naming the field, an unknown version a 404; never a 500.
    for (const bad of ['from=abc', 'from=0&to=1', `from=${current.version}&to=1`, 'to=1e3'])
      expect((await app.request(`/privacy/changes?${bad}`)).status, bad).toBe(400);
    expect((await app.request('/privacy/changes?from=1&to=999')).status).toBe(404);
  });
});
