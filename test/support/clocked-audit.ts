/**
 * The audit log at a clock the test sets: an AuditService writing into the test services' own
 * chain and checkpoint file (so their sweeps and `verify` see its entries), with helpers to add
 * entries at a date and to list the positions left. Used by the audit retention tests.
 *
 * @example
 *   const a = await clockedAudit();
 *   const old = await a.add(new Date(t0), 3);
 *   expect(await a.positions()).toEqual(old);
 */
import { sql } from 'kysely';
import { AuditService } from '../../src/audit/audit.service.ts';
import { createTestServices, type TestServices } from './services.ts';

export interface ClockedAudit {
  services: TestServices;
  audit: AuditService;
  /** Records `n` entries at `at` (about `subject`, a pseudonym, when given); their positions. */
  add: (at: Date, n: number, subject?: string) => Promise<number[]>;
  /** Every position in the log, in order. */
  positions: () => Promise<number[]>;
}

export async function clockedAudit(): Promise<ClockedAudit> {
  const services = await createTestServices();
  let clock = new Date();
  const audit = new AuditService({
    db: services.database.db,
    vault: services.vault,
    checkpoints: services.audit.checkpoints,
    now: () => clock,
  });
  return {
    services,
    audit,
    add: async (at, n, subject) => {
      clock = at;
      const positions: number[] = [];
      for (let i = 0; i < n; i++) {
        await audit.record({
          actor: { kind: 'staff', id: 'staff-1' },
          action: 'customer.view',
          ...(subject ? { subject } : {}),
        });
        positions.push((await audit.head()).position);
      }
      return positions;
    },
    positions: async () =>
      (
        await sql<{ p: string }>`select position as p from audit_log order by position`.execute(
          services.database.db,
        )
      ).rows.map((r) => Number(r.p)),
  };
}
