/**
 * Where a crash test and its worker processes meet: a fresh PostgreSQL database
 * (`CUSTODIAN_TEST_DB=postgres`) or an on-disk PGlite directory (which one process opens at a
 * time), and a directory for the vault's keys. `remove()` drops both; `crashEnv` is what a worker
 * child reads them from (CRASH_DB_URL, CRASH_DATA_DIR, CRASH_KEY_DIR).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createPostgresDatabase, testDbKind } from './database.ts';

export interface CrashLocation {
  url?: string | undefined;
  dataDir?: string | undefined;
  keyDir: string;
}

export async function crashLocation(
  prefix = 'custodian-crash',
): Promise<{ location: CrashLocation; remove: () => Promise<void> }> {
  const keyDir = mkdtempSync(path.join(tmpdir(), `${prefix}-keys-`));
  const removeKeys = () => rmSync(keyDir, { recursive: true, force: true });
  if (testDbKind === 'postgres') {
    const { url, dropDatabase } = await createPostgresDatabase();
    return {
      location: { url, keyDir },
      remove: async () => {
        await dropDatabase();
        removeKeys();
      },
    };
  }
  const dataDir = mkdtempSync(path.join(tmpdir(), `${prefix}-db-`));
  return {
    location: { dataDir, keyDir },
    remove: async () => {
      rmSync(dataDir, { recursive: true, force: true });
      removeKeys();
    },
  };
}

/** The environment a worker child finds the location in. */
export function crashEnv(location: CrashLocation): Record<string, string> {
  return {
    CRASH_DB_URL: location.url ?? '',
    CRASH_DATA_DIR: location.dataDir ?? '',
    CRASH_KEY_DIR: location.keyDir,
  };
}
