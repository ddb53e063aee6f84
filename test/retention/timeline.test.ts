/**
 * Retention against the clock, on PGlite and PostgreSQL.
 *
 * Time travel: customers, orders, browsing events, consent choices and log entries seeded across
 * eleven years (2020–2030), a hold on a customer and on an order until 2029; the sweeps run at
 * every instant a record expires and the millisecond before it, and after each step every record
 * is exactly in the state the manifest's rules give for that moment: nothing ended early, nothing
 * late, held records untouched until the hold ends.
 *
 * Property: over generated timelines and a random "now", one run ends exactly the expired records.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expiresAt, financialYearOf } from '../../src/core/manifest/retention-period.ts';
import { createLogger } from '../../src/kit/log.ts';
import { INACTIVITY_NOTICE_DAYS } from '../../src/customers/customers.retention.ts';
import { HoldService } from '../../src/retention/holds.service.ts';
import { RetentionRunner } from '../../src/retention/retention-runner.ts';
import { createTestServices, type TestServices } from '../support/services.ts';
import { consentEnd, expected, observe, seed, type Spec } from './timeline.ts';
import { proves } from '../support/proves.ts';

let services: TestServices;
let clock = new Date('2020-01-01T00:00:00Z');
let runner: RetentionRunner;
let holds: HoldService;

beforeAll(async () => {
  // The rights engine erases inactive accounts and asks which holds are in force: on this clock.
  services = await createTestServices({}, { now: () => clock });
  runner = new RetentionRunner({
    database: services.database,
    sweeps: services.retention.sweeps,
    manifest: () => services.policy.manifest,
    log: createLogger('silent'),
    now: () => clock,
    // Small batches: every sweep crosses several batch transactions.
    batchSize: 3,
  });
  holds = new HoldService({ database: services.database, vault: services.vault, now: () => clock });
}, 60_000);
afterAll(async () => services.close());

const d = (s: string) => new Date(`${s}Z`);

function timelineSpecs(): Spec[] {
  return [
    { kind: 'customer', lastActive: d('2020-03-10T08:00:00') },
    { kind: 'customer', lastActive: d('2021-06-30T23:59:59.999') },
    { kind: 'customer', lastActive: d('2020-02-01T12:00:00'), held: true },
    { kind: 'customer', lastActive: d('2023-12-31T10:00:00') },
    { kind: 'order', createdAt: d('2020-01-15T10:00:00'), deliveredAt: d('2020-01-20T10:00:00') },
    { kind: 'order', createdAt: d('2020-12-31T23:30:00'), deliveredAt: d('2021-01-04T09:00:00') },
    { kind: 'order', createdAt: d('2021-02-28T10:00:00'), deliveredAt: null },
    {
      kind: 'order',
      createdAt: d('2022-06-01T10:00:00'),
      deliveredAt: d('2022-06-03T10:00:00'),
      customer: 1,
    },
    {
      kind: 'order',
      createdAt: d('2020-05-05T10:00:00'),
      deliveredAt: d('2020-05-08T10:00:00'),
      customer: 2,
    },
    {
      kind: 'order',
      createdAt: d('2020-07-01T10:00:00'),
      deliveredAt: d('2020-07-02T10:00:00'),
      held: true,
    },
    { kind: 'order', createdAt: d('2024-02-29T10:00:00'), deliveredAt: d('2024-03-31T10:00:00') },
    {
      kind: 'order',
      createdAt: d('2026-11-11T10:00:00'),
      deliveredAt: d('2026-11-12T10:00:00'),
      customer: 3,
    },
    { kind: 'event', at: d('2020-01-31T10:00:00') },
    { kind: 'event', at: d('2020-02-29T23:00:00') },
    { kind: 'event', at: d('2021-12-31T23:59:59') },
    { kind: 'event', at: d('2024-03-15T10:00:00') },
    { kind: 'event', at: d('2029-05-01T10:00:00') },
    { kind: 'event', at: d('2020-06-01T10:00:00'), heldCustomer: true },
    {
      kind: 'consent',
      at: [d('2020-01-02T10:00:00'), d('2020-08-01T10:00:00'), d('2023-08-01T10:00:00')],
    },
    { kind: 'consent', at: [d('2021-03-01T10:00:00')] },
    { kind: 'consent', at: [d('2025-01-01T10:00:00'), d('2027-06-30T10:00:00')] },
    { kind: 'log', at: d('2020-01-05T10:00:00') },
    { kind: 'log', at: d('2022-02-28T10:00:00') },
    { kind: 'log', at: d('2030-12-31T10:00:00') },
  ];
}

/** Every instant a record of the specs can change state, and the millisecond before each. */
function steps(specs: Spec[], holdUntil: Date): Date[] {
  const manifest = services.policy.manifest;
  const fy = financialYearOf(manifest);
  const at = (rule: string, from: Date) => expiresAt(manifest.retention[rule]!, from, fy)!;
  const instants: Date[] = [
    holdUntil,
    new Date(holdUntil.getTime() + INACTIVITY_NOTICE_DAYS * 86_400_000),
  ];
  const customers = specs.filter((s) => s.kind === 'customer');
  for (const s of specs) {
    if (s.kind === 'event') instants.push(at('browsing', s.at));
    if (s.kind === 'log') instants.push(at('system_logs', s.at));
    if (s.kind === 'consent')
      s.at.forEach((_, i) => instants.push(at('consent_proof', consentEnd(manifest, s.at, i))));
    if (s.kind === 'order') {
      instants.push(at('consumer_trade', s.deliveredAt ?? s.createdAt));
      instants.push(at('accounting_vouchers', s.createdAt), at('accounting_books', s.createdAt));
    }
    if (s.kind === 'customer') {
      const own = specs.filter(
        (o) => o.kind === 'order' && o.customer !== undefined && customers[o.customer] === s,
      );
      const times = [
        s.lastActive,
        ...own.map((o) => (o.kind === 'order' ? o.createdAt : s.lastActive)),
      ];
      const ends = at(
        'customer_relationship',
        new Date(Math.max(...times.map((t) => t.getTime()))),
      );
      // Its notice goes out INACTIVITY_NOTICE_DAYS before (a held one's when the hold ends).
      instants.push(ends, new Date(ends.getTime() - INACTIVITY_NOTICE_DAYS * 86_400_000));
    }
  }
  const all = instants.flatMap((t) => [t.getTime() - 1, t.getTime()]);
  return [...new Set(all)].sort((a, b) => a - b).map((t) => new Date(t));
}

describe('retention over eleven years (time travel)', () => {
  it(
    'ends exactly the expired records at every boundary, and held ones only after the hold',
    {
      ...proves(
        'retention:customer_relationship',
        'retention:consumer_trade',
        'retention:accounting_vouchers',
        'retention:accounting_books',
        'retention:browsing',
        'retention:consent_proof',
        'retention:system_logs',
        'security:anonymisation',
      ),
      timeout: 180_000,
    },
    async () => {
      clock = d('2020-01-01T00:00:00');
      const holdUntil = d('2029-06-01T00:00:00');
      const specs = timelineSpecs();
      const seeded = await seed(services, specs, {
        from: clock,
        until: holdUntil,
        place: async (target) => {
          await holds.place({
            ...target,
            reason: 'Dispute 2020/7',
            until: holdUntil,
            placedBy: 'test',
          });
        },
      });
      expect(await observe(services, seeded)).toEqual(expected(services, seeded, clock));
      const instants = steps(specs, holdUntil);
      expect(instants.length).toBeGreaterThan(60);
      for (const t of instants) {
        clock = t;
        const report = await runner.run({ trigger: 'test' });
        expect(report.status, `run at ${t.toISOString()}`).toBe('done');
        expect(await observe(services, seeded), `at ${t.toISOString()}`).toEqual(
          expected(services, seeded, t),
        );
      }
      // By the end of 2040 every period has run out, the cookie choices' too (they lapse).
      clock = d('2041-01-01T00:00:00');
      await runner.run({ trigger: 'test' });
      const end = await observe(services, seeded);
      expect(end).toEqual(expected(services, seeded, clock));
      expect(end.flat()).not.toContain('linked/voucher');
      expect(end.flat()).not.toContain('customer');
    },
  );
});

const year = 365.25 * 86_400_000;
const dateIn = (from: string, to: string) =>
  fc.integer({ min: d(from).getTime(), max: d(to).getTime() }).map((t) => new Date(t));

const specArb: fc.Arbitrary<Spec> = fc.oneof(
  dateIn('2012-01-01T00:00:00', '2035-01-01T00:00:00').map((at): Spec => ({ kind: 'event', at })),
  dateIn('2012-01-01T00:00:00', '2035-01-01T00:00:00').map((at): Spec => ({ kind: 'log', at })),
  fc
    .tuple(
      dateIn('2010-01-01T00:00:00', '2035-01-01T00:00:00'),
      fc.option(fc.integer({ min: 0, max: 60 })),
    )
    .map(([createdAt, days]): Spec => ({
      kind: 'order',
      createdAt,
      deliveredAt: days === null ? null : new Date(createdAt.getTime() + days * 86_400_000),
    })),
  fc
    .array(dateIn('2012-01-01T00:00:00', '2035-01-01T00:00:00'), { minLength: 1, maxLength: 4 })
    .map((ts): Spec => ({
      kind: 'consent',
      at: [...ts].sort((a, b) => a.getTime() - b.getTime()),
    })),
);

describe('retention over generated timelines (property)', () => {
  it('one run at any moment ends exactly the records whose period has passed', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(specArb, { minLength: 1, maxLength: 12 }),
        dateIn('2014-01-01T00:00:00', '2040-01-01T00:00:00'),
        async (specs, now) => {
          clock = new Date(now.getTime() - 20 * year);
          const seeded = await seed(services, specs, {
            from: clock,
            until: clock,
            place: async () => {},
          });
          clock = now;
          await runner.run({ trigger: 'test' });
          expect(await observe(services, seeded)).toEqual(expected(services, seeded, now));
        },
      ),
      { numRuns: 25 },
    );
  }, 180_000);
});
