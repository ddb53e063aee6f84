/**
 * Whether a string is a uuid, the shape of every row id we hand out. A lookup by an id that is
 * not one names no row: asking a uuid column about it would make PostgreSQL raise an error and
 * abort the transaction around it, where "not found" is the answer.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}
