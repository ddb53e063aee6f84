/**
 * Shredding survives restore: back up, shred, restore the old backup, and the shredded fields
 * are still unreadable. On PGlite through `custodian backup` / `custodian restore`; on
 * PostgreSQL through pg_dump / pg_restore followed by the ledger re-application.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPostgresDatabase, testDbKind } from '../../../test/support/database.ts';
import { runCli } from '../../app/cli.ts';
import { loadConfig, type Config } from '../config.ts';
import { openDatabase, type Database } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { createLogger } from '../log.ts';
import { backupDatabase, restoreDatabase } from './backup.ts';
import { createConfiguredVault } from './vault.service.ts';
import { ERASED, type Vault } from './vault.ts';
import { proves } from '../../../test/support/proves.ts';

const run = promisify(execFile);
const log = createLogger('silent');

let dataDir: string;
let config: Config;
beforeEach(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'custodian-backup-'));
  config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir });
});
afterEach(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

interface Stored {
  alice: string;
  bob: string;
  aliceProfile: Record<'email' | 'name', string | null>;
  aliceAccounting: Record<'identity_code', string | null>;
  bobProfile: Record<'email', string | null>;
  alicePseudonym: string;
}

async function seed(database: Database, vault: Vault): Promise<Stored> {
  const alice = randomUUID();
  const bob = randomUUID();
  return {
    alice,
    bob,
    aliceProfile: await vault.sealMany(database.db, alice, 'profile', {
      email: 'alice@example.fi',
      name: 'Alice Aalto',
    }),
    aliceAccounting: await vault.sealMany(database.db, alice, 'accounting', {
      identity_code: '131052-308T',
    }),
    bobProfile: await vault.sealMany(database.db, bob, 'profile', { email: 'bob@example.fi' }),
    alicePseudonym: await vault.pseudonym(database.db, alice),
  };
}

async function shredAlice(database: Database, vault: Vault, s: Stored): Promise<void> {
  await vault.shred(database.db, s.alice, 'profile');
  await vault.unlinkPseudonym(database.db, s.alice);
}

/** What a freshly started service sees in the (restored) database. */
async function expectAliceStillErased(database: Database, s: Stored): Promise<void> {
  const vault = await createConfiguredVault(config, log, database);
  expect(await vault.openMany(database.db, s.alice, 'profile', s.aliceProfile)).toEqual({
    email: ERASED,
    name: ERASED,
  });
  expect(await vault.openMany(database.db, s.alice, 'accounting', s.aliceAccounting)).toEqual({
    identity_code: '131052-308T',
  });
  expect(await vault.openMany(database.db, s.bob, 'profile', s.bobProfile)).toEqual({
    email: 'bob@example.fi',
  });
  expect(await vault.subjectOfPseudonym(database.db, s.alicePseudonym)).toBeUndefined();
  const keys = await database.db
    .selectFrom('vault_keys')
    .select('scope')
    .where('subject_id', '=', s.alice)
    .execute();
  expect(keys.map((k) => k.scope)).toEqual(['accounting']);
}

describe.runIf(testDbKind === 'pglite')('embedded database: backup → shred → restore', () => {
  async function open(): Promise<Database> {
    const database = await openDatabase({ dataDir });
    await migrateToLatest(database);
    return database;
  }

  it(
    'the restored backup cannot read what was shredded after it was taken',
    proves('security:key_erasure', 'security:backups'),
    async () => {
      let database = await open();
      const stored = await seed(database, await createConfiguredVault(config, log, database));
      await database.close();

      const backup = path.join(dataDir, 'before-shred.tgz');
      await backupDatabase(config, backup);

      database = await open();
      await shredAlice(database, await createConfiguredVault(config, log, database), stored);
      await database.close();

      const result = await restoreDatabase(config, log, backup);
      expect(result).toMatchObject({ keysDestroyed: 1, linksErased: 1 });
      expect(result.previous && existsSync(result.previous)).toBe(true);

      database = await open();
      try {
        await expectAliceStillErased(database, stored);
      } finally {
        await database.close();
      }
    },
  );

  it('a database copied back by hand is corrected at the next start, from either ledger copy', async () => {
    let database = await open();
    const stored = await seed(database, await createConfiguredVault(config, log, database));
    await database.close();
    const backup = path.join(dataDir, 'b.tgz');
    await backupDatabase(config, backup);
    database = await open();
    await shredAlice(database, await createConfiguredVault(config, log, database), stored);
    await database.close();

    // Not through `custodian restore`: the old data directory is simply put back.
    rmSync(path.join(dataDir, 'pgdata'), { recursive: true });
    const blob = new Blob([await import('node:fs/promises').then((f) => f.readFile(backup))]);
    database = await openDatabase({ dataDir, loadDataDir: blob });
    try {
      await expectAliceStillErased(database, stored);
      // The database copy of the ledger was topped up from the file.
      const rows = await database.db.selectFrom('vault_shred_ledger').select('op').execute();
      expect(rows.map((r) => r.op).sort()).toEqual(['shred-key', 'unlink-pseudonym']);
    } finally {
      await database.close();
    }
    // And the file is rebuilt from the database copy if it is lost.
    rmSync(config.vaultShredLedger);
    database = await open();
    try {
      await createConfiguredVault(config, log, database);
      expect(existsSync(config.vaultShredLedger)).toBe(true);
    } finally {
      await database.close();
    }
  });
});

describe.runIf(testDbKind === 'postgres')('PostgreSQL: pg_dump → shred → pg_restore', () => {
  it(
    'the restored dump cannot read what was shredded after it was taken',
    proves('security:key_erasure', 'security:backups'),
    async () => {
      const source = await createPostgresDatabase();
      const target = await createPostgresDatabase();
      try {
        let database = await openDatabase({ url: source.url });
        await migrateToLatest(database);
        const stored = await seed(database, await createConfiguredVault(config, log, database));
        const dump = path.join(dataDir, 'custodian.dump');
        await run('pg_dump', ['--format=custom', `--file=${dump}`, source.url]);
        await shredAlice(database, await createConfiguredVault(config, log, database), stored);
        await database.close();

        await run('pg_restore', ['--no-owner', `--dbname=${target.url}`, dump]);
        database = await openDatabase({ url: target.url });
        try {
          // The restored database still holds Alice's profile key until the ledger is applied.
          const before = await database.db
            .selectFrom('vault_keys')
            .select('key_id')
            .where('subject_id', '=', stored.alice)
            .execute();
          expect(before).toHaveLength(2);
          await expectAliceStillErased(database, stored);
        } finally {
          await database.close();
        }
      } finally {
        await source.dropDatabase();
        await target.dropDatabase();
      }
    },
  );
});

describe('custodian backup / restore commands', () => {
  let out: string[];
  let err: string[];
  const saved = { ...process.env };
  beforeEach(() => {
    out = [];
    err = [];
    vi.spyOn(console, 'log').mockImplementation((m: string) => void out.push(m));
    vi.spyOn(console, 'error').mockImplementation((m: string) => void err.push(m));
    process.env.DATA_DIR = dataDir;
    delete process.env.DATABASE_URL;
    delete process.env.CUSTODIAN_MASTER_KEY;
  });
  afterEach(() => {
    vi.restoreAllMocks();
    process.env = { ...saved };
  });

  it('backs up and restores, saying what it did', async () => {
    const database = await openDatabase({ dataDir });
    await migrateToLatest(database);
    await database.close();
    const file = path.join(dataDir, 'x.tgz');
    expect(await runCli(['backup', file])).toBe(0);
    expect(out.join('\n')).toMatch(/Backed up the database/);
    expect(out.join('\n')).toMatch(/holds no keys/);
    expect(await runCli(['backup', file])).toBe(1);
    expect(err.join('\n')).toMatch(/exists already/);
    expect(await runCli(['restore', file])).toBe(0);
    expect(out.join('\n')).toMatch(/Shred ledger re-applied/);
  });

  it('refuses bad input and a database in use with clear messages', async () => {
    expect(await runCli(['backup', path.join(dataDir, 'y.tgz')])).toBe(1);
    expect(err.pop()).toMatch(/no database/);

    expect(await runCli(['restore', path.join(dataDir, 'missing.tgz')])).toBe(1);
    expect(err.pop()).toMatch(/Cannot read the backup file/);

    const notBackup = path.join(dataDir, 'not-a-backup.tgz');
    writeFileSync(notBackup, 'x'.repeat(500));
    expect(await runCli(['restore', notBackup])).toBe(1);
    expect(err.pop()).toMatch(/not a Custodian backup/);

    expect(await runCli(['restore'])).toBe(2);

    const database = await openDatabase({ dataDir });
    await migrateToLatest(database);
    const file = path.join(dataDir, 'z.tgz');
    // PGlite holds postmaster.pid while the database is open: a running service.
    expect(await runCli(['restore', file])).toBe(1);
    expect(err.pop()).toMatch(/Cannot read/);
    writeFileSync(file, Buffer.concat([Buffer.from([0x1f, 0x8b]), Buffer.alloc(200)]));
    expect(await runCli(['restore', file])).toBe(1);
    expect(err.pop()).toMatch(/in use.*stop the service.*--force/s);
    expect(await runCli(['backup', path.join(dataDir, 'w.tgz')])).toBe(1);
    expect(err.pop()).toMatch(/in use/);
    await database.close();

    process.env.DATABASE_URL = 'postgres://127.0.0.1:1/none';
    expect(await runCli(['restore', file])).toBe(1);
    expect(err.pop()).toMatch(/pg_restore/);
  });
});
