/**
 * Durability of the group commit: a real server under concurrent consent writes is killed with
 * SIGKILL; after a restart every record it acknowledged (201 with a recordId) is in the ledger.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/kit/db/database.ts';
import { existingRecordIds } from '../src/consent/consent.repository.ts';
import { createPostgresDatabase, testDbKind } from './support/database.ts';

interface Server {
  child: ChildProcess;
  url: string;
}

function startServer(env: Record<string, string>): Promise<Server> {
  const child = spawn(process.execPath, ['bin/custodian.js', 'serve'], {
    env: {
      ...process.env,
      PORT: '0',
      LOG_LEVEL: 'warn',
      NODE_ENV: 'test',
      CONSENT_RATE_LIMIT: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 150_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const url = /Custodian: open (http:\/\/\S+)/.exec(out)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve({ child, url });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${out}`));
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

describe(`consent ledger durability under SIGKILL on ${testDbKind}`, () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('finds every acknowledged record after a crash and restart', async () => {
    let env: Record<string, string>;
    let dataDir: string | undefined;
    let url: string | undefined;
    if (testDbKind === 'postgres') {
      const pgdb = await createPostgresDatabase();
      cleanups.push(pgdb.dropDatabase);
      url = pgdb.url;
      env = { DATABASE_URL: url };
    } else {
      dataDir = mkdtempSync(path.join(tmpdir(), 'custodian-crash-'));
      cleanups.push(() => rmSync(dataDir!, { recursive: true, force: true }));
      env = { DATA_DIR: dataDir };
    }

    const first = await startServer(env);
    cleanups.push(() => void first.child.kill('SIGKILL'));
    const config = (await (await fetch(`${first.url}/consent/config?lang=en`)).json()) as {
      textHash: string;
      policyVersion: number;
    };
    const body = JSON.stringify({
      choices: { analytics: true, marketing: false, personalisation: true },
      textHash: config.textHash,
      policyVersion: config.policyVersion,
      source: 'banner',
      signals: { gpc: false, dnt: false },
      explicit: true,
      lang: 'en',
    });

    const acknowledged: string[] = [];
    let failed = 0;
    let killed = false;
    const worker = async () => {
      while (!killed) {
        try {
          const res = await fetch(`${first.url}/api/consent`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body,
          });
          if (res.status === 201)
            acknowledged.push(((await res.json()) as { recordId: string }).recordId);
          else failed += 1;
        } catch {
          failed += 1; // the connection died with the server: not acknowledged
        }
      }
    };
    const workers = Array.from({ length: 32 }, worker);
    // Kill while requests are in flight: after enough acknowledgements to mean something.
    while (acknowledged.length < 300) await new Promise((r) => setTimeout(r, 5));
    first.child.kill('SIGKILL');
    await exited(first.child);
    killed = true;
    await Promise.all(workers);
    expect(failed).toBeGreaterThan(0); // some requests really were cut off mid-flight
    const acked = [...acknowledged];

    const second = await startServer(env);
    const health = (await (await fetch(`${second.url}/healthz`)).json()) as { status: string };
    expect(health.status).toBe('ok');
    second.child.kill('SIGTERM');
    await exited(second.child);

    const database = await openDatabase(url ? { url } : { dataDir: dataDir! });
    try {
      const found = await existingRecordIds(database.db, acked);
      const missing = acked.filter((id) => !found.has(id));
      expect(missing).toEqual([]);
      expect(found.size).toBe(acked.length);
    } finally {
      await database.close();
    }
  }, 400_000); // two server starts on a shared, loaded machine
});
