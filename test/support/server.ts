/**
 * The whole service on a real HTTP port (random), for tests that need a real server: a browser,
 * the local OpenID provider, anything that fetches the service's own URL. PUBLIC_URL matches
 * the port. On `CUSTODIAN_TEST_DB=postgres` it runs on a fresh PostgreSQL database.
 *
 * @example
 *   const server = await startTestServer();
 *   await fetch(`${server.url}/account/sign-in`);
 *   await server.stop();
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/kit/config.ts';
import { createLogger } from '../../src/kit/log.ts';
import { start, type Running } from '../../src/app/main.ts';
import { createPostgresDatabase, testDbKind } from './database.ts';

export interface TestServer {
  url: string;
  running: Running;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function startTestServer(env: Record<string, string> = {}): Promise<TestServer> {
  const port = await freePort();
  const url = `http://localhost:${port}`;
  const dir = mkdtempSync(path.join(tmpdir(), 'custodian-server-'));
  const pg = testDbKind === 'postgres' ? await createPostgresDatabase() : undefined;
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: url,
    DATA_DIR: dir,
    CUSTODIAN_KEY_DIR: path.join(dir, 'keys'),
    ...(pg ? { DATABASE_URL: pg.url } : {}),
    ...env,
  });
  const running = await start(config, createLogger('silent'));
  return {
    url,
    running,
    stop: async () => {
      await running.stop();
      await pg?.dropDatabase();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
