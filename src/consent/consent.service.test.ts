import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bannerChoice, createConsentTest } from '../../test/support/consent.ts';
import { testDbKind, type TestDatabase } from '../../test/support/database.ts';
import type { Manifest } from '../core/manifest/manifest.ts';
import { hashText } from './consent-config.ts';
import type { ConsentService } from './consent.service.ts';

describe(`consent ledger on ${testDbKind}`, () => {
  let database: TestDatabase;
  let consent: ConsentService;
  let manifest: Manifest;
  let now = new Date('2026-03-01T10:00:00Z');
  beforeAll(async () => {
    ({ database, consent, manifest } = await createConsentTest({ now: () => now }));
  });
  afterAll(() => database?.drop());

  it('stores each banner text once, by its hash, exactly as shown', async () => {
    await consent.ensureTexts();
    const config = consent.config('fi');
    const row = await database.db
      .selectFrom('consent_texts')
      .selectAll()
      .where('hash', '=', config.textHash)
      .executeTakeFirstOrThrow();
    expect(hashText(row.content)).toBe(config.textHash);
    expect(JSON.parse(row.content)).toMatchObject({
      lang: 'fi',
      texts: { acceptAll: 'Hyväksy kaikki', rejectAll: 'Hylkää kaikki' },
    });
    expect(config.categories.map((c) => c.key)).toEqual([
      'functional',
      'analytics',
      'marketing',
      'personalisation',
    ]);
    expect(config.categories[0]?.required).toBe(true);
    expect(
      config.categories.find((c) => c.key === 'analytics')?.cookies.map((c) => c.name),
    ).toContain('_ga');
    expect(new Set(['en', 'fi', 'sv'].map((l) => consent.config(l as 'en').textHash)).size).toBe(3);
  });

  it('gives pages a first view: the first layer’s words, the hash, and what to delete', () => {
    for (const lang of ['en', 'fi', 'sv'] as const) {
      const whole = consent.config(lang);
      const first = consent.firstView(lang);
      expect(first).toMatchObject({
        lang,
        textHash: whole.textHash,
        policyVersion: whole.policyVersion,
        renewAfterDays: whole.renewAfterDays,
      });
      for (const key of ['title', 'body', 'acceptAll', 'rejectAll', 'choose', 'close'] as const)
        expect(first.texts[key]).toBe(whole.texts[key]);
      // The settings layer's words are not embedded: they come with GET /consent/config.
      expect(first.texts).not.toHaveProperty('save');
      // Every first-party cookie or storage item of an optional category, to delete on refusal.
      const deletable = whole.categories
        .filter((c) => !c.required)
        .map((c) => ({
          key: c.key,
          cookies: c.cookies
            .filter((k) => k.party === 'first' && k.storage !== 'pixel')
            .map((k) => ({ name: k.name, storage: k.storage })),
        }));
      expect(first.categories).toEqual(deletable);
      expect(first.categories.flatMap((c) => c.cookies.map((k) => k.name))).toContain('_ga');
      expect(first.categories.flatMap((c) => c.cookies.map((k) => k.name))).not.toContain('fr');
    }
  });

  it('refuses UPDATE, DELETE and TRUNCATE on every ledger table in the database itself', async () => {
    const { recordId } = await consent.record(
      bannerChoice(consent, { subject: { visitorId: 'v-ao', customerId: 'cust-ao' } }),
    );
    // Every table the append-only trigger guards, read from the catalog: a ledger table added
    // later is tried too, and the two the ledger is made of must be among them.
    const { rows } = await sql<{ table: string; update: boolean; del: boolean; truncate: boolean }>`
      select c.relname as table,
        bool_or((t.tgtype & 16) <> 0) as update, bool_or((t.tgtype & 8) <> 0) as del,
        bool_or((t.tgtype & 32) <> 0) as truncate
      from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_proc p on p.oid = t.tgfoid
      where p.proname = 'consent_append_only' and not t.tgisinternal
      group by c.relname order by 1`.execute(database.db);
    const ledger = rows.filter((r) => r.update && r.del && r.truncate).map((r) => r.table);
    expect(ledger).toEqual(expect.arrayContaining(['consent_records', 'consent_texts']));
    const snapshot = async (table: string) =>
      (
        await sql<{
          row: string;
        }>`select t::text as row from ${sql.table(table)} as t order by 1`.execute(database.db)
      ).rows.map((r) => r.row);
    // A column the table lets one write, for an UPDATE that fits any table.
    const firstColumn = async (table: string) =>
      (
        await sql<{ name: string }>`select column_name as name from information_schema.columns
          where table_name = ${table} and is_identity = 'NO' and is_generated = 'NEVER'
          order by ordinal_position limit 1`.execute(database.db)
      ).rows[0]!.name;
    for (const table of ledger) {
      const before = await snapshot(table);
      const column = sql.ref(await firstColumn(table));
      expect(before.length, table).toBeGreaterThan(0);
      const t = sql.table(table);
      const statements = {
        // Touches every row, whatever the table's columns: `x = x` still fires the row trigger.
        update: sql`update ${t} set ${column} = ${column}`,
        delete: sql`delete from ${t}`,
        truncate: sql`truncate ${t} cascade`,
      };
      for (const [name, statement] of Object.entries(statements)) {
        await expect(statement.execute(database.db), `${name} on ${table}`).rejects.toThrow(
          /append-only/,
        );
      }
      expect(await snapshot(table), table).toEqual(before);
    }
    // The customer link may be deleted (erasure unlinks), never rewritten to someone else.
    await expect(
      sql`update consent_customer_links set customer_id = 'someone-else'`.execute(database.db),
    ).rejects.toThrow(/append-only/);
    expect((await consent.existingRecordIds([recordId])).has(recordId)).toBe(true);
  });

  it('lets erasure unlink a customer and nothing more: the pseudonymous record stays', async () => {
    const choice = bannerChoice(consent, {
      subject: { visitorId: 'v-erase', customerId: 'cust-erase' },
      decisions: { analytics: true, marketing: false, personalisation: false },
    });
    const { recordId } = await consent.record(choice);
    expect(await consent.allows({ customerId: 'cust-erase' }, 'analytics')).toBe(true);
    expect(await consent.unlinkCustomer('cust-erase')).toBe(1);
    expect(await consent.allows({ customerId: 'cust-erase' }, 'analytics')).toBe(false);
    const proof = await consent.proof({ visitorId: 'v-erase' });
    expect(proof.records.map((r) => [r.recordId, r.customerLinked])).toEqual([[recordId, false]]);
    await consent.record({
      ...choice,
      subject: { visitorId: 'v-erase', customerId: 'cust-other' },
    });
    await expect(
      sql`update consent_customer_links set customer_id = 'x'`.execute(database.db),
    ).rejects.toThrow(/append-only/);
  });

  it('exports the whole history of a visitor and customer with the banner text as shown', async () => {
    const fi = consent.config('fi');
    await consent.record(
      bannerChoice(consent, {
        subject: { visitorId: 'v-proof' },
        signals: { gpc: true, dnt: false },
        explicit: false,
      }),
    );
    await consent.record(
      bannerChoice(consent, {
        subject: { visitorId: 'v-proof', customerId: 'cust-proof' },
        decisions: { analytics: true, marketing: false, personalisation: true },
        textHash: fi.textHash,
        lang: 'fi',
      }),
    );
    await consent.record(
      bannerChoice(consent, {
        subject: { customerId: 'cust-proof' },
        decisions: { newsletter: true },
        textHash: null,
        source: 'api',
      }),
    );
    const proof = await consent.proof({ visitorId: 'v-proof', customerId: 'cust-proof' });
    expect(proof.records).toHaveLength(3);
    expect(proof.records.map((r) => r.source)).toEqual(['banner', 'banner', 'api']);
    expect(proof.records[0]).toMatchObject({ signals: { gpc: true, dnt: false }, explicit: false });
    expect(proof.records[1]).toMatchObject({
      decisions: { analytics: true, marketing: false, personalisation: true },
      textHash: fi.textHash,
      customerLinked: true,
      lang: 'fi',
    });
    expect(proof.texts[fi.textHash]).toMatchObject({ lang: 'fi', verified: true });
    expect(proof.texts[fi.textHash]?.shown).toMatchObject({ texts: { title: fi.texts.title } });
    // Only this subject's records: another visitor's are not in the export.
    expect(proof.records.every((r) => r.visitorId === 'v-proof' || r.visitorId === null)).toBe(
      true,
    );
  });

  it('answers allows() by the latest decision: grants, refusals, signals and channels', async () => {
    const v = { visitorId: 'v-matrix' };
    expect(await consent.allows(v, 'analytics')).toBe(false); // never asked
    expect(await consent.allows(v, 'order_fulfilment')).toBe(true); // contract, no consent needed
    await consent.record(
      bannerChoice(consent, {
        subject: v,
        decisions: { analytics: true, marketing: false, personalisation: false },
      }),
    );
    expect(await consent.allows(v, 'analytics')).toBe(true);
    expect(await consent.allows(v, 'targeted_marketing')).toBe(false);
    expect(await consent.allows(v, 'personalisation')).toBe(false);
    expect(await consent.allows(v, 'newsletter')).toBe(false); // a channel is its own consent

    // A GPC signal arriving later refuses (written by the banner as a non-explicit refusal)...
    await consent.record(
      bannerChoice(consent, { subject: v, signals: { gpc: true, dnt: false }, explicit: false }),
    );
    expect(await consent.explain(v, 'analytics')).toEqual({ allowed: false, reason: 'refused' });
    // ...and an explicit choice after it wins, recorded with the signal still on.
    await consent.record(
      bannerChoice(consent, {
        subject: v,
        decisions: { analytics: true, marketing: true, personalisation: true },
        signals: { gpc: true, dnt: false },
      }),
    );
    expect(await consent.allows(v, 'targeted_marketing')).toBe(true);

    // A signal can never grant consent.
    await expect(
      consent.record(
        bannerChoice(consent, {
          subject: v,
          decisions: { analytics: true, marketing: false, personalisation: false },
          signals: { gpc: true, dnt: false },
          explicit: false,
        }),
      ),
    ).rejects.toThrow(/explicit choice/);

    const c = { customerId: 'cust-matrix' };
    await consent.record(
      bannerChoice(consent, {
        subject: c,
        decisions: { newsletter: true },
        textHash: null,
        source: 'api',
      }),
    );
    expect(await consent.allows(c, 'newsletter')).toBe(true);
    expect(await consent.allows(c, 'sms_marketing')).toBe(false);
    expect(await consent.allows(c, 'analytics')).toBe(false);
    await expect(consent.allows(c, 'no_such_purpose')).rejects.toThrow(/not a purpose/);
  });

  it('invalidates its cache on every write: withdrawal takes effect at once', async () => {
    const v = { visitorId: 'v-cache' };
    await consent.record(
      bannerChoice(consent, {
        subject: v,
        decisions: { analytics: true, marketing: true, personalisation: true },
      }),
    );
    for (let i = 0; i < 3; i++) expect(await consent.allows(v, 'analytics')).toBe(true);
    await consent.record(bannerChoice(consent, { subject: v, source: 'privacy_center' }));
    expect(await consent.allows(v, 'analytics')).toBe(false);
  });

  it('prefetches many subjects in one go with the same answers, and a later write still wins', async () => {
    const subjects = [
      { visitorId: 'v-pre-1' },
      { visitorId: 'v-pre-2', customerId: 'cust-pre-2' },
      { visitorId: 'v-pre-3' },
    ];
    await consent.record(
      bannerChoice(consent, { subject: subjects[0]!, decisions: { analytics: true } }),
    );
    await consent.record(
      bannerChoice(consent, {
        subject: { customerId: 'cust-pre-2' },
        decisions: { analytics: true, marketing: true },
      }),
    );
    const oneByOne = [];
    for (const s of subjects) oneByOne.push(await consent.latest(s));
    await consent.prefetch(subjects);
    for (const [i, s] of subjects.entries())
      expect(await consent.latest(s), s.visitorId).toEqual(oneByOne[i]);
    expect(await consent.allows(subjects[0]!, 'analytics')).toBe(true);
    expect(await consent.allows(subjects[1]!, 'targeted_marketing')).toBe(true);
    expect(await consent.allows(subjects[2]!, 'analytics')).toBe(false);
    // A withdrawal after the prefetch is seen at once: the write invalidates the cached answer.
    await consent.record(
      bannerChoice(consent, { subject: subjects[0]!, source: 'privacy_center' }),
    );
    expect(await consent.allows(subjects[0]!, 'analytics')).toBe(false);
  });

  it('asks again after renewAfter and after a significant policy version', async () => {
    const v = { visitorId: 'v-renew' };
    expect(await consent.needsRenewal(v)).toBe(true);
    const { renewAt } = await consent.record(
      bannerChoice(consent, {
        subject: v,
        decisions: { analytics: true, marketing: false, personalisation: false },
      }),
    );
    expect(manifest.consent.renewAfter).toBe('6mo');
    expect(renewAt.toISOString()).toBe('2026-09-01T10:00:00.000Z');
    expect(await consent.needsRenewal(v)).toBe(false);
    now = new Date('2026-09-01T09:59:59Z');
    expect(await consent.needsRenewal(v)).toBe(false);
    expect(await consent.allows(v, 'analytics')).toBe(true);
    now = new Date('2026-09-01T10:00:00Z');
    expect(await consent.needsRenewal(v)).toBe(true);
    expect(await consent.explain(v, 'analytics')).toEqual({ allowed: false, reason: 'lapsed' });
    now = new Date('2026-03-02T10:00:00Z');
    expect(await consent.needsRenewal(v)).toBe(false);

    // A publication that is not significant (a typo fix) does not ask again.
    await database.db
      .insertInto('policy_versions')
      .values({
        version: 98,
        label: 'typo',
        effective_date: '2026-03-02',
        content_hash: 'test-typo',
        manifest: JSON.stringify({ policy: { version: manifest.policy.version + 5 } }),
        significant: false,
      })
      .execute();
    consent.policyVersionsChanged();
    expect(await consent.needsRenewal(v)).toBe(false);

    // Nor does a significant one that leaves the consent purposes, categories and cookies alone
    // (a new delivery processor): customers are told by mail, visitors are not asked again.
    await database.db
      .insertInto('policy_versions')
      .values({
        version: 97,
        label: 'new processor',
        effective_date: '2026-03-02',
        content_hash: 'test-processor',
        manifest: JSON.stringify({ policy: { version: manifest.policy.version + 3 } }),
        significant: true,
        touches_consent: false,
      })
      .execute();
    consent.policyVersionsChanged();
    expect(await consent.needsRenewal(v)).toBe(false);

    await database.db
      .insertInto('policy_versions')
      .values({
        // The publication counter is not the manifest's policy version: consent compares the latter.
        version: 99,
        label: 'next',
        effective_date: '2026-03-02',
        content_hash: 'test-significant',
        manifest: JSON.stringify({ policy: { version: manifest.policy.version + 1 } }),
        significant: true,
      })
      .execute();
    consent.policyVersionsChanged();
    expect(await consent.needsRenewal(v)).toBe(true);
    expect(await consent.allows(v, 'analytics')).toBe(false);
    // A channel consent does not lapse with the cookie banner.
    const c = { customerId: 'cust-renew' };
    await consent.record(
      bannerChoice(consent, {
        subject: c,
        decisions: { newsletter: true },
        textHash: null,
        source: 'api',
      }),
    );
    expect(await consent.allows(c, 'newsletter')).toBe(true);
  });

  it('counts choices per category per day', async () => {
    const stats = await consent.statistics('2026-03-01', '2026-03-02');
    const day = stats.days.find((d) => d.day === '2026-03-01');
    expect(day?.choices.analytics).toBeDefined();
    const total = await database.db
      .selectFrom('consent_records')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where(sql<boolean>`decisions ? 'analytics'`)
      .where('decided_at', '>=', new Date('2026-03-01T00:00:00Z'))
      .where('decided_at', '<', new Date('2026-03-02T00:00:00Z'))
      .executeTakeFirstOrThrow();
    const a = day?.choices.analytics;
    expect((a?.granted ?? 0) + (a?.refused ?? 0)).toBe(Number(total.n));
    await expect(consent.statistics('2026-03-02', '2026-03-01')).rejects.toThrow(/forwards/);
    await expect(consent.statistics('yesterday', '2026-03-01')).rejects.toThrow(/from must be/);
  });

  it('commits concurrent writes in batches, every acknowledged record durable', async () => {
    const before = consent.writerStats;
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        consent.record(bannerChoice(consent, { subject: { visitorId: `v-batch-${i}` } })),
      ),
    );
    const after = consent.writerStats;
    expect(after.records - before.records).toBe(200);
    expect(after.batches - before.batches).toBeLessThan(200);
    const ids = results.map((r) => r.recordId);
    expect((await consent.existingRecordIds(ids)).size).toBe(200);
  });

  it('refuses an unknown text hash or a policy version that does not match the text', async () => {
    await expect(
      consent.record(bannerChoice(consent, { textHash: 'A'.repeat(43) })),
    ).rejects.toThrow(/textHash/);
    await expect(
      consent.record(bannerChoice(consent, { policyVersion: manifest.policy.version + 7 })),
    ).rejects.toThrow(/policyVersion/);
    await expect(
      consent.record(bannerChoice(consent, { decisions: { tracking: true } as never })),
    ).rejects.toThrow(/Unknown consent categories: tracking/);
  });
});
