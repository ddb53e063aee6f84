/**
 * Whether a string is a uuid, the shape of every row id we hand out. A lookup by an id that is
 * not one names no row: asking a uuid column about it would make PostgreSQL raise an error and
 * abort the transaction around it, where "not found" is the answer.
 */
import { sql, type RawBuilder } from 'kysely';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/**
 * {@link isUuid} in SQL: a text column holding row ids (`orders.customer_id`,
 * `dsr_requests.customer_id`) as a uuid, null for a value that is none, never a cast error. Joined
 * as `c.id = asUuid(…)` the lookup goes through the uuid column's primary key; `c.id::text = …`
 * cannot use it, and scanned every account.
 */
export function asUuid(column: string): RawBuilder<string | null> {
  const ref = sql.ref(column);
  return sql<string | null>`(case when ${ref} ~* ${UUID.source} then ${ref}::uuid end)`;
}
