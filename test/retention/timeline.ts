/**
 * A timeline of records for the retention tests: seeded with their dates, observed afterwards, and
 * an oracle that says, from the manifest's rules alone (src/core/manifest/retention-period.ts),
 * what state each record must be in at a given moment. A sweep that ends a record too early, too
 * late or not at all makes the observed state differ from the oracle's. An inactive customer is
 * erased only after the notice (customers.retention.ts): the oracle knows when it goes out.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Services } from '../../src/app/services.ts';
import { expiresAt, financialYearOf, isExpired } from '../../src/core/manifest/retention-period.ts';
import { addDuration, parseDuration } from '../../src/core/manifest/duration.ts';
import type { Manifest } from '../../src/core/manifest/manifest.ts';
import { INACTIVITY_NOTICE_DAYS } from '../../src/customers/customers.retention.ts';
import { signedInCustomer } from '../support/customers.ts';

export interface EventSpec {
  kind: 'event';
  at: Date;
  /** A held customer's pseudonym, or a random visitor. */
  heldCustomer?: boolean;
}
export interface OrderSpec {
  kind: 'order';
  createdAt: Date;
  deliveredAt: Date | null;
  /** The order of a registered customer (the timeline's customer of that index). */
  customer?: number;
  held?: boolean;
}
export interface ConsentChainSpec {
  kind: 'consent';
  /** Choices of one browser about its cookies, oldest first. */
  at: Date[];
}
export interface LogSpec {
  kind: 'log';
  at: Date;
}
export interface CustomerSpec {
  kind: 'customer';
  lastActive: Date;
  held?: boolean;
}
export type Spec = EventSpec | OrderSpec | ConsentChainSpec | LogSpec | CustomerSpec;

/** What was seeded, by spec: the ids to observe. */
export interface Seeded {
  specs: Spec[];
  ids: string[][];
  holdUntil: Date;
}

function consentRecordSql(id: string, visitor: string, at: Date) {
  return sql`insert into consent_records
    (id, visitor_id, decided_at, policy_version, text_hash, decisions, gpc, dnt, explicit, source, lang)
    values (${id}, ${visitor}, ${at}, 1, null, ${JSON.stringify({ analytics: true, marketing: false })},
      false, false, true, 'banner', 'en')`;
}

/**
 * Seeds the specs; held customers and orders get a hold placed at `holdFrom` until `holdUntil`.
 * Customers come first so orders can name them.
 */
export async function seed(
  services: Services,
  specs: Spec[],
  holds: {
    from: Date;
    until: Date;
    place: (t: { customerId?: string; orderId?: string }) => Promise<void>;
  },
): Promise<Seeded> {
  const db = services.database.db;
  const { vault } = services;
  const ids: string[][] = [];
  const customers: string[] = [];
  let heldCustomerPseudonym: string | undefined;
  for (const spec of specs) {
    if (spec.kind !== 'customer') continue;
    const c = await signedInCustomer(services);
    await sql`update customers set last_active_at = ${spec.lastActive} where id = ${c.id}`.execute(
      db,
    );
    customers.push(c.id);
    if (spec.held) {
      await holds.place({ customerId: c.id });
      heldCustomerPseudonym = await vault.pseudonym(db, c.id);
    }
  }
  let ci = 0;
  for (const spec of specs) {
    switch (spec.kind) {
      case 'customer':
        ids.push([customers[ci++]!]);
        break;
      case 'event': {
        const visitor =
          spec.heldCustomer && heldCustomerPseudonym ? heldCustomerPseudonym : randomUUID();
        const { rows } = await sql<{ id: string }>`insert into browsing_events
          (visitor_id, event, path, product_id, search, occurred_at)
          values (${visitor}, 'search', '/search', null, 'lace', ${spec.at}) returning id::text as id`.execute(
          db,
        );
        ids.push([rows[0]!.id]);
        break;
      }
      case 'order': {
        const id = randomUUID();
        const customerId = spec.customer === undefined ? null : (customers[spec.customer] ?? null);
        const subject = customerId ?? randomUUID();
        const billing = await vault.seal(
          db,
          subject,
          'accounting',
          '{"name":"B"}',
          'order_billing',
        );
        const contact = await vault.seal(db, subject, 'profile', '{"name":"C"}', 'order_contact');
        await sql`insert into orders (id, reference, subject_id, customer_id, email_index, lang, status,
            carrier, payment_method, goods_cents, delivery_fee_cents, total_cents, vat_cents,
            contact_sealed, billing_sealed, identity_code_sealed, accounting_until, created_at,
            delivered_at)
          values (${id}, ${`HS-${id.slice(0, 12)}`}, ${subject}, ${customerId}, ${`idx-${id}`}, 'en',
            ${spec.deliveredAt ? 'delivered' : 'paid'}, 'posti', 'card', 1000, 500, 1500, 290,
            ${contact}, ${billing}, null, '2040-01-01', ${spec.createdAt}, ${spec.deliveredAt})`.execute(
          db,
        );
        if (spec.held) await holds.place({ orderId: id });
        ids.push([id]);
        break;
      }
      case 'consent': {
        const visitor = randomUUID();
        const chain: string[] = [];
        for (const at of spec.at) {
          const id = randomUUID();
          await consentRecordSql(id, visitor, at).execute(db);
          chain.push(id);
        }
        ids.push(chain);
        break;
      }
      case 'log': {
        const { rows } = await sql<{ id: string }>`insert into disclosures
          (recipient, purpose, categories, fields, subject_pseudonym, status, disclosed_at)
          values ('posti', 'delivery', '[]', '[]', ${randomUUID()}, 'sent', ${spec.at})
          returning id::text as id`.execute(db);
        ids.push([rows[0]!.id]);
        break;
      }
    }
  }
  return { specs, ids, holdUntil: holds.until };
}

/** A record's state, in words the oracle also speaks. */
export type State = string;

export async function observe(services: Services, seeded: Seeded): Promise<State[][]> {
  const db = services.database.db;
  const out: State[][] = [];
  for (const [i, spec] of seeded.specs.entries()) {
    const ids = seeded.ids[i]!;
    switch (spec.kind) {
      case 'customer': {
        const { rows } = await sql`select 1 from customers where id = ${ids[0]}`.execute(db);
        out.push([rows.length ? 'customer' : 'erased']);
        break;
      }
      case 'event': {
        const { rows } = await sql<{ visitor_id: string }>`
          select visitor_id from browsing_events where id = ${ids[0]}::bigint`.execute(db);
        // A customer's erasure deletes their events.
        out.push([!rows[0] ? 'gone' : rows[0].visitor_id === '' ? 'anonymised' : 'linked']);
        break;
      }
      case 'order': {
        const { rows } = await sql<{
          anonymised_at: Date | null;
          vouchers_ended_at: Date | null;
          billing_sealed: string | null;
          subject_id: string;
        }>`select anonymised_at, vouchers_ended_at, billing_sealed, subject_id from orders
          where id = ${ids[0]}`.execute(db);
        const o = rows[0];
        if (!o) {
          out.push(['gone']);
          break;
        }
        if ((o.vouchers_ended_at === null) !== (o.billing_sealed !== null))
          throw new Error('voucher marker and billing copy disagree');
        out.push([
          `${o.anonymised_at ? 'anonymised' : 'linked'}/${o.vouchers_ended_at ? 'voucher-ended' : 'voucher'}`,
        ]);
        break;
      }
      case 'consent': {
        const { rows } = await sql<{ id: string }>`select id::text as id from consent_records
          where id in (${sql.join(ids)})`.execute(db);
        const present = new Set(rows.map((r) => r.id));
        out.push(ids.map((id) => (present.has(id) ? 'proof' : 'deleted')));
        break;
      }
      case 'log': {
        const { rows } = await sql`select 1 from disclosures where id::text = ${ids[0]}`.execute(
          db,
        );
        out.push([rows.length ? 'log' : 'deleted']);
        break;
      }
    }
  }
  return out;
}

/** What the manifest says each record's state is at `now`, given when the holds end. */
export function expected(services: Services, seeded: Seeded, now: Date): State[][] {
  const manifest = services.policy.manifest;
  const fy = financialYearOf(manifest);
  const expired = (rule: string, from: Date) => isExpired(manifest.retention[rule]!, from, now, fy);
  const holdActive = now < seeded.holdUntil;
  const noticeMs = INACTIVITY_NOTICE_DAYS * 86_400_000;
  const customerSpecs = seeded.specs.filter((s): s is CustomerSpec => s.kind === 'customer');
  /**
   * When the customer is erased: told INACTIVITY_NOTICE_DAYS before the period ends (a held one
   * when the hold ends, if it is in force then), erased at the period's end and never sooner
   * than that many days after the notice.
   */
  const erasedAt = (spec: CustomerSpec): number => {
    const orders = seeded.specs.filter(
      (o): o is OrderSpec =>
        o.kind === 'order' && o.customer !== undefined && customerSpecs[o.customer] === spec,
    );
    const last = new Date(
      Math.max(spec.lastActive.getTime(), ...orders.map((o) => o.createdAt.getTime())),
    );
    const ends = expiresAt(manifest.retention.customer_relationship!, last, fy)!.getTime();
    const due = ends - noticeMs;
    const told = spec.held && due < seeded.holdUntil.getTime() ? seeded.holdUntil.getTime() : due;
    return Math.max(ends, told + noticeMs);
  };
  const customerErased = (spec: CustomerSpec) => now.getTime() >= erasedAt(spec);
  const heldCustomerErased = () => {
    const held = customerSpecs.find((c) => c.held);
    return held !== undefined && customerErased(held);
  };
  const states = seeded.specs.map((spec) => {
    switch (spec.kind) {
      case 'customer':
        return [customerErased(spec) ? 'erased' : 'customer'];
      case 'event':
        if (spec.heldCustomer && heldCustomerErased()) {
          // The hold's end lets the browsing sweep anonymise the event at once; the erasure, a
          // notice later, deletes it only if it was still linked to her.
          const held = customerSpecs.find((c) => c.held)!;
          const anonymisedAt = Math.max(
            expiresAt(manifest.retention.browsing!, spec.at, fy)!.getTime(),
            seeded.holdUntil.getTime(),
          );
          return [anonymisedAt < erasedAt(held) ? 'anonymised' : 'gone'];
        }
        return [
          expired('browsing', spec.at) && !(spec.heldCustomer && holdActive)
            ? 'anonymised'
            : 'linked',
        ];
      case 'order': {
        const ownerHeld =
          spec.customer !== undefined && customerSpecs[spec.customer]?.held === true;
        const held = (spec.held || ownerHeld) && holdActive;
        if (held) return ['linked/voucher'];
        if (
          expired('accounting_books', spec.createdAt) &&
          expired('accounting_vouchers', spec.createdAt)
        )
          return ['gone'];
        const anonymised = expired('consumer_trade', spec.deliveredAt ?? spec.createdAt);
        const vouchers = expired('accounting_vouchers', spec.createdAt);
        return [
          `${anonymised ? 'anonymised' : 'linked'}/${vouchers ? 'voucher-ended' : 'voucher'}`,
        ];
      }
      case 'consent':
        // A cookie choice ends when the next one replaces it or when it lapses, whichever is
        // first; its proof is kept 3 years from then.
        return spec.at.map((_, i) =>
          expired('consent_proof', consentEnd(manifest, spec.at, i)) ? 'deleted' : 'proof',
        );
      case 'log':
        return [expired('system_logs', spec.at) ? 'deleted' : 'log'];
    }
  });
  return states;
}

/**
 * When the i-th of a browser's cookie choices ends: the next choice, or its lapse after the
 * manifest's `consent.renewAfter` (the banner asks again), whichever comes first.
 */
export function consentEnd(manifest: Manifest, at: Date[], i: number): Date {
  const renew = parseDuration(manifest.consent.renewAfter);
  if (renew === undefined || renew === 'session') throw new Error('the test expects a period');
  const lapse = addDuration(at[i]!, renew);
  const next = at[i + 1];
  return next && next < lapse ? next : lapse;
}
