/**
 * What the legal holds in force keep from a subject's erasure (GDPR Art. 17(3)(e)): the rights
 * engine asks once, in its `holds` step, and passes the answer to every eraser. A hold on the
 * customer keeps the modules the sweeps keep for it; a hold on an order keeps that order and
 * what identifies its buyer (the buyer's profile key and pseudonym). An ended hold keeps nothing.
 */
import type { Executor, LegalHoldSet } from '../core/personal-data-registry.ts';
import { activeHoldsOn } from './retention.repository.ts';

/** An order of the subject as the holds see it: its id and the vault subject of its buyer. */
export interface HeldOrderRef {
  id: string;
  subjectId: string;
}

export async function holdsOnSubject(
  db: Executor,
  now: Date,
  customerId: string | null,
  orders: readonly HeldOrderRef[],
): Promise<LegalHoldSet | null> {
  const rows = await activeHoldsOn(
    db,
    now,
    customerId,
    orders.map((o) => o.id),
  );
  if (rows.length === 0) return null;
  const customer = rows.some((r) => r.customer_id !== null);
  const orderIds = [...new Set(rows.flatMap((r) => (r.order_id ? [r.order_id] : [])))].sort();
  const subjectIds = new Set<string>(customer && customerId ? [customerId] : []);
  for (const o of orders) if (orderIds.includes(o.id)) subjectIds.add(o.subjectId);
  const holds = rows.map((r) => ({ id: r.id, until: new Date(r.until).toISOString() }));
  return {
    holds,
    customer,
    orderIds,
    subjectIds: [...subjectIds].sort(),
    until: holds
      .map((h) => h.until)
      .sort()
      .at(-1)!,
  };
}
