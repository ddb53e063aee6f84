/**
 * What the legal holds in force keep from a subject's erasure (GDPR Art. 17(3)(e)): the rights
 * engine asks once, in its `holds` step, and passes the answer to every eraser. A hold on the
 * customer keeps the modules the sweeps keep for it; a hold on an order keeps that order and
 * what identifies its buyer (the buyer's profile key and pseudonym). An ended hold keeps nothing.
 */
import type { Executor, LegalHoldSet } from '../core/personal-data-registry.ts';
import { activeHoldsOnMany } from './retention.repository.ts';

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
  return (await holdsOnSubjects(db, now, [{ customerId, orders }]))[0]!;
}

/**
 * {@link holdsOnSubject} for several people in one statement (a batch of erasures' `holds`): each
 * person's holds, or null, in order.
 */
export async function holdsOnSubjects(
  db: Executor,
  now: Date,
  people: readonly { customerId: string | null; orders: readonly HeldOrderRef[] }[],
): Promise<(LegalHoldSet | null)[]> {
  const all = await activeHoldsOnMany(
    db,
    now,
    people.flatMap((p) => (p.customerId ? [p.customerId] : [])),
    people.flatMap((p) => p.orders.map((o) => o.id)),
  );
  return people.map(({ customerId, orders }) => {
    const ids = new Set(orders.map((o) => o.id));
    const rows = all.filter(
      (r) =>
        (customerId !== null && r.customer_id === customerId) ||
        (r.order_id !== null && ids.has(r.order_id)),
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
  });
}
