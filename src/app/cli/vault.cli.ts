/**
 * The vault's commands: `custodian backup <file>`, `custodian restore <file>`,
 * `custodian vault rotate-key` and `custodian vault reapply-shreds`.
 */
import { renameSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { CliError } from './cli-error.ts';
import { refuseExpiredBackup } from './backup-age.ts';
import { loadConfig, type Config } from '../../kit/config.ts';

/**
 * The vault's modules load the database drivers, which takes most of a second: imported by the
 * command that needs them, so `custodian --help` and `manifest lint` do not pay for them.
 */
async function vaultModules() {
  const [backup, masterKey, repo, service, vault, database, migrate, log] = await Promise.all([
    import('../../kit/vault/backup.ts'),
    import('../../kit/vault/master-key.ts'),
    import('../../kit/vault/vault.repository.ts'),
    import('../../kit/vault/vault.service.ts'),
    import('../../kit/vault/vault.ts'),
    import('../../kit/db/database.ts'),
    import('../../kit/db/migrate.ts'),
    import('../../kit/log.ts'),
  ]);
  return { ...backup, ...masterKey, repo, ...service, ...vault, ...database, ...migrate, ...log };
}

const keysNote = (config: Config) =>
  `The backup holds no keys: keep ${config.vaultKeyDir} (master key, index key, shred ledger) ` +
  'safe and apart from it.';

async function asCli<T>(run: () => Promise<T>): Promise<T> {
  const { BackupError, VaultError } = await vaultModules();
  try {
    return await run();
  } catch (err) {
    if (err instanceof BackupError || err instanceof VaultError) throw new CliError(err.message);
    throw err;
  }
}

export function registerVaultCommands(program: Command): void {
  program
    .command('backup')
    .description('write the embedded database to <file> (a gzip tarball; no keys inside)')
    .argument('<file>', 'the backup file to create')
    .option('--force', 'overwrite <file>, or back up although a crashed service left its lock')
    .action(async (file: string, opts: { force?: boolean }) => {
      const config = loadConfig();
      const { backupDatabase } = await vaultModules();
      const { bytes } = await asCli(() => backupDatabase(config, file, opts));
      console.log(`Backed up the database to ${path.resolve(file)} (${bytes} bytes).`);
      console.log(keysNote(config));
    });

  program
    .command('restore')
    .description(
      'replace the embedded database with <file>, then destroy again every key shredded since',
    )
    .argument('<file>', 'a file written by `custodian backup`')
    .option('--force', 'restore although the data directory looks in use (after a crash)')
    .option('--allow-expired', "restore an archive older than the manifest's backup period")
    .action(async (file: string, opts: { force?: boolean; allowExpired?: boolean }) => {
      const config = loadConfig();
      const { createLogger, restoreDatabase } = await vaultModules();
      if (!opts.allowExpired) await asCli(() => refuseExpiredBackup(config, path.resolve(file)));
      const log = createLogger('silent');
      const r = await asCli(() => restoreDatabase(config, log, file, opts));
      console.log(`Restored the database from ${path.resolve(file)}.`);
      console.log(
        `Shred ledger re-applied: ${r.entries} entries, ${r.keysDestroyed} data keys destroyed ` +
          `again, ${r.linksErased} pseudonym links erased again.`,
      );
      if (r.previous) console.log(`The replaced database was kept in ${r.previous}.`);
    });

  const vault = program.command('vault').description('the key store of personal data');

  vault
    .command('rotate-key')
    .description(
      'wrap every data key with a new master key (file mode: a new key file; ' +
        'environment mode: the key in CUSTODIAN_NEW_MASTER_KEY)',
    )
    .option('--force', 'run although the data directory looks in use (after a crash)')
    .action(async (opts: { force?: boolean }) => {
      await asCli(() => rotateKey(loadConfig(), opts.force ?? false));
    });

  vault
    .command('reapply-shreds')
    .description('destroy again every key in the shred ledger (run after pg_restore)')
    .action(async () => {
      const config = loadConfig();
      const { migrateToLatest, createConfiguredVault, createLogger } = await vaultModules();
      await asCli(async () => {
        const database = await openConfigured(config, false);
        try {
          await migrateToLatest(database);
          const v = await createConfiguredVault(config, createLogger('silent'), database, {
            reapply: false,
          });
          const r = await v.reapplyShredLedger(database.db);
          console.log(
            `Shred ledger re-applied: ${r.entries} entries, ${r.keysDestroyed} data keys destroyed, ` +
              `${r.linksErased} pseudonym links erased.`,
          );
        } finally {
          await database.close();
        }
      });
    });
}

async function openConfigured(config: Config, force: boolean) {
  const { databaseInUse, openDatabase } = await vaultModules();
  if (!config.databaseUrl && databaseInUse(config) && !force) {
    throw new CliError(
      'The embedded database is in use: stop the service first (or use --force after a crash).',
    );
  }
  return openDatabase(
    config.databaseUrl ? { url: config.databaseUrl } : { dataDir: config.dataDir },
  );
}

async function rotateKey(config: Config, force: boolean): Promise<void> {
  const m = await vaultModules();
  const { decodeKey, readKeyFile, createKeyFile, NEXT_MASTER_KEY_FILE, MASTER_KEY_FILE } = m;
  const fromEnv = Boolean(config.vaultMasterKey);
  if (fromEnv && !config.vaultNewMasterKey) {
    throw new CliError(
      'CUSTODIAN_MASTER_KEY is set: put the new key in CUSTODIAN_NEW_MASTER_KEY ' +
        '(e.g. `openssl rand -base64 32`) and run this again.',
    );
  }
  const database = await openConfigured(config, force);
  const nextFile = path.join(config.vaultKeyDir, NEXT_MASTER_KEY_FILE);
  const next = fromEnv
    ? decodeKey(config.vaultNewMasterKey!, 'CUSTODIAN_NEW_MASTER_KEY')
    : (readKeyFile(nextFile) ?? createKeyFile(nextFile));
  try {
    await m.migrateToLatest(database);
    // The vault loads the pending key as an extra unwrapping key, so a resumed rotation works.
    const vault = await m.createConfiguredVault(config, m.createLogger('silent'), database);
    let total = 0;
    // Other processes may add keys under the old master key meanwhile; sweep until none is left.
    for (let round = 0; round < 5; round++) {
      total += (await vault.rotateMasterKey(database.db, next)).rewrapped;
      if ((await m.repo.countKeysNotWrappedBy(database.db, vault.masterKeyId)) === 0) break;
    }
    if (!fromEnv) renameSync(nextFile, path.join(config.vaultKeyDir, MASTER_KEY_FILE));
    console.log(`Re-wrapped ${total} data keys with master key ${vault.masterKeyId}.`);
    console.log(
      fromEnv
        ? 'Now set CUSTODIAN_MASTER_KEY to the new key, remove CUSTODIAN_NEW_MASTER_KEY, restart every process and destroy the old key.'
        : `The old master key file was replaced; ${MASTER_KEY_FILE} now holds the new key.`,
    );
  } finally {
    await database.close();
  }
}
