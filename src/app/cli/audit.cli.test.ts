/**
 * `custodian audit checkpoint` and `custodian audit verify` against a database on disk (PGlite) or
 * a fresh PostgreSQL database (CUSTODIAN_TEST_DB=postgres): exit 0 on an untouched log, exit 1
 * naming the first bad position after a tamper.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../cli.ts';
import { AuditService } from '../../audit/audit.service.ts';
import { openDatabase } from '../../kit/db/database.ts';
import { migrateToLatest } from '../../kit/db/migrate.ts';
import { createPostgresDatabase, testDbKind } from '../../../test/support/database.ts';

const saved = { ...process.env };
let dataDir: string;
let url: string | undefined;
let dropDatabase: () => Promise<void>;
let out: string[];
let err: string[];

beforeEach(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'custodian-audit-cli-'));
  ({ url, dropDatabase } =
    testDbKind === 'postgres'
      ? await createPostgresDatabase()
      : { url: undefined, dropDatabase: async () => {} });
  out = [];
  err = [];
  vi.spyOn(console, 'log').mockImplementation((m: string) => void out.push(m));
  vi.spyOn(console, 'error').mockImplementation((m: string) => void err.push(m));
  delete process.env.DATABASE_URL;
  delete process.env.CUSTODIAN_AUDIT_CHECKPOINTS;
  if (url) process.env.DATABASE_URL = url;
  process.env.DATA_DIR = dataDir;
  process.env.LOG_LEVEL = 'silent';
});
afterEach(async () => {
  vi.restoreAllMocks();
  process.env = { ...saved };
  rmSync(dataDir, { recursive: true, force: true });
  await dropDatabase();
});

/** Opens the same database the CLI will, runs `fn`, closes it (PGlite allows one opener). */
async function withDatabase(fn: (db: Awaited<ReturnType<typeof openDatabase>>) => Promise<void>) {
  const database = await openDatabase(url ? { url } : { dataDir });
  try {
    await fn(database);
  } finally {
    await database.close();
  }
}

describe('custodian audit', () => {
  it('verifies an untouched log, then names the entry a superuser deleted', async () => {
    await withDatabase(async (database) => {
      await migrateToLatest(database);
      const audit = new AuditService({ db: database.db });
      for (let i = 1; i <= 5; i++) {
        await audit.record({
          actor: { kind: 'system', id: 'disclosure-gate' },
          action: 'disclosure.sent',
          subject: `pseudonym-${i}xxxxxxx`,
        });
      }
    });

    expect(await runCli(['audit', 'checkpoint'])).toBe(0);
    const file = path.join(dataDir, 'audit', 'checkpoints.jsonl');
    expect(existsSync(file)).toBe(true);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ position: 5 });
    expect(await runCli(['audit', 'checkpoint'])).toBe(0);
    expect(out.at(-1)).toMatch(/Nothing new/);

    expect(await runCli(['audit', 'verify'])).toBe(0);
    expect(out.at(-1)).toMatch(/intact[\s\S]*Checked 5 entries[\s\S]*latest at entry 5/);

    await withDatabase(async (database) => {
      await database.db.transaction().execute(async (trx) => {
        await sql`alter table audit_log disable trigger all`.execute(trx);
        await sql`delete from audit_log where position = 3`.execute(trx);
        await sql`alter table audit_log enable trigger all`.execute(trx);
      });
    });
    expect(await runCli(['audit', 'verify'])).toBe(1);
    expect(err.join('\n')).toMatch(/first bad entry at position 3 \(missing\)/);
  });
});
