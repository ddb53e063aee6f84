/** `custodian staff …` against an embedded database on disk (PostgreSQL runs use DATABASE_URL). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../cli.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.ts';

const saved = { ...process.env };
let dataDir: string;
let out: string[];
let err: string[];
let pg: TestDatabase | undefined;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'custodian-staff-cli-'));
  delete process.env.DATABASE_URL;
  pg = process.env.CUSTODIAN_TEST_DB === 'postgres' ? await createTestDatabase() : undefined;
  if (pg?.url) {
    process.env.DATABASE_URL = pg.url;
    await pg.close();
  }
  process.env.DATA_DIR = dataDir;
  process.env.CUSTODIAN_KEY_DIR = path.join(dataDir, 'keys');
  process.env.LOG_LEVEL = 'silent';
}, 60_000);
beforeEach(() => {
  out = [];
  err = [];
  vi.spyOn(console, 'log').mockImplementation((m: string) => void out.push(m));
  vi.spyOn(console, 'error').mockImplementation((m: string) => void err.push(m));
});
afterAll(async () => {
  vi.restoreAllMocks();
  await pg?.drop().catch(() => {});
  process.env = { ...saved };
  rmSync(dataDir, { recursive: true, force: true });
});

describe('custodian staff', () => {
  it('adds the first owner with a generated password shown once, lists, disables', async () => {
    expect(await runCli(['staff', 'list'])).toBe(0);
    expect(out.join('\n')).toMatch(/No staff members yet/);
    expect(await runCli(['staff', 'add', 'aino', '--role', 'owner', 'dpo'])).toBe(0);
    expect(out.join('\n')).toMatch(/Added aino \(dpo, owner\)/);
    expect(out.join('\n')).toMatch(/Initial password \(shown once\): [A-Za-z0-9_-]{20}/);
    expect(await runCli(['staff', 'add', 'mika', '--role', 'marketing'])).toBe(0);
    out = [];
    expect(await runCli(['staff', 'list'])).toBe(0);
    expect(out).toEqual([
      'aino\tdpo,owner\tmfa-pending\tactive',
      'mika\tmarketing\tmfa-pending\tactive',
    ]);
    expect(await runCli(['staff', 'disable', 'mika'])).toBe(0);
    expect(await runCli(['staff', 'disable', 'aino'])).toBe(1);
    expect(err.join('\n')).toMatch(/last active owner/);
  }, 60_000);

  it('refuses an unknown role or a malformed username with exit code 2', async () => {
    expect(await runCli(['staff', 'add', 'eve', '--role', 'root'])).toBe(2);
    expect(err.join('\n')).toMatch(/Unknown role: root/);
    expect(await runCli(['staff', 'add', 'eve@example.fi', '--role', 'dpo'])).toBe(2);
    expect(await runCli(['staff', 'disable', 'nobody'])).toBe(1);
  }, 60_000);
});
