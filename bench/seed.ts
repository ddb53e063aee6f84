/**
 * `npm run bench:seed [-- N]`: seeding N demo customers (vault-sealed profile, consent record,
 * browsing events, newsletter subscriptions) against a raw multi-row INSERT of N plaintext
 * customer-shaped rows into the same database in the same run, in rows per second, with the
 * projected time for one million customers. In-memory PGlite, and PostgreSQL when 127.0.0.1:5432
 * (or TEST_POSTGRES_URL) answers.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { loadConfig } from '../src/kit/config.ts';
import { openDatabase, type Database } from '../src/kit/db/database.ts';
import { migrateToLatest } from '../src/kit/db/migrate.ts';
import { createLogger } from '../src/kit/log.ts';
import { seedDeps } from '../src/seed/demo-seed.ts';
import { seedCustomers } from '../src/seed/seed.service.ts';
import { createServices } from '../src/app/services.ts';
import { createPostgresDatabase } from '../test/support/database.ts';

const N = Number(process.argv[2] ?? 5000);
const BATCH = 500;

async function rawInsert(database: Database): Promise<{ rows: number; seconds: number }> {
  const db = database.db;
  await sql`create table bench_raw_customers (id uuid primary key, email_index text not null unique,
    email text, name text, phone text, address text, birthday text, password_hash text,
    created_at timestamptz not null default now())`.execute(db);
  const started = performance.now();
  for (let start = 0; start < N; start += BATCH) {
    const rows = [];
    for (let i = start; i < Math.min(N, start + BATCH); i++) {
      rows.push(
        sql`(${randomUUID()}, ${`idx-${i}`}, ${`customer.${i}@example.test`}, ${`Customer ${i}`},
          ${'+358 50 555 0000'}, ${`Puijonkatu ${i}, 70100 Kuopio`}, ${'1990-01-01'}, ${'hash'})`,
      );
    }
    await sql`insert into bench_raw_customers (id, email_index, email, name, phone, address,
      birthday, password_hash) values ${sql.join(rows)}`.execute(db);
  }
  return { rows: N, seconds: (performance.now() - started) / 1000 };
}

async function bench(label: string, url: string | undefined): Promise<void> {
  const database = await openDatabase({ url });
  const keyDir = mkdtempSync(path.join(tmpdir(), 'custodian-bench-'));
  try {
    await migrateToLatest(database);
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', CUSTODIAN_KEY_DIR: keyDir });
    const services = await createServices(config, createLogger('silent'), database);
    const raw = await rawInsert(database);
    const started = performance.now();
    const seeded = await seedCustomers(seedDeps(services), { customers: N, batchSize: BATCH });
    const seconds = (performance.now() - started) / 1000;
    const perSecond = (n: number, s: number) => Math.round(n / s);
    const million = 1_000_000 / (seeded.created / seconds);
    console.log(`\n${label}: ${N} customers, batches of ${BATCH}`);
    console.log(
      `  raw bulk insert : ${perSecond(raw.rows, raw.seconds)} rows/s (${raw.rows} rows, ${raw.seconds.toFixed(2)} s)`,
    );
    console.log(
      `  seed            : ${perSecond(seeded.rows, seconds)} rows/s (${seeded.rows} rows, ${seconds.toFixed(2)} s), ${perSecond(seeded.created, seconds)} customers/s`,
    );
    console.log(
      `  seed vs raw     : ${(raw.rows / raw.seconds / (seeded.rows / seconds)).toFixed(1)}× slower per row`,
    );
    console.log(`  projected 1 000 000 customers: ${(million / 60).toFixed(1)} min`);
  } finally {
    await database.close();
    rmSync(keyDir, { recursive: true, force: true });
  }
}

await bench('PGlite (in memory)', undefined);
let postgres: Awaited<ReturnType<typeof createPostgresDatabase>> | undefined;
try {
  postgres = await createPostgresDatabase();
} catch {
  console.log('\nPostgreSQL: not reachable, skipped');
}
if (postgres) {
  try {
    await bench('PostgreSQL', postgres.url);
  } finally {
    await postgres.dropDatabase();
  }
}
