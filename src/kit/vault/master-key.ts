/**
 * Where the vault's keys come from: `CUSTODIAN_MASTER_KEY` / `CUSTODIAN_INDEX_KEY` (base64, 32
 * bytes) or files in the key directory (`DATA_DIR/keys` by default), created on first start with
 * mode 0600. The key directory is never part of a database backup (docs/vault.md).
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { KEY_BYTES } from './vault-crypto.ts';
import { VaultError } from './vault-errors.ts';

export interface VaultKeyConfig {
  vaultMasterKey?: string | undefined;
  vaultNewMasterKey?: string | undefined;
  vaultIndexKey?: string | undefined;
  vaultKeyDir: string;
}

export const MASTER_KEY_FILE = 'master.key';
/** The new key of a rotation in progress; present only until the rotation has finished. */
export const NEXT_MASTER_KEY_FILE = 'master.key.next';
export const INDEX_KEY_FILE = 'index.key';

export function decodeKey(base64: string, name: string): Buffer {
  const key = Buffer.from(base64.trim(), 'base64');
  if (key.length !== KEY_BYTES) {
    throw new VaultError(`${name} must be ${KEY_BYTES} bytes, base64-encoded.`);
  }
  return key;
}

/** Reads a key file, refusing one that others than its owner can read. */
export function readKeyFile(file: string): Buffer | undefined {
  let mode: number;
  try {
    mode = statSync(file).mode;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
    throw new VaultError(`The key file ${file} is readable by others; run: chmod 600 ${file}`);
  }
  return decodeKey(readFileSync(file, 'utf8'), file);
}

/** Writes a new random key with mode 0600; fails if the file exists (never overwrites a key). */
export function createKeyFile(file: string, key: Buffer = randomBytes(KEY_BYTES)): Buffer {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(file, key.toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  return key;
}

function loadOrCreate(envValue: string | undefined, envName: string, file: string): Buffer {
  if (envValue) return decodeKey(envValue, envName);
  const existing = readKeyFile(file);
  if (existing) return existing;
  try {
    return createKeyFile(file);
  } catch (err) {
    // Another process created it first.
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return readKeyFile(file)!;
    throw err;
  }
}

export async function loadOrCreateMasterKey(config: VaultKeyConfig): Promise<Buffer> {
  return loadOrCreate(
    config.vaultMasterKey,
    'CUSTODIAN_MASTER_KEY',
    path.join(config.vaultKeyDir, MASTER_KEY_FILE),
  );
}

/** The blind-index key: separate from the master key so rotations leave indexes unchanged. */
export async function loadOrCreateIndexKey(config: VaultKeyConfig): Promise<Buffer> {
  return loadOrCreate(
    config.vaultIndexKey,
    'CUSTODIAN_INDEX_KEY',
    path.join(config.vaultKeyDir, INDEX_KEY_FILE),
  );
}

/** The new master key of an unfinished rotation, if any: it may unwrap, so the service runs. */
export async function loadPendingMasterKey(config: VaultKeyConfig): Promise<Buffer | undefined> {
  if (config.vaultMasterKey) {
    return config.vaultNewMasterKey
      ? decodeKey(config.vaultNewMasterKey, 'CUSTODIAN_NEW_MASTER_KEY')
      : undefined;
  }
  return readKeyFile(path.join(config.vaultKeyDir, NEXT_MASTER_KEY_FILE));
}
