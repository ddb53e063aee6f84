/** The whole service graph over a fresh test database, for in-process HTTP tests. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/kit/config.ts';
import { createLogger, type Logger } from '../../src/kit/log.ts';
import { createServices, type Services } from '../../src/app/services.ts';
import { createTestDatabase } from './database.ts';

export interface TestServices extends Services {
  close(): Promise<void>;
}

/** `log`: the services' logger (silent by default), e.g. one writing into a buffer to scan. */
export async function createTestServices(
  env: Record<string, string> = {},
  options: { log?: Logger; now?: () => Date } = {},
): Promise<TestServices> {
  const database = await createTestDatabase();
  // Vault keys and the shred ledger go to a fresh directory, never into the work tree's .data.
  const keyDir = mkdtempSync(path.join(tmpdir(), 'custodian-keys-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    CUSTODIAN_KEY_DIR: keyDir,
    CUSTODIAN_AUDIT_CHECKPOINTS: path.join(keyDir, 'audit-checkpoints.jsonl'),
    ...env,
  });
  const services = await createServices(
    config,
    options.log ?? createLogger('silent'),
    database,
    options.now ? { now: options.now } : {},
  );
  return {
    ...services,
    close: async () => {
      await database.drop();
      rmSync(keyDir, { recursive: true, force: true });
    },
  };
}
