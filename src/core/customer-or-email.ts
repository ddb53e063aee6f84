/**
 * The rows of several people in a table that finds a person by account or by address, either
 * way: a row is someone's when its `customer_id` is theirs or its email blind index is (requests
 * made as a guest and later signed in, a subscription from before the account). Unlike
 * {@link ownOrGuest} an address also finds rows that carry an account. Requests, newsletter
 * subscriptions and campaign sends are found so; the tables name the index column differently.
 */
import { sql, type RawBuilder } from 'kysely';
import type { SubjectRef } from './personal-data-registry.ts';

type Person = Pick<SubjectRef, 'customerId' | 'emailIndex'>;

/**
 * The condition on `customer_id` and `emailColumn`: any of `people`'s rows; undefined when none
 * of them has an account or an address, so the caller need not ask the database.
 */
export function customerOrEmail(
  people: readonly Person[],
  emailColumn: 'email_index' | 'account_index',
): RawBuilder<boolean> | undefined {
  const customers = people.flatMap((s) => (s.customerId ? [s.customerId] : []));
  const emails = people.flatMap((s) => (s.emailIndex ? [s.emailIndex] : []));
  if (customers.length === 0 && emails.length === 0) return undefined;
  // One array parameter a column (typed by it), not one per person, as in ownOrGuest.
  return sql<boolean>`(${customers.length > 0 ? sql`customer_id = any(${customers})` : sql`false`}
    or ${emails.length > 0 ? sql`${sql.ref(emailColumn)} = any(${emails})` : sql`false`})`;
}

/** Whether a row with this account and index is `person`'s, as {@link customerOrEmail} finds. */
export function isCustomerOrEmailOf(
  person: Person,
  customerId: string | null,
  emailIndex: string | null,
): boolean {
  return (
    (person.customerId !== null && customerId === person.customerId) ||
    (person.emailIndex !== null && emailIndex === person.emailIndex)
  );
}
