/**
 * A store with registered customers, some erased (their profile key shredded while the account
 * row is still there, as in the middle of an erasure) and some bounced, and a significant policy
 * version to tell them of. Shared by the in-process notice test and the crash test.
 */
import { sql } from 'kysely';
import type { Services } from '../../src/app/services.ts';
import type { Manifest } from '../../src/core/manifest/manifest.ts';
import { recordBounce } from '../../src/notify/bounces.repository.ts';
import type { PolicyNotes } from '../../src/policy/policy.service.ts';
import { seedCustomers } from '../../src/seed/seed.service.ts';
import { seedDeps } from '../../src/seed/demo-seed.ts';

export const NOTES: PolicyNotes = {
  en: 'Deliveries now also go through Budbee, who receives your name, address and phone number.',
  fi: 'Toimituksia hoitaa nyt myös Budbee, joka saa nimesi, osoitteesi ja puhelinnumerosi.',
  sv: 'Leveranser sköts nu även av Budbee, som får ditt namn, din adress och ditt telefonnummer.',
};

/** The shipped manifest with a new significant version that changes a recipient's wording only. */
export function significantEdit(current: Manifest, date = '2027-01-15'): Manifest {
  const m = structuredClone(current);
  m.policy.version = current.policy.version + 1;
  m.policy.date = date;
  m.policy.significant = true;
  m.policy.changes.push({ version: m.policy.version, date, significant: true, summary: NOTES });
  m.controller.customerServiceEmail = 'palvelu@hersecret.se';
  return m;
}

export interface Population {
  ids: string[];
  erased: Set<string>;
  bounced: Set<string>;
  langOf: Map<string, string>;
}

export async function populate(s: Services, customers: number, every = 50): Promise<Population> {
  await seedCustomers(seedDeps(s), { customers, today: new Date('2026-12-01T00:00:00Z') });
  const db = s.database.db;
  const rows = await db
    .selectFrom('customers')
    .select(['id', 'lang', 'email_index'])
    .orderBy('id')
    .execute();
  const erased = new Set<string>();
  const bounced = new Set<string>();
  for (const [i, r] of rows.entries()) {
    if (i % every === 0) {
      await s.vault.shred(db, r.id, 'profile');
      erased.add(r.id);
    } else if (i % every === 1) {
      await recordBounce(db, r.email_index);
      bounced.add(r.id);
    }
  }
  return {
    ids: rows.map((r) => r.id),
    erased,
    bounced,
    langOf: new Map(rows.map((r) => [r.id, r.lang])),
  };
}

/** The policy-change messages kept in the outbox, per customer. */
export async function noticeMessages(s: Services): Promise<Map<string, number>> {
  const { rows } = await sql<{ customer_id: string; n: string }>`
    select customer_id, count(*) as n from notify_outbox where template = 'policy_change'
    group by customer_id`.execute(s.database.db);
  return new Map(rows.map((r) => [r.customer_id, Number(r.n)]));
}
