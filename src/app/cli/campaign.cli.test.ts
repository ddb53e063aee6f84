/**
 * `custodian campaign …` on the embedded database on disk or, on `CUSTODIAN_TEST_DB=postgres`, a
 * fresh PostgreSQL database: create, preview, send with a progress bar, status; SMS refused.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../cli.ts';
import { loadConfig } from '../../kit/config.ts';
import { migrateToLatest } from '../../kit/db/migrate.ts';
import { createLogger } from '../../kit/log.ts';
import { createServices } from '../services.ts';
import { openConfiguredDatabase } from '../main.ts';
import { createPostgresDatabase, testDbKind } from '../../../test/support/database.ts';
import { addSubscribers } from '../../../test/campaigns/subscribers.ts';

const saved = { ...process.env };
const dataDir = mkdtempSync(path.join(tmpdir(), 'custodian-campaign-cli-'));
let pg: Awaited<ReturnType<typeof createPostgresDatabase>> | undefined;
let out: string[];
let err: string[];

function environment() {
  process.env.DATA_DIR = dataDir;
  process.env.CUSTODIAN_KEY_DIR = path.join(dataDir, 'keys');
  process.env.CUSTODIAN_AUDIT_CHECKPOINTS = path.join(dataDir, 'checkpoints.jsonl');
  process.env.LOG_LEVEL = 'silent';
  if (pg) process.env.DATABASE_URL = pg.url;
  else delete process.env.DATABASE_URL;
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

describe('custodian campaign', { timeout: 180_000 }, () => {
  it('creates, previews, sends with a progress bar and reports the status', async () => {
    const config = loadConfig();
    const database = await openConfiguredDatabase(config);
    try {
      await migrateToLatest(database);
      await addSubscribers(await createServices(config, createLogger('silent'), database), 40);
    } finally {
      await database.close();
    }
    const bodyFile = path.join(dataDir, 'body-fi.txt');
    writeFileSync(bodyFile, 'Uudet pitsisetit ovat tulleet.\nTervetuloa!');
    expect(
      await runCli([
        'campaign',
        'create',
        ...['--subject-en', 'Autumn lace', '--subject-fi', 'Syksyn pitsit'],
        ...['--subject-sv', 'Höstens spets', '--body-en', 'New lace sets are in.'],
        ...['--body-fi', `@${bodyFile}`, '--body-sv', 'Nya spetsset har kommit.'],
      ]),
    ).toBe(0);
    const id = out.at(-1)!;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);

    out = [];
    expect(await runCli(['campaign', 'preview', id, '--lang', 'fi'])).toBe(0);
    const preview = out.join('\n');
    expect(preview).toContain('Subject: Syksyn pitsit');
    expect(preview).toContain('Tervetuloa!');
    expect(preview).toContain('Peruuta tilaus yhdellä napsautuksella');
    expect(preview).toContain('On the list now: 40');

    out = [];
    expect(await runCli(['campaign', 'send', id, '--batch', '15'])).toBe(0);
    expect(out.join('\n')).toMatch(/Sent 40, skipped 0 \(no consent in force\), 0 in doubt/);

    out = [];
    expect(await runCli(['campaign', 'status', id])).toBe(0);
    expect(out.join('\n')).toContain(`${id}  sent  40/40 handled: 40 sent`);
    out = [];
    expect(await runCli(['campaign', 'send', id])).toBe(0);
    expect(out.join('\n')).toMatch(/Sent 40,/);
    expect(await runCli(['campaign', 'status'])).toBe(0);
    expect(out.join('\n')).toContain('Autumn lace');
  });

  it('refuses SMS campaigns, missing texts and malformed ids with a clear message', async () => {
    const texts = ['--subject-en', 'A', '--subject-fi', 'B', '--subject-sv', 'C'];
    const bodies = ['--body-en', 'a', '--body-fi', 'b', '--body-sv', 'c'];
    expect(await runCli(['campaign', 'create', '--channel', 'sms', ...texts, ...bodies])).toBe(1);
    expect(err.join('\n')).toContain('SMS campaigns are not sent');
    err = [];
    expect(await runCli(['campaign', 'create', ...texts, '--body-en', 'a'])).toBe(1);
    expect(err.join('\n')).toMatch(/English, Finnish and Swedish.*body_fi: required/);
    expect(await runCli(['campaign', 'send', 'nope'])).toBe(2);
    expect(await runCli(['campaign', 'send', '00000000-0000-4000-8000-000000000000'])).toBe(1);
    expect(err.join('\n')).toContain('The campaign was not found');
  });
});
