/**
 * `npm run bench:audit [-- ENTRIES [PGLITE_ENTRIES]]`: what the audit log costs, next to baselines measured in the
 * same run, on in-memory PGlite and, when it answers, PostgreSQL.
 *
 * 1. A staff view of a customer's page (read the account, open the profile through the vault,
 *    look up the pseudonym) with and without `audit.record(customer.view)` in the same
 *    transaction, interleaved view by view. Goal: auditing adds at most 5 ms to a view (two
 *    statements while the head is locked, and a commit that now writes).
 * 2. `audit verify` over ENTRIES entries (1,000,000 by default), in entries per second, next to
 *    raw SHA-256 (node:crypto) over the same canonical bytes with no database at all.
 *    Goal: a million entries verified in at most 10 s. In-memory PGlite holds the whole log in
 *    its WebAssembly heap, so a smaller PGLITE_ENTRIES keeps the run short; the goal is then
 *    printed as not judged (a figure is never projected to a size that did not run).
 */
import { randomBytes, randomUUID, createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import {
  canonicalEntry,
  entryHash,
  GENESIS_HASH,
  type ChainedEntry,
} from '../src/audit/audit-entry.ts';
import { AuditService } from '../src/audit/audit.service.ts';
import * as repo from '../src/audit/audit.repository.ts';
import { openProfile, sealProfile } from '../src/customers/customer-profile.ts';
import { findCustomerById, insertCustomer } from '../src/customers/customers.repository.ts';
import type { Database } from '../src/kit/db/database.ts';
import { migrateToLatest } from '../src/kit/db/migrate.ts';
import type { DB } from '../src/kit/db/schema.ts';
import { createVault, type Vault } from '../src/kit/vault/vault.ts';
import { onBothDatabases } from './both-databases.ts';

const ENTRIES = Number(process.argv[2] ?? 1_000_000);
const PGLITE_ENTRIES = Number(process.argv[3] ?? ENTRIES);
const VIEWS = 500;
const VIEW_GOAL_MS = 5;
const VERIFY_GOAL_S = 10;

const verdict = (met: boolean) => (met ? 'met' : 'missed');

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function seedCustomers(db: Kysely<DB>, vault: Vault): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < VIEWS; i++) {
    const id = randomUUID();
    const email = `customer.${i}.${randomBytes(3).toString('hex')}@example.fi`;
    await db.transaction().execute(async (trx) => {
      const sealed = await sealProfile(vault, trx, id, {
        email,
        name: `Customer Number ${i}`,
        phone: '+358 40 1234567',
        address: `Esimerkkikatu ${i}, 00100 Helsinki`,
        birthday: null,
      });
      await insertCustomer(trx, {
        id,
        email_index: vault.blindIndex('email', email),
        ...sealed,
        password_hash: null,
        email_verified_at: null,
        policy_version: 1,
        policy_accepted_at: new Date(),
      });
      await vault.pseudonym(trx, id);
    });
    ids.push(id);
  }
  return ids;
}

async function pageViews(db: Kysely<DB>, vault: Vault, audit: AuditService): Promise<void> {
  const ids = await seedCustomers(db, vault);
  const staff = { kind: 'staff', id: randomUUID() } as const;
  const view = (id: string, audited: boolean) =>
    db.transaction().execute(async (trx) => {
      const row = await findCustomerById(trx, id);
      const profile = await openProfile(vault, trx, row!);
      const pseudonym = await vault.pseudonym(trx, id);
      if (audited) {
        await audit.record(
          {
            actor: staff,
            action: 'customer.view',
            subject: pseudonym,
            categories: ['user.contact.email', 'user.name', 'user.contact.address'],
            access: 'masked',
            detail: { role: 'customer_service' },
          },
          trx,
        );
      }
      return profile.name;
    });
  const timed = async (id: string, audited: boolean) => {
    const t = performance.now();
    await view(id, audited);
    return performance.now() - t;
  };
  for (const id of ids.slice(0, 50)) await view(id, true); // warm-up
  const plain: number[] = [];
  const audited: number[] = [];
  // Interleaved, alternating which goes first, so both meet the same machine load.
  for (const [i, id] of ids.entries()) {
    if (i % 2 === 0) {
      plain.push(await timed(id, false));
      audited.push(await timed(id, true));
    } else {
      audited.push(await timed(id, true));
      plain.push(await timed(id, false));
    }
  }
  const p = median(plain);
  const a = median(audited);
  console.log(`customer-page view, median of ${VIEWS}:`);
  console.log(
    `  without audit ${p.toFixed(2)} ms, with audit ${a.toFixed(2)} ms: +${(a - p).toFixed(2)} ms`,
  );
  console.log(
    `  goal: auditing adds at most ${VIEW_GOAL_MS} ms: ${verdict(a - p <= VIEW_GOAL_MS)}`,
  );
}

function syntheticEntry(position: number, prevHash: string, at: string): ChainedEntry {
  return {
    position,
    prevHash,
    at,
    actorKind: 'staff',
    actorId: '7d4f3a52-6f0e-4c57-9b1e-0c3f6f1d2a9b',
    actorStaffId: null,
    action: position % 7 === 0 ? 'customer.reveal' : 'customer.view',
    subject: `pseudonym-${(position % 50_000).toString(36).padStart(8, '0')}`,
    categories: ['user.contact.email', 'user.name'],
    access: 'masked',
    outcome: 'ok',
    reasonSealed: null,
    detail: { role: 'customer_service', requestId: null },
  };
}

/** Fills the log with a valid chain of `n` entries, a batch per transaction. */
async function fill(db: Kysely<DB>, n: number): Promise<void> {
  const head = await repo.readHead(db);
  let prev = head.hash;
  let position = head.position;
  const at = new Date().toISOString();
  while (position < n) {
    const batch: repo.StoredEntry[] = [];
    for (let i = 0; i < 10_000 && position < n; i++) {
      const e = syntheticEntry(++position, prev, at);
      prev = entryHash(e);
      batch.push({ ...e, hash: prev });
    }
    await db.transaction().execute(async (trx) => {
      await repo.insertEntries(trx, batch);
      await sql`update audit_head set position = ${position}, hash = ${prev}`.execute(trx);
    });
  }
}

/** SHA-256 over the same canonical bytes verify hashes, with no database: the floor. */
function rawHashSeconds(n: number): number {
  let spent = 0;
  let prev = GENESIS_HASH;
  const at = new Date().toISOString();
  for (let start = 1; start <= n; start += 10_000) {
    const texts: string[] = [];
    for (let p = start; p < start + 10_000 && p <= n; p++) {
      texts.push(canonicalEntry(syntheticEntry(p, prev, at)));
      prev = 'a'.repeat(64);
    }
    const t = performance.now();
    for (const text of texts) createHash('sha256').update(text).digest('hex');
    spent += performance.now() - t;
  }
  return spent / 1000;
}

async function bench(label: string, database: Database, entries: number): Promise<void> {
  console.log(`\n== ${label} ==`);
  await migrateToLatest(database);
  const vault = createVault({ masterKey: randomBytes(32) });
  const audit = new AuditService({ db: database.db, vault });
  await pageViews(database.db, vault, audit);

  let t = performance.now();
  await fill(database.db, entries);
  const fillS = (performance.now() - t) / 1000;
  t = performance.now();
  const result = await audit.verify();
  const verifyS = (performance.now() - t) / 1000;
  if (!result.ok) throw new Error(`the benchmark's own chain failed: ${result.fault?.message}`);
  const raw = rawHashSeconds(result.entries);
  const rate = (n: number, s: number) => `${Math.round(n / s).toLocaleString('en')} entries/s`;
  console.log(
    `audit verify over ${result.entries.toLocaleString('en')} entries (filled in ${fillS.toFixed(1)} s):`,
  );
  console.log(`  verify ${verifyS.toFixed(2)} s, ${rate(result.entries, verifyS)}`);
  console.log(`  raw SHA-256 of the same bytes ${raw.toFixed(2)} s, ${rate(result.entries, raw)}`);
  // The goal is judged only on a run of a million entries or more: a smaller run's rate is
  // printed as measured, never scaled up to a figure that was not run.
  console.log(
    result.entries >= 1_000_000
      ? `  goal: 1,000,000 entries in at most ${VERIFY_GOAL_S} s: ${verdict(verifyS <= VERIFY_GOAL_S)}`
      : `  goal: 1,000,000 entries in at most ${VERIFY_GOAL_S} s: not judged (this run verified ${result.entries.toLocaleString('en')}; run with ENTRIES ≥ 1000000)`,
  );
}

await onBothDatabases((label, database, kind) =>
  bench(label, database, kind === 'pglite' ? PGLITE_ENTRIES : ENTRIES),
);
