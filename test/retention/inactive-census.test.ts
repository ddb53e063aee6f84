/**
 * The census of `customers.inactive` (what `custodian retention plan` and the staff console's
 * retention page show): due, held and the next to come due, found through index ranges rather
 * than a pass over every account. A property test over generated stores, on PGlite and
 * PostgreSQL, against the definition computed here: an account's anchor is the later of its own
 * last activity and its latest order; an account with an open erasure request is not counted;
 * due and held are the anchors before the boundary, next the earliest anchor at or after it that
 * is not held. Timestamps carry microseconds, which a JavaScript Date does not.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inactiveCensus } from '../../src/customers/customers-retention.repository.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
}, 60_000);
afterAll(async () => database?.drop());

const day = 86_400_000_000; // µs
const base = Date.UTC(2030, 0, 1) * 1000; // µs

/** An ISO timestamp with microseconds, `us` microseconds after the epoch. */
function stamp(us: number): string {
  const ms = Math.floor(us / 1000);
  const iso = new Date(ms).toISOString(); // …SS.mmmZ
  return `${iso.slice(0, -1)}${String(us % 1000).padStart(3, '0')}Z`;
}

const micros = fc.integer({ min: -40 * day, max: 40 * day }).map((o) => base + o);
const account = fc.record({
  active: micros,
  orders: fc.array(micros, { maxLength: 3 }),
  held: fc.boolean(),
  erasing: fc.constantFrom(null, 'received', 'verified', 'running', 'done'),
});
const store = fc.record({
  accounts: fc.array(account, { maxLength: 12 }),
  guestOrders: fc.array(micros, { maxLength: 2 }),
  before: micros,
});

describe('customers.inactive census', () => {
  it('counts due and held, and finds the next anchor, as the definition does', async () => {
    const db = database.db;
    await fc.assert(
      fc.asyncProperty(store, async (s) => {
        await sql`delete from orders`.execute(db);
        await sql`delete from dsr_requests`.execute(db);
        await sql`delete from customers`.execute(db);
        const ids = s.accounts.map(() => randomUUID());
        for (const [i, a] of s.accounts.entries()) {
          await sql`insert into customers (id, email_index, profile_record, policy_version, policy_accepted_at, last_active_at)
            values (${ids[i]}, ${`e${i}`}, 'x', 1, now(), ${stamp(a.active)}::timestamptz)`.execute(
            db,
          );
          for (const at of a.orders) await order(ids[i]!, at);
          if (a.erasing)
            await sql`insert into dsr_requests (type, status, channel, due_at, customer_id)
              values ('erasure', ${a.erasing}, 'staff', now(), ${ids[i]})`.execute(db);
        }
        // Orders that belong to no account: a guest's, and one whose customer is no uuid.
        for (const at of s.guestOrders) await order(null, at);
        await order('not-a-uuid', base);

        const counted = s.accounts
          .map((a, i) => ({ ...a, id: ids[i]!, anchor: Math.max(a.active, ...a.orders) }))
          .filter((a) => a.erasing === null || a.erasing === 'done');
        const holds = { customerIds: counted.filter((a) => a.held).map((a) => a.id), orderIds: [] };
        // The boundary in whole milliseconds, as the runner computes it.
        const census = await inactiveCensus(db, new Date(Math.floor(s.before / 1000)), holds);
        const boundary = Math.floor(s.before / 1000) * 1000;
        const expired = counted.filter((a) => a.anchor < boundary);
        expect({ due: census.due, held: census.held }).toEqual({
          due: expired.filter((a) => !a.held).length,
          held: expired.filter((a) => a.held).length,
        });
        const next = Math.min(
          ...counted.filter((a) => a.anchor >= boundary && !a.held).map((a) => a.anchor),
        );
        // The driver's Date drops the microseconds.
        expect(census.nextAnchor?.getTime() ?? null).toBe(
          Number.isFinite(next) ? Math.floor(next / 1000) : null,
        );
      }),
      { numRuns: 60 },
    );
  }, 120_000);
});

let orderNo = 0;
async function order(customerId: string | null, at: number): Promise<void> {
  const n = ++orderNo;
  await sql`insert into orders (id, reference, subject_id, email_index, lang, status, carrier, payment_method,
      goods_cents, delivery_fee_cents, total_cents, vat_cents, accounting_until, customer_id, created_at)
    values (${`o${n}`}, ${`R${n}`}, 's', 'e', 'en', 'delivered', 'posti', 'card', 1, 1, 2, 0, '2040-01-01',
      ${customerId}, ${stamp(at)}::timestamptz)`.execute(database.db);
}
