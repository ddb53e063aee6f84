/**
 * `npm run bench:vault [-- N]`: the cost of writing and reading N customers through the vault
 * against the same operations on plaintext columns, measured in the same run, as a ratio. Runs
 * on in-memory PGlite, and on PostgreSQL when TEST_POSTGRES_URL (or 127.0.0.1:5432) answers.
 *
 * A customer is five personal fields: email, name, phone, address (profile scope) and identity
 * code (accounting scope), plus an email lookup column (lower(email) vs. a blind index).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../src/kit/db/database.ts';
import { migrateToLatest } from '../src/kit/db/migrate.ts';
import type { DB } from '../src/kit/db/schema.ts';
import { createVault, type Vault } from '../src/kit/vault/vault.ts';
import { onBothDatabases } from './both-databases.ts';

const N = Number(process.argv[2] ?? 1000);
const ROUNDS = 3;

interface Customer {
  id: string;
  email: string;
  name: string;
  phone: string;
  address: string;
  identity_code: string;
}

function customers(): Customer[] {
  return Array.from({ length: N }, (_, i) => ({
    id: randomUUID(),
    email: `customer.${i}.${randomBytes(3).toString('hex')}@example.fi`,
    name: `Customer Number ${i}`,
    phone: `+358 40 ${String(1_000_000 + i)}`,
    address: `Esimerkkikatu ${i}, 00100 Helsinki`,
    identity_code: '131052-308T',
  }));
}

async function createTables(db: Kysely<DB>): Promise<void> {
  for (const t of ['bench_plain', 'bench_sealed']) {
    await sql`drop table if exists ${sql.table(t)}`.execute(db);
    await sql`create table ${sql.table(t)} (id text primary key, lookup text not null unique,
      email text, name text, phone text, address text, identity_code text)`.execute(db);
  }
}

type Op = (c: Customer) => Promise<void>;

function operations(db: Kysely<DB>, vault: Vault): Record<string, { plain: Op; vault: Op }> {
  return {
    'create (in a transaction)': {
      plain: (c) =>
        db.transaction().execute(async (trx) => {
          await sql`insert into bench_plain values (${c.id}, ${c.email.toLowerCase()}, ${c.email},
            ${c.name}, ${c.phone}, ${c.address}, ${c.identity_code})`.execute(trx);
        }),
      vault: (c) =>
        db.transaction().execute(async (trx) => {
          const p = await vault.sealMany(trx, c.id, 'profile', {
            email: c.email,
            name: c.name,
            phone: c.phone,
            address: c.address,
          });
          const a = await vault.sealMany(trx, c.id, 'accounting', {
            identity_code: c.identity_code,
          });
          await sql`insert into bench_sealed values (${c.id}, ${vault.blindIndex('email', c.email)},
            ${p.email}, ${p.name}, ${p.phone}, ${p.address}, ${a.identity_code})`.execute(trx);
        }),
    },
    'read by id': {
      plain: async (c) => {
        await sql`select * from bench_plain where id = ${c.id}`.execute(db);
      },
      vault: async (c) => {
        await readSealed(db, vault, sql`id = ${c.id}`);
      },
    },
    'read by email': {
      plain: async (c) => {
        await sql`select * from bench_plain where lookup = ${c.email.toLowerCase()}`.execute(db);
      },
      vault: async (c) => {
        await readSealed(db, vault, sql`lookup = ${vault.blindIndex('email', c.email)}`);
      },
    },
    'update name and phone': {
      plain: async (c) => {
        await sql`update bench_plain set name = ${c.name + ' B'}, phone = ${c.phone}
          where id = ${c.id}`.execute(db);
      },
      vault: async (c) => {
        const p = await vault.sealMany(db, c.id, 'profile', {
          name: c.name + ' B',
          phone: c.phone,
        });
        await sql`update bench_sealed set name = ${p.name}, phone = ${p.phone}
          where id = ${c.id}`.execute(db);
      },
    },
    'read by id, cold key cache': {
      plain: async (c) => {
        await sql`select * from bench_plain where id = ${c.id}`.execute(db);
      },
      vault: async (c) => {
        vault.clearCache();
        await readSealed(db, vault, sql`id = ${c.id}`);
      },
    },
  };
}

async function readSealed(
  db: Kysely<DB>,
  vault: Vault,
  where: ReturnType<typeof sql>,
): Promise<void> {
  const { rows } = await sql<
    Record<string, string>
  >`select * from bench_sealed where ${where}`.execute(db);
  const r = rows[0]!;
  await vault.openMany(db, r.id!, 'profile', {
    email: r.email!,
    name: r.name!,
    phone: r.phone!,
    address: r.address!,
  });
  await vault.openMany(db, r.id!, 'accounting', { identity_code: r.identity_code! });
}

async function timed(op: Op, c: Customer): Promise<number> {
  const started = performance.now();
  await op(c);
  return performance.now() - started;
}

async function bench(label: string, database: Database): Promise<void> {
  const db = database.db;
  await migrateToLatest(database);
  const vault = createVault({ masterKey: randomBytes(32), indexKey: randomBytes(32) });
  const ops = operations(db, vault);
  console.log(`\n${label}: ${N} customers × ${ROUNDS} rounds, median time per operation`);
  console.log('operation                     plaintext µs/op   vault µs/op   ratio');
  const results = new Map<string, { plain: number[]; vault: number[] }>();
  for (let round = 0; round < ROUNDS; round++) {
    await createTables(db);
    await sql`delete from vault_keys`.execute(db);
    vault.clearCache();
    const list = customers();
    for (const [name, op] of Object.entries(ops)) {
      const r = results.get(name) ?? { plain: [], vault: [] };
      // Interleaved customer by customer, alternating which goes first, so that both sides meet
      // the same machine load (the figures are medians, robust to a busy neighbour).
      for (const [i, c] of list.entries()) {
        if (i % 2 === 0) {
          r.plain.push(await timed(op.plain, c));
          r.vault.push(await timed(op.vault, c));
        } else {
          r.vault.push(await timed(op.vault, c));
          r.plain.push(await timed(op.plain, c));
        }
      }
      results.set(name, r);
    }
  }
  for (const [name, r] of results) {
    const plain = median(r.plain) * 1000;
    const sealed = median(r.vault) * 1000;
    console.log(
      `${name.padEnd(30)}${plain.toFixed(0).padStart(15)}${sealed.toFixed(0).padStart(14)}${(
        sealed / plain
      )
        .toFixed(2)
        .padStart(8)}×`,
    );
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

await onBothDatabases((label, database) => bench(label, database));
