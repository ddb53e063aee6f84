/** The whole service graph over a fresh test database, for in-process HTTP tests. */
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/log.ts';
import { createServices, type Services } from '../../src/services.ts';
import { createTestDatabase } from './database.ts';

export interface TestServices extends Services {
  close(): Promise<void>;
}

export async function createTestServices(env: Record<string, string> = {}): Promise<TestServices> {
  const database = await createTestDatabase();
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...env });
  const services = await createServices(config, createLogger('silent'), database);
  return { ...services, close: () => database.drop() };
}
