/**
 * Bulk writes of demo data, one transaction per batch so a crash leaves no half-written customer:
 * on PostgreSQL one `COPY … FROM STDIN` per table over a connection of its own; on PGlite (no
 * COPY from a client stream) multi-row INSERTs, as many rows per statement as the protocol's
 * 65,535 parameters allow.
 */
import type { Kysely, Transaction } from 'kysely';
import pg from 'pg';
import type { DB } from '../kit/db/schema.ts';
import { copyFrom, CopyTextEncoder } from '../kit/db/pg-copy.ts';

type Db = Kysely<DB> | Transaction<DB>;

/**
 * Every table the seed writes, in foreign-key order, with the columns it fills (the rest keep
 * their defaults: identities, `created_at` where the seed leaves it to the database).
 */
export const seedColumns = {
  vault_keys: ['key_id', 'subject_id', 'scope', 'master_key_id', 'wrapped_key'],
  vault_pseudonyms: ['link_id', 'subject_id', 'pseudonym'],
  customers: [
    'id',
    'email_index',
    // The profile as one record; the field columns of the old layout are left null.
    'profile_record',
    'password_hash',
    'email_verified_at',
    'policy_version',
    'policy_accepted_at',
    'lang',
    'created_at',
    'updated_at',
    'last_active_at',
  ],
  consent_records: [
    'id',
    'visitor_id',
    'decided_at',
    'policy_version',
    'text_hash',
    'decisions',
    'gpc',
    'dnt',
    'explicit',
    'source',
    'lang',
  ],
  consent_customer_links: ['record_id', 'customer_id'],
  newsletter_subscriptions: [
    'id',
    'customer_id',
    'email_index',
    'account_index',
    'email_sealed',
    'phone_sealed',
    'sms',
    'lang',
    'consent_text',
    'status',
    'created_at',
    'confirmed_at',
    'consent_record_id',
  ],
  orders: [
    'id',
    'reference',
    'subject_id',
    'customer_id',
    'email_index',
    'lang',
    'status',
    'carrier',
    'payment_method',
    'goods_cents',
    'delivery_fee_cents',
    'total_cents',
    'vat_cents',
    'whatsapp_notices',
    'contact_sealed',
    'billing_sealed',
    'identity_code_sealed',
    'payment_reference',
    'tracking_id',
    'accounting_until',
    'created_at',
    'paid_at',
    'shipped_at',
    'delivered_at',
  ],
  order_lines: [
    'order_id',
    'position',
    'slug',
    'name',
    'size',
    'quantity',
    'unit_price_cents',
    'line_total_cents',
  ],
  reviews: [
    'id',
    'product_slug',
    'customer_id',
    'rating',
    'display_name_sealed',
    'text_sealed',
    'created_at',
  ],
  browsing_events: ['visitor_id', 'event', 'path', 'product_id', 'search', 'occurred_at'],
} as const satisfies { [T in keyof DB]?: readonly (keyof DB[T] & string)[] };

export type SeedTable = keyof typeof seedColumns;
export const seedTables = Object.keys(seedColumns) as SeedTable[];

/** One batch's rows, table by table; each row's values in {@link seedColumns} order. */
export type SeedRows = Record<SeedTable, unknown[][]>;

/** Where a batch's rows go as they are made, table by table: arrays, or COPY text. */
export type SeedRowTargets = Record<SeedTable, { push(row: unknown[]): unknown }>;

export function emptySeedRows(): SeedRows {
  return Object.fromEntries(seedTables.map((t) => [t, []])) as unknown as SeedRows;
}

/** A batch encoded into COPY text as its rows are made (what a COPY writer sends). */
export type SeedCopyTargets = Record<SeedTable, CopyTextEncoder>;

export function copyTargets(): SeedCopyTargets {
  return Object.fromEntries(
    seedTables.map((t) => [t, new CopyTextEncoder()]),
  ) as unknown as SeedCopyTargets;
}

/** A batch's COPY text per table (tables without rows absent), and its row counts. */
export function finishCopy(targets: SeedCopyTargets): {
  tables: EncodedSeedRows;
  counts: Record<SeedTable, number>;
} {
  const tables: EncodedSeedRows = {};
  const counts = {} as Record<SeedTable, number>;
  for (const t of seedTables) {
    counts[t] = targets[t].rows;
    if (counts[t] > 0) tables[t] = targets[t].finish();
  }
  return { tables, counts };
}

export function copyStatement(table: SeedTable, schema = 'public'): string {
  return `copy "${schema}"."${table}" (${seedColumns[table].map((c) => `"${c}"`).join(', ')}) from stdin`;
}

export interface SeedWriter {
  /** Writes one batch in one transaction: all of it, or (on error) none of it. */
  write(rows: SeedRows): Promise<void>;
  close(): Promise<void>;
}

/** One batch already in COPY text, table by table (tables without rows absent). */
export type EncodedSeedRows = Partial<Record<SeedTable, Buffer>>;

export interface CopyWriter {
  /** Writes one batch in one transaction: all of it, or (on error) none of it. */
  write(tables: EncodedSeedRows): Promise<void>;
  close(): Promise<void>;
}

/**
 * PostgreSQL: `connections` connections of its own, one COPY per table per batch, each batch in
 * one transaction on whichever connection is free. Batches never share a row or a key, so two
 * in flight at once cannot conflict, and PostgreSQL gives each connection a process of its own:
 * one writes while the other waits for the disk or its turn on a core. A failed batch is rolled
 * back whole; the others commit whole or not at all, each on its own.
 */
export async function openCopyWriter(url: string, connections = 1): Promise<CopyWriter> {
  const clients: pg.Client[] = [];
  try {
    for (let n = 0; n < connections; n++) {
      const client = new pg.Client({ connectionString: url });
      clients.push(client);
      await client.connect();
    }
  } catch (err) {
    await Promise.all(clients.map((c) => c.end().catch(() => {})));
    throw err;
  }
  const idle = [...clients];
  // Writes waiting for a connection, first come first served.
  const waiting: ((client: pg.Client) => void)[] = [];
  const release = (client: pg.Client) => {
    const next = waiting.shift();
    if (next) next(client);
    else idle.push(client);
  };
  return {
    async write(tables) {
      const client =
        idle.pop() ?? (await new Promise<pg.Client>((resolve) => waiting.push(resolve)));
      try {
        await client.query('begin');
        try {
          for (const t of seedTables) {
            const data = tables[t];
            if (data) await copyFrom(client, copyStatement(t), [data]);
          }
          await client.query('commit');
        } catch (err) {
          await client.query('rollback').catch(() => {});
          throw err;
        }
      } finally {
        release(client);
      }
    },
    close: async () => {
      await Promise.all(clients.map((c) => c.end()));
    },
  };
}

/**
 * PGlite (or any Kysely database): multi-row INSERTs in one transaction per batch, one batch at a
 * time (PGlite has one connection).
 */
export function insertWriter(db: Kysely<DB>): SeedWriter {
  let last: Promise<unknown> = Promise.resolve();
  return {
    write(rows) {
      const run = last.then(() => insertBatch(db, rows));
      last = run.catch(() => {});
      return run;
    },
    close: async () => {},
  };
}

async function insertBatch(db: Kysely<DB>, rows: SeedRows): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const table of seedTables) {
      const columns = seedColumns[table];
      // PGlite's protocol reader takes a statement's parameter count as a signed 16-bit number:
      // past 32,767 it throws (or leaves the connection hung), where PostgreSQL allows 65,535.
      const per = Math.floor(32_767 / columns.length);
      for (let at = 0; at < rows[table].length; at += per) {
        // Kysely's row types cannot follow a table name chosen at run time.
        const values = rows[table]
          .slice(at, at + per)
          .map((r) => Object.fromEntries(columns.map((c, i) => [c, r[i]]))) as never;
        await trx.insertInto(table).values(values).execute();
      }
    }
  });
}

/** The email indexes among `indexes` that already have an account (a re-run skips them). */
export async function existingEmailIndexes(db: Db, indexes: string[]): Promise<Set<string>> {
  if (indexes.length === 0) return new Set();
  const rows = await db
    .selectFrom('customers')
    .select('email_index')
    .where('email_index', 'in', indexes)
    .execute();
  return new Set(rows.map((r) => r.email_index));
}

export async function countCustomers(db: Db): Promise<number> {
  const row = await db
    .selectFrom('customers')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function hasCustomers(db: Db): Promise<boolean> {
  const row = await db.selectFrom('customers').select('id').limit(1).executeTakeFirst();
  return row !== undefined;
}
