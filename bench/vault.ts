/**
 * `npm run bench:vault [-- N]`: the cost of writing and reading N customers through the vault
 * against the same operations on plaintext columns, measured in the same run, as a ratio. Runs
 * on in-memory PGlite, and on PostgreSQL when TEST_POSTGRES_URL (or 127.0.0.1:5432) answers.
 *
 * A customer is five personal fields: email, name, phone, address (profile scope) and identity
 * code (accounting scope), plus an email lookup column (lower(email) vs. a blind index). Two
 * vault layouts are measured against the same plaintext baseline:
 *
 * - `fields`: one sealed column per field (`sealMany`/`openMany`, five AES-GCM operations);
 * - `records`: one sealed column per scope (`sealRecord`/`openRecord`, two operations);
 * - `app`: the app's own customer, through src/customers (customer-profile.ts and the customers
 *   repository) on the real `customers` table: the profile as one record, one operation; no
 *   accounting field (an account has none). Its statements are the app's, not the flat
 *   templates of the other sides: the account page's read through the query builder
 *   (`findCustomerAccount`: the profile's columns and what the page shows, password hash,
 *   policy, timestamps), the sign-in's whole row by email, and an update that locks and re-reads
 *   the profile in a transaction as `updateProfile` does;
 * - `app0`: the same app path on accounts in the field layout written before migration 0238 (five
 *   sealed columns, one operation per field), written and changed as the app did before it:
 *   the app's before and after, measured in the same run;
 * - `app-plain`: the app's path with the vault taken out, the fair baseline for `app` and `app0`.
 *   The same statements, built by the same query builder in the same repository-style functions
 *   (the account page's read, `findCustomerAccount`; the sign-in's read by email; the create's
 *   insert; the rectification's lock, read and update in one transaction), on
 *   `bench_app_plain`, a twin of `customers` made in the bench's database only: the same columns,
 *   types and indexes, with the profile's five fields in clear where `customers` has the record
 *   and the old layout's five sealed columns, and the email itself (lower-cased) where it has the
 *   blind index. So `app ÷ app-plain` is what the vault costs on the app's path, and the goal is
 *   judged on it; `app ÷ plaintext` (against the flat seven-column template) is printed as before.
 *
 * Fair baseline of the first table (plaintext, fields, records): the three tables hold the same customers, every operation is the same
 * statements, built the same way, on the same connection (`select * … where id = $1` as one flat
 * template on every side, one insert in a transaction,
 * built with the query builder as the app's `insertCustomer` is, one update), and the three sides
 * run interleaved customer by customer, in rotating order, so they meet the same machine load.
 * The only extra work on the vault side is the vault's own: a create writes the new customer's
 * keys in its insert statement (`vault.newSubjectKeys` + `withNewKeys`, as the app's create does),
 * then the cryptography, and (records) reading a record before changing part of it.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { sql, type Kysely, type QueryCreator, type RawBuilder, type Transaction } from 'kysely';
import type { Database } from '../src/kit/db/database.ts';
import { migrateToLatest } from '../src/kit/db/migrate.ts';
import type { DB } from '../src/kit/db/schema.ts';
import { createVault, type Vault } from '../src/kit/vault/vault.ts';
import { withNewKeys } from '../src/kit/vault/vault.repository.ts';
import { isUuid } from '../src/kit/db/uuid.ts';
import { openProfile, resealProfile, sealProfile } from '../src/customers/customer-profile.ts';
import {
  ACCOUNT_COLUMNS,
  PROFILE_COLUMNS,
  findCustomerAccount,
  findCustomerByEmailIndex,
  insertCustomer,
  lockCustomer,
  updateCustomer,
} from '../src/customers/customers.repository.ts';
import { onBothDatabases } from './both-databases.ts';

const N = Number(process.argv[2] ?? 1000);
const ROUNDS = 3;
/** The project's goals (issue 15): vault ÷ plaintext, median per operation. */
const GOALS: Record<string, number> = { 'create (in a transaction)': 1.5, 'read by id': 1.2 };

interface Customer {
  id: string;
  /** The same customer's id in the records table: a subject of its own, so neither vault side
   * finds data keys the other side created (each create pays for its keys). */
  rid: string;
  /** …and in `customers`, the app's table. */
  aid: string;
  /** …and there again, in the old field layout. */
  bid: string;
  /** …and in the unsealed twin of `customers`. */
  pid: string;
  email: string;
  name: string;
  phone: string;
  address: string;
  identity_code: string;
}

const PROFILE = ['email', 'name', 'phone', 'address'] as const;

function customers(): Customer[] {
  return Array.from({ length: N }, (_, i) => ({
    id: randomUUID(),
    rid: randomUUID(),
    aid: randomUUID(),
    bid: randomUUID(),
    pid: randomUUID(),
    email: `customer.${i}.${randomBytes(3).toString('hex')}@example.fi`,
    name: `Customer Number ${i}`,
    phone: `+358 40 ${String(1_000_000 + i)}`,
    address: `Esimerkkikatu ${i}, 00100 Helsinki`,
    identity_code: '131052-308T',
  }));
}

async function createTables(db: Kysely<DB>): Promise<void> {
  for (const t of ['bench_plain', 'bench_fields']) {
    await sql`drop table if exists ${sql.table(t)}`.execute(db);
    await sql`create table ${sql.table(t)} (id text primary key, lookup text not null unique,
      email text, name text, phone text, address text, identity_code text)`.execute(db);
  }
  await sql`drop table if exists bench_records`.execute(db);
  await sql`create table bench_records (id text primary key, lookup text not null unique,
    profile text, accounting text)`.execute(db);
  // The twin of `customers` (migrations 0020, 0080, 0097, 0160, 0238): its columns, types,
  // defaults and indexes, the profile in clear. Never in the app's migrations.
  await sql`drop table if exists bench_app_plain`.execute(db);
  await sql`create table bench_app_plain (
    id uuid primary key,
    email_index text not null unique,
    email text not null,
    name text not null,
    phone text,
    address text,
    birthday text,
    password_hash text,
    email_verified_at timestamptz,
    policy_version integer not null,
    policy_accepted_at timestamptz not null,
    lang text not null default 'en',
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    last_active_at timestamptz not null default now(),
    inactivity_notice_at timestamptz)`.execute(db);
  await sql`create index bench_app_plain_last_active on bench_app_plain (last_active_at)`.execute(
    db,
  );
  await sql`create index bench_app_plain_inactivity_notice on bench_app_plain
    (inactivity_notice_at) where inactivity_notice_at is not null`.execute(db);
}

/** The twin's profile columns: `customers`' profile columns (the repository's) in clear. */
const PLAIN_PROFILE = ['id', 'email', 'name', 'phone', 'address', 'birthday'] as const;
/** …and what the account page reads besides, the columns `findCustomerAccount` selects. */
const PLAIN_ACCOUNT = [
  ...PLAIN_PROFILE,
  ...ACCOUNT_COLUMNS.filter((c) => !(PROFILE_COLUMNS as readonly string[]).includes(c)),
];

type Op = (c: Customer) => Promise<void>;

/** The bench tables are not in the schema's types. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const anyDb = (db: QueryCreator<DB>) => db as unknown as QueryCreator<any>;
type Side = 'plain' | 'fields' | 'records' | 'app' | 'app0' | 'appPlain';
const SIDES: Side[] = ['plain', 'fields', 'records', 'app', 'app0', 'appPlain'];

function operations(db: Kysely<DB>, vault: Vault): Record<string, Record<Side, Op>> {
  // As accounts.service.ts `register` inserts an account (without the password hashing), with
  // the profile's columns in either layout.
  const insertAppCustomer = (
    trx: Transaction<DB>,
    id: string,
    email: string,
    profile: Partial<Parameters<typeof insertCustomer>[1]>,
    keys: Parameters<typeof insertCustomer>[2],
  ) =>
    insertCustomer(
      trx,
      {
        id,
        // Unique per side: app and app0 share the customers table and its unique index.
        email_index: vault.blindIndex('email', `${id}${email}`),
        ...profile,
        password_hash: null,
        policy_version: 1,
        policy_accepted_at: new Date(),
      },
      keys,
    );
  const readPlain = async (c: Customer) => {
    await sql`select * from bench_plain where id = ${c.id}`.execute(db);
  };
  // Each side's statement is one flat template, built as the plaintext side builds its own (a
  // nested `where` fragment cost the vault sides a second raw node to compile).
  const readFieldsById = (c: Customer) =>
    readFields(db, vault, sql`select * from bench_fields where id = ${c.id}`);
  const readRecordsById = (c: Customer) =>
    readRecords(db, vault, sql`select * from bench_records where id = ${c.rid}`);
  // The app's read of an account's profile (accounts.service.ts `profile`, the account page).
  const readAppById = async (c: Customer, id = c.aid) => {
    await openProfile(vault, db, (await findCustomerAccount(db, id))!);
  };
  // The same read on the twin, written as the repository writes `findCustomerAccount`.
  const readAppPlainById = async (c: Customer) => {
    if (!isUuid(c.pid)) return;
    await anyDb(db)
      .selectFrom('bench_app_plain')
      .select(PLAIN_ACCOUNT)
      .where('id', '=', c.pid)
      .executeTakeFirst();
  };
  const readApp0ById = (c: Customer) => readAppById(c, c.bid);
  const readAppByEmail = async (c: Customer, id: string) => {
    const row = await findCustomerByEmailIndex(db, vault.blindIndex('email', `${id}${c.email}`));
    await openProfile(vault, db, row!);
  };
  return {
    // All three sides insert through the query builder, as the app does (insertCustomer); the
    // vault sides write the new customer's keys in the same statement (withNewKeys).
    'create (in a transaction)': {
      plain: (c) =>
        db.transaction().execute(async (trx) => {
          await anyDb(trx)
            .insertInto('bench_plain')
            .values({
              id: c.id,
              lookup: c.email.toLowerCase(),
              email: c.email,
              name: c.name,
              phone: c.phone,
              address: c.address,
              identity_code: c.identity_code,
            })
            .execute();
        }),
      fields: (c) =>
        db.transaction().execute(async (trx) => {
          const keys = vault.newSubjectKeys(trx, c.id);
          const p = await vault.sealMany(trx, c.id, 'profile', {
            email: c.email,
            name: c.name,
            phone: c.phone,
            address: c.address,
          });
          const a = await vault.sealMany(trx, c.id, 'accounting', {
            identity_code: c.identity_code,
          });
          await anyDb(withNewKeys(trx, keys))
            .insertInto('bench_fields')
            .values({
              id: c.id,
              lookup: vault.blindIndex('email', c.email),
              ...p,
              identity_code: a.identity_code,
            })
            .execute();
        }),
      records: (c) =>
        db.transaction().execute(async (trx) => {
          const keys = vault.newSubjectKeys(trx, c.rid);
          const p = await vault.sealRecord(trx, c.rid, 'profile', 'customer', {
            email: c.email,
            name: c.name,
            phone: c.phone,
            address: c.address,
          });
          const a = await vault.sealRecord(trx, c.rid, 'accounting', 'customer', {
            identity_code: c.identity_code,
          });
          await anyDb(withNewKeys(trx, keys))
            .insertInto('bench_records')
            .values({
              id: c.rid,
              lookup: vault.blindIndex('email', c.email),
              profile: p,
              accounting: a,
            })
            .execute();
        }),
      // The app's create: the profile sealed as one record.
      app: (c) =>
        db.transaction().execute(async (trx) => {
          const keys = vault.newSubjectKeys(trx, c.aid);
          const sealed = await sealProfile(vault, trx, c.aid, {
            email: c.email,
            name: c.name,
            phone: c.phone,
            address: c.address,
            birthday: null,
          });
          await insertAppCustomer(trx, c.aid, c.email, sealed, keys);
        }),
      // As `register` wrote an account before migration 0238: one ciphertext per field.
      app0: (c) =>
        db.transaction().execute(async (trx) => {
          const keys = vault.newSubjectKeys(trx, c.bid);
          const s = await vault.sealMany(trx, c.bid, 'profile', {
            email: c.email,
            name: c.name,
            phone: c.phone,
            address: c.address,
            birthday: null,
          });
          await insertAppCustomer(
            trx,
            c.bid,
            c.email,
            {
              email_sealed: s.email,
              name_sealed: s.name,
              phone_sealed: s.phone,
              address_sealed: s.address,
              birthday_sealed: s.birthday,
            },
            keys,
          );
        }),
      // As `register` would insert the account with the profile in clear: no keys, no seal.
      appPlain: (c) =>
        db.transaction().execute(async (trx) => {
          await anyDb(trx)
            .insertInto('bench_app_plain')
            .values({
              id: c.pid,
              email_index: c.email.toLowerCase(),
              email: c.email,
              name: c.name,
              phone: c.phone,
              address: c.address,
              birthday: null,
              password_hash: null,
              policy_version: 1,
              policy_accepted_at: new Date(),
            })
            .execute();
        }),
    },
    'read by id': {
      plain: readPlain,
      fields: readFieldsById,
      records: readRecordsById,
      app: (c) => readAppById(c),
      app0: readApp0ById,
      appPlain: readAppPlainById,
    },
    'read by email': {
      plain: async (c) => {
        await sql`select * from bench_plain where lookup = ${c.email.toLowerCase()}`.execute(db);
      },
      fields: (c) =>
        readFields(
          db,
          vault,
          sql`select * from bench_fields where lookup = ${vault.blindIndex('email', c.email)}`,
        ),
      records: (c) =>
        readRecords(
          db,
          vault,
          sql`select * from bench_records where lookup = ${vault.blindIndex('email', c.email)}`,
        ),
      app: (c) => readAppByEmail(c, c.aid),
      app0: (c) => readAppByEmail(c, c.bid),
      // As `findCustomerByEmailIndex` (the whole row), by the address itself.
      appPlain: async (c) => {
        await anyDb(db)
          .selectFrom('bench_app_plain')
          .selectAll()
          .where('email_index', '=', c.email.toLowerCase())
          .executeTakeFirst();
      },
    },
    'update name and phone': {
      plain: async (c) => {
        await sql`update bench_plain set name = ${c.name + ' B'}, phone = ${c.phone}
          where id = ${c.id}`.execute(db);
      },
      fields: async (c) => {
        const p = await vault.sealMany(db, c.id, 'profile', {
          name: c.name + ' B',
          phone: c.phone,
        });
        await sql`update bench_fields set name = ${p.name}, phone = ${p.phone}
          where id = ${c.id}`.execute(db);
      },
      // Changing part of a record means reading it first: one statement more than the others.
      records: async (c) => {
        const { rows } = await sql<{
          profile: string;
        }>`select profile from bench_records where id = ${c.rid}`.execute(db);
        const old = await vault.openRecord(db, c.rid, 'profile', 'customer', rows[0]!.profile, [
          ...PROFILE,
        ]);
        const p = await vault.sealRecord(db, c.rid, 'profile', 'customer', {
          ...(old as Record<string, string | null>),
          name: c.name + ' B',
          phone: c.phone,
        });
        await sql`update bench_records set profile = ${p} where id = ${c.rid}`.execute(db);
      },
      // As accounts.service.ts `updateProfile`: the row locked, the profile sealed again.
      app: (c) =>
        db.transaction().execute(async (trx) => {
          const row = await lockCustomer(trx, c.aid);
          const sealed = await resealProfile(vault, trx, row!, {
            name: c.name + ' B',
            phone: c.phone,
          });
          await updateCustomer(trx, c.aid, sealed!);
        }),
      // As `updateProfile` did before 0238: the four fields sealed anew, no read of the email.
      app0: (c) =>
        db.transaction().execute(async (trx) => {
          await lockCustomer(trx, c.bid);
          const s = await vault.sealMany(trx, c.bid, 'profile', {
            name: c.name + ' B',
            phone: c.phone,
            address: c.address,
            birthday: null,
          });
          await updateCustomer(trx, c.bid, {
            name_sealed: s.name,
            phone_sealed: s.phone,
            address_sealed: s.address,
            birthday_sealed: s.birthday,
          });
        }),
      // `updateProfile`'s statements in clear: the row locked and its profile read, the change
      // applied to it, the whole profile written with the timestamps (as `updateCustomer`).
      appPlain: (c) =>
        db.transaction().execute(async (trx) => {
          const row = (await anyDb(trx)
            .selectFrom('bench_app_plain')
            .select(PLAIN_PROFILE)
            .where('id', '=', c.pid)
            .forUpdate()
            .executeTakeFirst()) as Record<(typeof PLAIN_PROFILE)[number], string | null>;
          const { id, ...profile } = { ...row, name: c.name + ' B', phone: c.phone };
          await anyDb(trx)
            .updateTable('bench_app_plain')
            .set({ ...profile, updated_at: new Date(), last_active_at: new Date() })
            .where('id', '=', id)
            .execute();
        }),
    },
    'read by id, cold key cache': {
      plain: readPlain,
      fields: async (c) => {
        vault.clearCache();
        await readFieldsById(c);
      },
      records: async (c) => {
        vault.clearCache();
        await readRecordsById(c);
      },
      app: async (c) => {
        vault.clearCache();
        await readAppById(c);
      },
      app0: async (c) => {
        vault.clearCache();
        await readApp0ById(c);
      },
      appPlain: readAppPlainById,
    },
  };
}

async function readFields(db: Kysely<DB>, vault: Vault, query: RawBuilder<unknown>): Promise<void> {
  const { rows } = await (query as RawBuilder<Record<string, string>>).execute(db);
  const r = rows[0]!;
  await vault.openMany(db, r.id!, 'profile', {
    email: r.email!,
    name: r.name!,
    phone: r.phone!,
    address: r.address!,
  });
  await vault.openMany(db, r.id!, 'accounting', { identity_code: r.identity_code! });
}

async function readRecords(
  db: Kysely<DB>,
  vault: Vault,
  query: RawBuilder<unknown>,
): Promise<void> {
  const { rows } = await (
    query as RawBuilder<{ id: string; profile: string; accounting: string }>
  ).execute(db);
  const r = rows[0]!;
  await vault.openRecord(db, r.id, 'profile', 'customer', r.profile, PROFILE);
  await vault.openRecord(db, r.id, 'accounting', 'customer', r.accounting, ['identity_code']);
}

async function timed(op: Op, c: Customer): Promise<number> {
  const started = performance.now();
  await op(c);
  return performance.now() - started;
}

function load(): string {
  return loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
}

async function bench(label: string, database: Database): Promise<void> {
  const db = database.db;
  await migrateToLatest(database);
  const vault = createVault({ masterKey: randomBytes(32), indexKey: randomBytes(32) });
  const ops = operations(db, vault);
  console.log(
    `\n${label}: ${N} customers × ${ROUNDS} rounds, median µs per operation (load average ${load()} at start)`,
  );
  const results = new Map<string, Record<Side, number[]>>();
  for (let round = 0; round < ROUNDS; round++) {
    await createTables(db);
    await sql`delete from customers`.execute(db);
    await sql`delete from vault_keys`.execute(db);
    vault.clearCache();
    const list = customers();
    for (const [name, op] of Object.entries(ops)) {
      const r = results.get(name) ?? {
        plain: [],
        fields: [],
        records: [],
        app: [],
        app0: [],
        appPlain: [],
      };
      // Interleaved customer by customer, rotating which side goes first, so that every side
      // meets the same machine load (the figures are medians, robust to a busy neighbour).
      for (const [i, c] of list.entries()) {
        for (let k = 0; k < SIDES.length; k++) {
          const side = SIDES[(i + k) % SIDES.length]!;
          r[side].push(await timed(op[side], c));
        }
      }
      results.set(name, r);
    }
  }
  printTable(results, 'plain', ['fields', 'records', 'app', 'app0']);
  console.log(
    "\nthe app's path against its fair baseline, app-plain (the same statements through the query builder on the unsealed twin of customers)",
  );
  printTable(results, 'appPlain', ['app', 'app0']);
  console.log(`(met/missed compares the unrounded ratios) load average ${load()} at end`);
}

const SIDE_NAMES: Record<Side, string> = {
  plain: 'plaintext',
  fields: 'fields',
  records: 'records',
  app: 'app',
  app0: 'app0',
  appPlain: 'app-plain',
};

/** Median µs of `baseline` and of each side with its ratio to it, and the goal met or missed. */
function printTable(
  results: Map<string, Record<Side, number[]>>,
  baseline: Side,
  sides: Side[],
): void {
  console.log(
    'operation'.padEnd(30) +
      SIDE_NAMES[baseline].padStart(9) +
      sides.map((s) => SIDE_NAMES[s].padStart(9) + 'ratio'.padStart(7)).join('') +
      'goal'.padStart(7) +
      `  ${sides.map((s) => SIDE_NAMES[s]).join(' / ')}`,
  );
  for (const [name, r] of results) {
    const base = median(r[baseline]) * 1000;
    const goal = GOALS[name];
    let line = name.padEnd(30) + base.toFixed(0).padStart(9);
    const ratios = sides.map((s) => {
      const us = median(r[s]) * 1000;
      line += us.toFixed(0).padStart(9) + `${(us / base).toFixed(2)}×`.padStart(7);
      return us / base;
    });
    if (goal !== undefined) {
      line +=
        `≤${goal.toFixed(1)}×`.padStart(7) +
        `  ${ratios.map((x) => (x <= goal ? 'met' : 'missed')).join(' / ')}`;
    }
    console.log(line);
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

await onBothDatabases((label, database) => bench(label, database));
