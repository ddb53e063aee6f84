/**
 * The logs of who was told or sent what (issue 14's notices and campaigns) are `system_logs`:
 * on PGlite and PostgreSQL, against an injected clock, a policy notice, a bounce, a campaign send
 * and a sent Art. 14 notice go 12 months after they were recorded, a younger one stays, a legal
 * hold keeps its customer's, and an Art. 14 notice not yet sent is never due: the duty outlives
 * any log period.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertSends } from '../../src/campaigns/campaigns.repository.ts';
import { createLogger } from '../../src/kit/log.ts';
import { recordBounce } from '../../src/notify/bounces.repository.ts';
import { recordNotice, startRun } from '../../src/policy/policy-notices.repository.ts';
import { RetentionRunner } from '../../src/retention/retention-runner.ts';
import { signedInCustomer } from '../support/customers.ts';
import { testDbKind } from '../support/database.ts';
import { proves } from '../support/proves.ts';
import { createTestServices, type TestServices } from '../support/services.ts';

const day = 86_400_000;
const now = new Date('2027-06-01T12:00:00Z');
const old = new Date(now.getTime() - 400 * day); // past 12 months
const young = new Date(now.getTime() - 300 * day); // within them

let s: TestServices;
beforeAll(async () => {
  s = await createTestServices();
}, 120_000);
afterAll(() => s?.close());

async function count(table: string): Promise<number> {
  const { rows } = await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(
    s.database.db,
  );
  return Number(rows[0]!.n);
}

describe(`notice and send logs end after 12 months (${testDbKind})`, () => {
  it(
    'deletes old policy notices, bounces, campaign sends and sent Art. 14 notices; keeps the rest',
    { ...proves('retention:system_logs'), timeout: 300_000 },
    async () => {
      const db = s.database.db;
      const [oldOne, youngOne, heldOne] = [
        await signedInCustomer(s),
        await signedInCustomer(s),
        await signedInCustomer(s),
      ];
      const version = s.policy.currentVersion.version;
      await startRun(db, version);
      for (const [c, at] of [
        [oldOne, old],
        [youngOne, young],
        [heldOne, old],
      ] as const) {
        await recordNotice(db, {
          policyVersion: version,
          customerId: c.id,
          outcome: 'sent',
          lang: 'fi',
        });
        await sql`update policy_notices set recorded_at = ${at} where customer_id = ${c.id}`.execute(
          db,
        );
      }
      await recordBounce(db, 'bounce-old', old);
      await recordBounce(db, 'bounce-young', young);

      const campaign = await s.campaigns.create(
        {
          subject: { en: 'Lace week', fi: 'Pitsiviikko', sv: 'Spetsvecka' },
          body: { en: 'New lace.', fi: 'Uutta pitsiä.', sv: 'Ny spets.' },
        },
        { kind: 'system', id: 'notice-logs' },
      );
      await insertSends(
        db,
        [
          [oldOne, old],
          [youngOne, young],
          [heldOne, old],
        ].map(([c, at]) => ({
          campaign_id: campaign.id,
          subscription_id: randomUUID(),
          customer_id: (c as { id: string }).id,
          account_index: null,
          outcome: 'sent',
          lang: 'en',
          at: at as Date,
        })),
      );

      const notice = (customerId: string, sentAt: Date | null) =>
        db
          .insertInto('source_notices')
          .values({
            id: randomUUID(),
            subject_key: `customer:${customerId}:${randomUUID()}`,
            customer_id: customerId,
            subject_id: customerId,
            source: 'google',
            lang: 'fi',
            received_at: old,
            due_at: new Date(old.getTime() + 30 * day),
            sent_at: sentAt,
          })
          .execute();
      await notice(oldOne.id, old);
      await notice(youngOne.id, young);
      await notice(heldOne.id, old);
      await notice(oldOne.id, null); // never sent: the duty stays

      await s.retention.holds.place({
        customerId: heldOne.id,
        reason: 'A court order.',
        until: new Date(now.getTime() + 90 * day),
        placedBy: 'cli',
      });

      const runner = new RetentionRunner({
        database: s.database,
        sweeps: s.retention.sweeps,
        manifest: () => s.policy.manifest,
        log: createLogger('silent'),
        now: () => now,
      });
      await runner.run({ trigger: 'test' });

      const left = async (table: string, column: string) =>
        (
          await sql<{
            v: string;
          }>`select ${sql.ref(column)}::text as v from ${sql.table(table)} order by 1`.execute(db)
        ).rows.map((r) => r.v);
      const kept = [youngOne.id, heldOne.id].sort();
      expect(await left('policy_notices', 'customer_id')).toEqual(kept);
      expect(await left('mail_bounces', 'email_index')).toEqual(['bounce-young']);
      expect(await left('campaign_sends', 'customer_id')).toEqual(kept);
      const notices = await db
        .selectFrom('source_notices')
        .select(['customer_id', 'sent_at'])
        .execute();
      expect(notices.map((n) => `${n.customer_id}:${n.sent_at ? 'sent' : 'owed'}`).sort()).toEqual(
        [`${oldOne.id}:owed`, `${youngOne.id}:sent`, `${heldOne.id}:sent`].sort(),
      );
      expect(await count('policy_notice_runs')).toBe(1);
    },
  );
});
