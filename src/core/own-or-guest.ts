/**
 * The rows of several people in a table that keys them as orders do: a customer's own rows by
 * `customer_id`, and a guest's (no `customer_id`) by the blind index of the email they gave
 * (`email_index`). Orders, credit decisions and source notices are found so; one person's rows
 * are the batch's with one person.
 */
import { sql, type RawBuilder } from 'kysely';
import type { SubjectRef } from './personal-data-registry.ts';

type Person = Pick<SubjectRef, 'customerId' | 'emailIndex'>;

/** The condition on such a table's `customer_id` and `email_index`: any of `people`'s rows. */
export function ownOrGuest(people: readonly Person[]): RawBuilder<boolean> {
  const customers = people.flatMap((s) => (s.customerId ? [s.customerId] : []));
  const emails = people.flatMap((s) => (s.emailIndex ? [s.emailIndex] : []));
  // One array parameter each (typed by the column), not one per person: a batch of 250 erasures
  // asks this of several tables, and a list of 500 parameters cost more to build than to run.
  return sql<boolean>`(${customers.length > 0 ? sql`customer_id = any(${customers})` : sql`false`}
    or ${emails.length > 0 ? sql`(customer_id is null and email_index = any(${emails}))` : sql`false`})`;
}

/** The rows {@link ownOrGuest} read, each person's (own, or a guest's by email), in order. */
export function ownOrGuestOfEach<
  R extends { customer_id: string | null; email_index: string | null },
>(rows: readonly R[], people: readonly Person[]): R[][] {
  return people.map((s) =>
    rows.filter((r) =>
      r.customer_id !== null
        ? r.customer_id === s.customerId
        : s.emailIndex !== null && r.email_index === s.emailIndex,
    ),
  );
}
