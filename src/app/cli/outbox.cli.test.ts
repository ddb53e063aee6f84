/**
 * `custodian outbox …` reads the sealed mail a store without SMTP_URL keeps, on the embedded
 * database on disk or, on `CUSTODIAN_TEST_DB=postgres`, a fresh PostgreSQL database.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../cli.ts';
import { loadConfig } from '../../kit/config.ts';
import { migrateToLatest } from '../../kit/db/migrate.ts';
import { createLogger } from '../../kit/log.ts';
import { createConfiguredVault } from '../../kit/vault/vault.service.ts';
import { OutboxService } from '../../notify/outbox.service.ts';
import { openConfiguredDatabase } from '../main.ts';
import { createPostgresDatabase, testDbKind } from '../../../test/support/database.ts';
import { readAllTablesAsText } from '../../../test/support/tables-as-text.ts';

const saved = { ...process.env };
const dataDir = mkdtempSync(path.join(tmpdir(), 'custodian-outbox-cli-'));
let pg: Awaited<ReturnType<typeof createPostgresDatabase>> | undefined;
let out: string[];
let err: string[];

const alice = '00000000-0000-4000-8000-0000000000a1';
const bob = '00000000-0000-4000-8000-0000000000b0';
const day = 24 * 60 * 60 * 1000;

function environment() {
  process.env.DATA_DIR = dataDir;
  process.env.CUSTODIAN_KEY_DIR = path.join(dataDir, 'keys');
  process.env.LOG_LEVEL = 'silent';
  if (pg) process.env.DATABASE_URL = pg.url;
  else delete process.env.DATABASE_URL;
}

/** Keeps mail the way the mailer does, `ageDays` ago, with the store stopped afterwards. */
async function keep(customerId: string, to: string, link: string, ageDays = 0): Promise<string> {
  const config = loadConfig();
  const database = await openConfiguredDatabase(config);
  try {
    await migrateToLatest(database);
    const vault = await createConfiguredVault(config, createLogger('silent'), database);
    const then = new Date(Date.now() - ageDays * day);
    const outbox = new OutboxService(database.db, vault, 7 * day, () => then);
    return await outbox.keep({
      customerId,
      template: 'verify_email',
      message: { to, subject: 'Confirm your email address', text: `Open this link:\n${link}\n` },
    });
  } finally {
    await database.close();
  }
}

async function withDatabase<T>(
  run: (db: Awaited<ReturnType<typeof openConfiguredDatabase>>) => Promise<T>,
) {
  const config = loadConfig();
  const database = await openConfiguredDatabase(config);
  try {
    return await run(database);
  } finally {
    await database.close();
  }
}

beforeAll(async () => {
  if (testDbKind === 'postgres') pg = await createPostgresDatabase();
});
afterAll(async () => {
  process.env = { ...saved };
  await pg?.dropDatabase();
  rmSync(dataDir, { recursive: true, force: true });
});
beforeEach(() => {
  environment();
  out = [];
  err = [];
  vi.spyOn(console, 'log').mockImplementation((m: string) => void out.push(m));
  vi.spyOn(console, 'error').mockImplementation((m: string) => void err.push(m));
});
afterEach(() => {
  vi.restoreAllMocks();
  process.env = { ...saved };
});

describe('custodian outbox', { timeout: 120_000 }, () => {
  it('lists and shows the kept mail, sealed at rest, readable through the vault', async () => {
    const link = 'http://127.0.0.1:3000/account/verify?token=outbox-cli-token-0123456789';
    const id = await keep(alice, 'alice.outbox@example.fi', link);

    expect(await runCli(['outbox', 'list'])).toBe(0);
    const listed = out.join('\n');
    expect(listed).toContain(id);
    expect(listed).toContain('verify_email');
    expect(listed).toContain('alice.outbox@example.fi  Confirm your email address');

    out = [];
    expect(await runCli(['outbox', 'show', id])).toBe(0);
    expect(out.join('\n')).toContain('To: alice.outbox@example.fi');
    expect(out.join('\n')).toContain(link);

    // At rest neither the address nor the link is in clear anywhere in the database.
    const { text } = await withDatabase((d) => readAllTablesAsText(d.db));
    expect(text).not.toContain('alice.outbox');
    expect(text).not.toContain('outbox-cli-token');
  });

  it('purges mail older than 7 days before reading, and `purge` does it alone', async () => {
    const old = await keep(bob, 'bob.old@example.fi', 'http://127.0.0.1:3000/old', 8);
    expect(await runCli(['outbox', 'show', old])).toBe(1);
    expect(err.join('\n')).toContain('mail is kept for 7 days');
    const rows = await withDatabase((d) =>
      d.db.selectFrom('notify_outbox').select('id').where('id', '=', old).execute(),
    );
    expect(rows).toEqual([]);

    await keep(bob, 'bob.older@example.fi', 'http://127.0.0.1:3000/older', 9);
    expect(await runCli(['outbox', 'purge'])).toBe(0);
    expect(out.join('\n')).toContain('Purged 1 expired messages.');
  });

  it('cannot read the mail of an erased customer', async () => {
    const id = await keep(bob, 'bob.erased@example.fi', 'http://127.0.0.1:3000/erased');
    await withDatabase(async (d) => {
      const vault = await createConfiguredVault(loadConfig(), createLogger('silent'), d);
      await vault.shred(d.db, bob, 'profile');
    });
    expect(await runCli(['outbox', 'show', id])).toBe(1);
    expect(err.join('\n')).toContain('its customer was erased');
    expect(await runCli(['outbox', 'list'])).toBe(0);
    expect(out.join('\n')).not.toContain('bob.erased');
  });

  it('refuses a malformed id or limit with exit code 2', async () => {
    expect(await runCli(['outbox', 'show', 'not-an-id'])).toBe(2);
    expect(err.join('\n')).toContain('The message id is a UUID');
    expect(await runCli(['outbox', 'list', '--limit', 'all'])).toBe(2);
  });

  it.skipIf(testDbKind === 'postgres')(
    'says how to read the mail while the store holds the embedded database',
    async () => {
      const pgdata = path.join(dataDir, 'pgdata');
      mkdirSync(pgdata, { recursive: true });
      writeFileSync(path.join(pgdata, 'postmaster.pid'), '1');
      try {
        expect(await runCli(['outbox', 'list'])).toBe(1);
        expect(err.join('\n')).toMatch(/in use by the running store.*\/dev\/outbox/s);
      } finally {
        rmSync(path.join(pgdata, 'postmaster.pid'));
      }
    },
  );
});
