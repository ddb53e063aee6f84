/**
 * What staff type to place, extend or release a legal hold (the console's forms and the staff
 * API's JSON alike), turned into what HoldService takes: the customer named by pseudonym and the
 * order by its number (or id), both resolved to their ids; the last day held as YYYY-MM-DD, held
 * through its end as `custodian retention hold` does. Refusals are localized DomainErrors (4xx),
 * and `localHoldError` gives HoldService's own refusals (English) their fi/sv words.
 *
 * @example
 *   const input = await holdInput(deps, await readFormWithLists(c), staffId);
 *   await holds.place(input);
 */
import { z } from 'zod';
import type { Database } from '../kit/db/database.ts';
import { DomainError } from '../kit/errors.ts';
import type { Localized } from '../kit/web/i18n.ts';
import type { Vault } from '../kit/vault/vault.ts';
import type { HoldInput } from './holds.service.ts';
import { customerExists, findOrderForHold } from './retention.repository.ts';
import { retentionText } from './retention.messages.ts';

const r = retentionText.refusals;
const DAY = 86_400_000;

/** A form field that may repeat (or a JSON value), as one trimmed string ('' when no string). */
function one(v: unknown): string {
  const first: unknown = Array.isArray(v) ? v[0] : v;
  return typeof first === 'string' ? first.trim() : '';
}

const refuse = (code: 'validation_failed' | 'not_found', message: Localized, field: string) =>
  new DomainError(code, message, { [field]: message.en });

const fill = (m: Localized, date: string): Localized => ({
  en: m.en.replace('{date}', date),
  fi: m.fi.replace('{date}', date),
  sv: m.sv.replace('{date}', date),
});

/**
 * The end of the last day held: YYYY-MM-DD (a round trip, so 2031-02-30 is refused rather than
 * read as 2 March), then the midnight after it, as the CLI does.
 */
export function endOfLastDay(value: unknown): Date {
  const text = one(value);
  const d = new Date(`${text}T00:00:00Z`);
  if (
    !/^\d{4}-\d{2}-\d{2}$/.test(text) ||
    Number.isNaN(d.getTime()) ||
    d.toISOString().slice(0, 10) !== text
  )
    throw refuse('validation_failed', r.day, 'until');
  return new Date(d.getTime() + DAY);
}

/** The last day a hold's end date covers (the day before the midnight it ends at). */
export const lastDayOf = (until: Date) => new Date(until.getTime() - 1).toISOString().slice(0, 10);

const uuid = z.uuid();

interface Deps {
  database: Database;
  vault: Vault;
}

/**
 * A new hold from the typed fields: `kind` (customer or order; the API may leave it out and give
 * one of the two), `customer` (a pseudonym), `order` (an order number or id), `reason`, `until`.
 */
export async function holdInput(
  deps: Deps,
  fields: Record<string, unknown>,
  placedBy: string,
): Promise<HoldInput> {
  const customer = one(fields.customer);
  const order = one(fields.order);
  const kind =
    one(fields.kind) || (customer && !order ? 'customer' : order && !customer ? 'order' : '');
  if (kind !== 'customer' && kind !== 'order') throw refuse('validation_failed', r.kind, 'kind');
  const reason = one(fields.reason);
  if (reason.length < 3 || reason.length > 2000)
    throw refuse('validation_failed', r.reason, 'reason');
  const until = endOfLastDay(fields.until);
  const { db } = deps.database;
  if (kind === 'customer') {
    const id = /^[A-Za-z0-9_-]{8,128}$/.test(customer)
      ? await deps.vault.subjectOfPseudonym(db, customer)
      : undefined;
    if (!id || !(await customerExists(db, id))) throw refuse('not_found', r.customer, 'customer');
    return { customerId: id, reason, until, placedBy };
  }
  const found =
    order.length === 0 || order.length > 64
      ? undefined
      : await findOrderForHold(
          db,
          uuid.safeParse(order).success ? { id: order.toLowerCase() } : { reference: order },
        );
  if (!found) throw refuse('not_found', r.order, 'order');
  return { orderId: found.id, reason, until, placedBy };
}

/**
 * HoldService's refusals in every language, told apart by their `fields` (never by their English
 * wording, which the CLI prints and may change); anything else as it is.
 */
export function localHoldError(err: unknown): unknown {
  if (!(err instanceof DomainError) || err.translations) return err;
  const message = holdRefusal(err);
  return message ? new DomainError(err.code, message, err.fields) : err;
}

function holdRefusal(err: DomainError): Localized | undefined {
  if (err.code === 'not_found') return r.hold;
  const until = err.fields?.until ?? '';
  if (until === 'in the past') return r.past;
  if (until === 'too far') {
    // The service names the latest end (a midnight or later); the last day is the one before.
    const date = /\d{4}-\d{2}-\d{2}/.exec(err.message)?.[0] ?? '';
    return fill(r.tooFar, lastDayOf(new Date(`${date}T00:00:00Z`)));
  }
  if (until.startsWith('later than'))
    return fill(r.notLater, lastDayOf(new Date(until.slice('later than '.length))));
  const hold = err.fields?.hold;
  if (hold === 'already released') return r.alreadyReleased;
  if (hold === 'released') return r.wasReleased;
  if (hold === 'ended') return r.hasEnded;
  if (err.fields?.reason) return r.reason;
  if (err.fields?.why) return r.why;
  return undefined;
}
