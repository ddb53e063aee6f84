/**
 * Demo newsletter subscribers in bulk, as the seed makes them (src/seed/seed.service.ts): each a
 * confirmed subscription with its address sealed under its own key and its newsletter consent in
 * the ledger, a thousand per transaction, so a test can have ten thousand in seconds.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Services } from '../../src/app/services.ts';
import { insertRecords, type RecordRow } from '../../src/consent/consent.repository.ts';
import type { DB } from '../../src/kit/db/schema.ts';
import type { Lang } from '../../src/kit/web/i18n.ts';

export interface DemoSubscriber {
  id: string;
  email: string;
  customerId: string | null;
  lang: Lang;
}

const langs: Lang[] = ['fi', 'sv', 'en'];

export async function addSubscribers(
  s: Pick<Services, 'vault' | 'policy'> & { database: { db: Kysely<DB> } },
  n: number,
  options: { customerIds?: (i: number) => string | null; prefix?: string } = {},
): Promise<DemoSubscriber[]> {
  const { db } = s.database;
  const out: DemoSubscriber[] = [];
  const policyVersion = s.policy.currentVersion.version;
  for (let start = 0; start < n; start += 1000) {
    const batch: DemoSubscriber[] = [];
    for (let i = start; i < Math.min(n, start + 1000); i++)
      batch.push({
        id: randomUUID(),
        email: `${options.prefix ?? 'sub'}-${i}-${randomUUID().slice(0, 8)}@example.test`,
        customerId: options.customerIds?.(i) ?? null,
        lang: langs[i % 3]!,
      });
    await db.transaction().execute(async (trx) => {
      await s.vault.prepareSubjects(
        trx,
        batch.map((b) => b.id),
      );
      const rows = [];
      const consents: RecordRow[] = [];
      for (const b of batch) {
        const sealed = await s.vault.sealMany(trx, b.id, 'profile', { email: b.email });
        const consentId = randomUUID();
        rows.push({
          id: b.id,
          customer_id: b.customerId,
          email_index: s.vault.blindIndex('newsletter', b.email),
          account_index: s.vault.blindIndex('email', b.email),
          email_sealed: sealed.email!,
          phone_sealed: null,
          sms: false,
          lang: b.lang,
          consent_text: 'Demo data: subscribed by the campaign test.',
          status: 'confirmed' as const,
          confirmed_at: new Date(),
          consent_record_id: consentId,
        });
        consents.push({
          id: consentId,
          visitorId: b.id,
          customerId: b.customerId,
          decidedAt: new Date(Date.now() - 60_000),
          policyVersion,
          textHash: null,
          decisions: { newsletter: true },
          gpc: false,
          dnt: false,
          explicit: true,
          source: 'api',
          lang: b.lang,
        });
      }
      await trx.insertInto('newsletter_subscriptions').values(rows).execute();
      await insertRecords(trx, consents);
    });
    out.push(...batch);
  }
  return out;
}
