/** `custodian vault rotate-key` and `reapply-shreds` against an embedded database on disk. */
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../cli.ts';
import { loadConfig, type Config } from '../../kit/config.ts';
import { openDatabase } from '../../kit/db/database.ts';
import { migrateToLatest } from '../../kit/db/migrate.ts';
import { createLogger } from '../../kit/log.ts';
import { decodeKey } from '../../kit/vault/master-key.ts';
import { createConfiguredVault } from '../../kit/vault/vault.service.ts';
import { createVault, VaultMasterKeyError } from '../../kit/vault/vault.ts';

const log = createLogger('silent');
const saved = { ...process.env };
let dataDir: string;
let out: string[];
let err: string[];

beforeEach(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'custodian-cli-'));
  out = [];
  err = [];
  vi.spyOn(console, 'log').mockImplementation((m: string) => void out.push(m));
  vi.spyOn(console, 'error').mockImplementation((m: string) => void err.push(m));
  for (const k of ['DATABASE_URL', 'CUSTODIAN_MASTER_KEY', 'CUSTODIAN_NEW_MASTER_KEY']) {
    delete process.env[k];
  }
  process.env.DATA_DIR = dataDir;
});
afterEach(() => {
  vi.restoreAllMocks();
  process.env = { ...saved };
  rmSync(dataDir, { recursive: true, force: true });
});

async function sealSome(config: Config) {
  const database = await openDatabase({ dataDir });
  await migrateToLatest(database);
  const vault = await createConfiguredVault(config, log, database);
  const subject = randomUUID();
  const sealed = await vault.sealMany(database.db, subject, 'profile', { email: 'e@example.fi' });
  const code = await vault.seal(database.db, subject, 'accounting', '131052-308T', 'code');
  await database.close();
  return { subject, sealed, code };
}

describe('custodian vault rotate-key', () => {
  it('file mode: replaces master.key; every field reads with the new key, none with the old', async () => {
    const config = loadConfig();
    const { subject, sealed, code } = await sealSome(config);
    const keyFile = path.join(config.vaultKeyDir, 'master.key');
    const oldKey = decodeKey(readFileSync(keyFile, 'utf8'), 'old');

    expect(await runCli(['vault', 'rotate-key'])).toBe(0);
    expect(out.join('\n')).toMatch(/Re-wrapped 2 data keys/);
    expect(existsSync(path.join(config.vaultKeyDir, 'master.key.next'))).toBe(false);
    const newKey = decodeKey(readFileSync(keyFile, 'utf8'), 'new');
    expect(newKey.equals(oldKey)).toBe(false);

    const database = await openDatabase({ dataDir });
    try {
      const vault = await createConfiguredVault(config, log, database);
      expect(await vault.openMany(database.db, subject, 'profile', sealed)).toEqual({
        email: 'e@example.fi',
      });
      expect(await vault.open(database.db, subject, 'accounting', code, 'code')).toBe(
        '131052-308T',
      );
      const stale = createVault({ masterKey: oldKey });
      await expect(stale.openMany(database.db, subject, 'profile', sealed)).rejects.toThrow(
        VaultMasterKeyError,
      );
      await expect(stale.open(database.db, subject, 'accounting', code, 'code')).rejects.toThrow(
        VaultMasterKeyError,
      );
    } finally {
      await database.close();
    }
  });

  it('environment mode: asks for CUSTODIAN_NEW_MASTER_KEY, then rotates to it', async () => {
    const oldKey = randomBytes(32);
    const newKey = randomBytes(32);
    process.env.CUSTODIAN_MASTER_KEY = oldKey.toString('base64');
    const { subject, sealed } = await sealSome(loadConfig());

    expect(await runCli(['vault', 'rotate-key'])).toBe(1);
    expect(err.join('\n')).toMatch(/CUSTODIAN_NEW_MASTER_KEY/);

    process.env.CUSTODIAN_NEW_MASTER_KEY = newKey.toString('base64');
    expect(await runCli(['vault', 'rotate-key'])).toBe(0);
    expect(out.join('\n')).toMatch(/set CUSTODIAN_MASTER_KEY to the new key/);

    const database = await openDatabase({ dataDir });
    try {
      const next = createVault({ masterKey: newKey });
      expect(await next.openMany(database.db, subject, 'profile', sealed)).toEqual({
        email: 'e@example.fi',
      });
      await expect(
        createVault({ masterKey: oldKey }).openMany(database.db, subject, 'profile', sealed),
      ).rejects.toThrow(VaultMasterKeyError);
    } finally {
      await database.close();
    }
  });
});

describe('custodian vault reapply-shreds', () => {
  it('reports what it re-applied', async () => {
    await sealSome(loadConfig());
    expect(await runCli(['vault', 'reapply-shreds'])).toBe(0);
    expect(out.join('\n')).toMatch(/Shred ledger re-applied: 0 entries/);
  });
});

describe('custodian restore and the backup period', () => {
  it("refuses an archive older than the manifest's 35 days unless --allow-expired", async () => {
    const file = path.join(dataDir, 'old.tar.gz');
    writeFileSync(file, 'not really a backup');
    const made = new Date(Date.now() - 40 * 86_400_000);
    utimesSync(file, made, made);
    expect(await runCli(['restore', file])).toBe(2);
    expect(err.join('\n')).toMatch(/keeps backups 35d .*--allow-expired/s);
    err = [];
    // Allowed, it goes on to the restore, which finds the file is no backup at all.
    expect(await runCli(['restore', file, '--allow-expired'])).not.toBe(0);
    expect(err.join('\n')).not.toMatch(/keeps backups/);
  });
});
