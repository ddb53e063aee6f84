/**
 * The row-level erasure proof, which does not rely on keys being destroyed: after an erasure,
 * every identifier of the person (customer id, vault subject ids, pseudonyms, blind indexes,
 * linked visitor ids, request ids) may appear only in the columns listed in {@link erasureKeeps},
 * each there for a retention the manifest states, and nowhere else: not in any table of any
 * schema (pg-boss's queue included), not in the log lines, not in the outbox.
 *
 * Every identifier is a random id or a keyed hash, so a match is never a coincidence: a row that
 * still carries one is a row the erasure left linked to the person.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../src/kit/db/schema.ts';

export type IdentifierKind =
  'customer id' | 'vault subject' | 'pseudonym' | 'blind index' | 'visitor id' | 'request id';

export type PersonIdentifiers = Record<IdentifierKind, string[]>;

/** What a {@link Kept} row condition may consult. */
export interface KeptContext {
  /** The vault subjects of the orders kept as vouchers. */
  voucherSubjects: ReadonlySet<string>;
}

/** A place an erasure leaves an identifier, on purpose. */
export interface Kept {
  /** `schema.table`. */
  table: string;
  column: string;
  kinds: IdentifierKind[];
  /** The manifest's retention key that says why it stays. */
  retention: string;
  why: string;
  /** Only rows that pass (e.g. only the accounting keys of kept vouchers). */
  where?: (row: Record<string, unknown>, context: KeptContext) => boolean;
}

/**
 * What an erasure keeps linked to the person: the accounting voucher (Accounting Act 2:10, under
 * the accounting key), the consent proof (Art. 7(1), linked to a browser only), the anonymous
 * disclosure log (Art. 30, its pseudonym leads to nobody), the audit log (the same), a legal hold
 * (Art. 17(3)(e)), the newsletter suppression (so the address is not mailed again) and the record
 * of the person's requests (Art. 5(2), 12).
 */
export const erasureKeeps: Kept[] = [
  // The kept orders: the voucher, sealed under the accounting key of the order's vault subject,
  // found by staff through the email index for the Accounting Act period.
  ...['subject_id', 'customer_id', 'email_index'].map((column) => ({
    table: 'public.orders',
    column,
    kinds: ['vault subject', 'customer id', 'blind index'] as IdentifierKind[],
    retention: 'accounting_vouchers',
    why: 'the order voucher',
  })),
  {
    table: 'public.vault_keys',
    column: 'subject_id',
    kinds: ['vault subject', 'customer id'],
    retention: 'accounting_vouchers',
    why: 'the accounting key the voucher is sealed under',
    where: (row, { voucherSubjects }) =>
      row.scope === 'accounting' && voucherSubjects.has(String(row.subject_id)),
  },
  {
    table: 'public.consent_records',
    column: 'visitor_id',
    kinds: ['visitor id'],
    retention: 'consent_proof',
    why: 'proof of a consent given in a browser; the link to the account is erased',
  },
  {
    table: 'public.disclosures',
    column: 'subject_pseudonym',
    kinds: ['pseudonym'],
    retention: 'system_logs',
    why: 'the disclosure log, anonymous once the pseudonym link is erased',
  },
  {
    table: 'public.audit_log',
    column: 'subject',
    kinds: ['pseudonym'],
    retention: 'system_logs',
    why: 'the audit log, kept whole for its hash chain, anonymous once the pseudonym link is erased',
  },
  {
    table: 'public.retention_holds',
    column: 'customer_id',
    kinds: ['customer id'],
    retention: 'system_logs',
    why: 'a legal hold exists for a legal claim (Art. 17(3)(e)) and ends with its date',
  },
  {
    table: 'public.newsletter_suppressions',
    column: 'email_index',
    kinds: ['blind index'],
    retention: 'consent_proof',
    why: 'the withdrawn address is never mailed again',
  },
  // The record that each request was handled, and when; by customer id or email index.
  ...(
    [
      ['dsr_requests', 'id'],
      ['dsr_requests', 'customer_id'],
      ['dsr_requests', 'email_index'],
      ['dsr_request_steps', 'request_id'],
      ['dsr_notifications', 'request_id'],
      ['dsr_links', 'request_id'],
    ] as const
  ).map(([table, column]) => ({
    table: `public.${table}`,
    column,
    kinds: ['request id', 'customer id', 'blind index'] as IdentifierKind[],
    retention: 'system_logs',
    why: 'the record of the request',
  })),
  // The queue's record of running a request names the request only (pg-boss deletes it later).
  ...['data', 'singleton_key'].map((column) => ({
    table: 'pgboss.job',
    column,
    kinds: ['request id'] as IdentifierKind[],
    retention: 'system_logs',
    why: 'the job that ran the request',
  })),
];

/** One identifier found where nothing keeps it. */
export interface Leftover {
  table: string;
  column: string;
  kind: IdentifierKind;
}

interface TableRef {
  schema: string;
  name: string;
}

/** Every table of every schema but the system's, partitions read through their parent. */
async function everyTable(db: Kysely<DB>): Promise<TableRef[]> {
  const { rows } = await sql<TableRef>`
    select n.nspname as schema, c.relname as name
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where c.relkind in ('r', 'p') and not c.relispartition
      and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg_toast%'
    order by 1, 2`.execute(db);
  return rows;
}

function matches(ids: PersonIdentifiers, text: string): IdentifierKind[] {
  return (Object.keys(ids) as IdentifierKind[]).filter((kind) =>
    ids[kind].some((v) => text.includes(v)),
  );
}

/**
 * Where the person's identifiers are left in the database, outside what `keeps` allows: by default
 * {@link erasureKeeps}; with `[]`, every place that holds them (the control before an erasure).
 */
export async function leftoversInDatabase(
  db: Kysely<DB>,
  ids: PersonIdentifiers,
  keeps: readonly Kept[] = erasureKeeps,
): Promise<Leftover[]> {
  const found = new Map<string, Leftover>();
  const vouchers = await sql<{ subject_id: string }>`select subject_id from orders`.execute(db);
  const context: KeptContext = { voucherSubjects: new Set(vouchers.rows.map((r) => r.subject_id)) };
  for (const t of await everyTable(db)) {
    const table = `${t.schema}.${t.name}`;
    const { rows } = await sql<{ row: Record<string, unknown> }>`select to_jsonb(t) as row
      from ${sql.table(table)} as t`.execute(db);
    for (const { row } of rows) {
      for (const [column, value] of Object.entries(row)) {
        if (value === null) continue;
        const text = typeof value === 'string' ? value : JSON.stringify(value);
        for (const kind of matches(ids, text)) {
          const kept = keeps.some(
            (k) =>
              k.table === table &&
              k.column === column &&
              k.kinds.includes(kind) &&
              (!k.where || k.where(row, context)),
          );
          if (!kept) found.set(`${table}.${column}:${kind}`, { table, column, kind });
        }
      }
    }
  }
  return [...found.values()];
}

/** The kinds of the person's identifiers that occur in `text` (log lines, mail). */
export function identifiersIn(text: string, ids: PersonIdentifiers): IdentifierKind[] {
  return matches(ids, text);
}

/** The tables named by leftovers, sorted and without repeats. */
export function tablesOf(leftovers: Leftover[]): string[] {
  return [...new Set(leftovers.map((l) => l.table))].sort();
}
