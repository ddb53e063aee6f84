/**
 * Backup and restore of the embedded (PGlite) database, and the step that makes shredding
 * survive a restore: after loading an old backup, the shred ledger (kept in the key directory,
 * outside every backup) is re-applied before anything reads the database.
 *
 * A backup is PGlite's data-directory tarball (gzip). It holds sealed fields and wrapped data
 * keys, never the master key, index key or shred ledger. PostgreSQL uses pg_dump / pg_restore
 * and then `custodian vault reapply-shreds` (docs/vault.md).
 */
import { existsSync, openSync, readSync, closeSync, renameSync, rmSync, statSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config.ts';
import { openDatabase, type Database } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import type { Logger } from '../log.ts';
import { createConfiguredVault } from './vault.service.ts';
import type { ReapplyResult } from './vault.ts';

/** A problem the operator can fix; the message is meant for the terminal. */
export class BackupError extends Error {}

export function pgliteDir(config: Pick<Config, 'dataDir'>): string {
  return path.join(config.dataDir, 'pgdata');
}

/**
 * PGlite writes `postmaster.pid` while a process has the data directory open and removes it on
 * a clean close; a leftover one means a running service or a crash.
 */
export function databaseInUse(config: Pick<Config, 'dataDir'>): boolean {
  return existsSync(path.join(pgliteDir(config), 'postmaster.pid'));
}

function refuseIfInUse(config: Config, force: boolean, what: string): void {
  if (!databaseInUse(config) || force) return;
  throw new BackupError(
    `The database in ${pgliteDir(config)} is in use (postmaster.pid exists): stop the service ` +
      `before the ${what}. If no service is running (it crashed), repeat with --force.`,
  );
}

function refuseIfPostgres(config: Config, what: string): void {
  if (!config.databaseUrl) return;
  throw new BackupError(
    `DATABASE_URL is set: ${what} the PostgreSQL database with pg_dump / pg_restore, then run ` +
      '`custodian vault reapply-shreds` (see docs/vault.md).',
  );
}

export async function backupDatabase(
  config: Config,
  file: string,
  options: { force?: boolean } = {},
): Promise<{ bytes: number }> {
  refuseIfPostgres(config, 'back up');
  if (!existsSync(path.join(pgliteDir(config), 'PG_VERSION'))) {
    throw new BackupError(`There is no database in ${pgliteDir(config)} to back up.`);
  }
  refuseIfInUse(config, options.force ?? false, 'backup');
  const target = path.resolve(file);
  if (existsSync(target) && !options.force) {
    throw new BackupError(`${target} exists already; choose another name or use --force.`);
  }
  const database = await openDatabase({ dataDir: config.dataDir });
  try {
    const tarball = await database.pglite!.dumpDataDir('gzip');
    const bytes = Buffer.from(await tarball.arrayBuffer());
    // Sealed fields and wrapped keys: not readable without the keys, still nobody else's business.
    const partial = `${target}.partial`;
    await writeFile(partial, bytes, { mode: 0o600 });
    renameSync(partial, target);
    return { bytes: bytes.length };
  } finally {
    await database.close();
    // Kysely closes PGlite only once it has run a query; this path ran none.
    if (database.pglite && !database.pglite.closed) await database.pglite.close();
  }
}

export interface RestoreResult extends ReapplyResult {
  /** Where the database that was replaced now lies, if there was one. */
  previous: string | undefined;
}

export async function restoreDatabase(
  config: Config,
  log: Logger,
  file: string,
  options: { force?: boolean } = {},
): Promise<RestoreResult> {
  refuseIfPostgres(config, 'restore');
  const source = path.resolve(file);
  checkBackupFile(source);
  refuseIfInUse(config, options.force ?? false, 'restore');

  const dir = pgliteDir(config);
  let previous: string | undefined;
  if (existsSync(dir)) {
    previous = `${dir}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    renameSync(dir, previous);
  }
  let database: Database | undefined;
  try {
    const blob = new Blob([await readFile(source)], { type: 'application/x-gzip' });
    database = await openDatabase({ dataDir: config.dataDir, loadDataDir: blob });
    await migrateToLatest(database);
    const vault = await createConfiguredVault(config, log, database, { reapply: false });
    const result = await vault.reapplyShredLedger(database.db);
    return { ...result, previous };
  } catch (err) {
    await database?.close().catch(() => undefined);
    database = undefined;
    rmSync(dir, { recursive: true, force: true });
    if (previous) renameSync(previous, dir);
    if (err instanceof BackupError) throw err;
    throw new BackupError(
      `The restore failed and the previous database was put back: ${err instanceof Error ? err.message : String(err)}`,
    );
  } finally {
    await database?.close();
  }
}

function checkBackupFile(file: string): void {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    throw new BackupError(`Cannot read the backup file ${file}.`);
  }
  const head = Buffer.alloc(2);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, head, 0, 2, 0);
  } finally {
    closeSync(fd);
  }
  if (size < 100 || head[0] !== 0x1f || head[1] !== 0x8b) {
    throw new BackupError(
      `${file} is not a Custodian backup (a gzip tarball from \`custodian backup\`).`,
    );
  }
}
