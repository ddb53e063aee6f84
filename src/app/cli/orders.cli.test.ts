/** `custodian orders …` against an embedded database on disk (PostgreSQL runs use DATABASE_URL). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../cli.ts';

const saved = { ...process.env };
let dataDir: string;
let out: string[];
let err: string[];

beforeEach(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'custodian-orders-cli-'));
  out = [];
  err = [];
  vi.spyOn(console, 'log').mockImplementation((m: string) => void out.push(m));
  vi.spyOn(console, 'error').mockImplementation((m: string) => void err.push(m));
  delete process.env.DATABASE_URL;
  process.env.DATA_DIR = dataDir;
  process.env.CUSTODIAN_KEY_DIR = path.join(dataDir, 'keys');
  process.env.LOG_LEVEL = 'silent';
});
afterEach(() => {
  vi.restoreAllMocks();
  process.env = { ...saved };
  rmSync(dataDir, { recursive: true, force: true });
});

describe('custodian orders', () => {
  it('refuses a malformed date or order id with exit code 2', async () => {
    expect(await runCli(['orders', 'collect-overdue', '--today', 'tomorrow'])).toBe(2);
    expect(err.join('\n')).toMatch(/--today must be a date/);
    expect(await runCli(['orders', 'status', 'not-an-id', 'shipped'])).toBe(2);
    expect(await runCli(['orders', 'status', '00000000-0000-4000-8000-000000000000', 'lost'])).toBe(
      2,
    );
  });

  it('collects overdue invoices (none on a fresh database)', async () => {
    expect(await runCli(['orders', 'collect-overdue', '--today', '2030-01-01'])).toBe(0);
    expect(out.join('\n')).toContain('Sent 0 overdue invoices to collection; 0 failed.');
  }, 60_000);

  it('reports an unknown order clearly', async () => {
    expect(
      await runCli(['orders', 'status', '00000000-0000-4000-8000-000000000000', 'shipped']),
    ).toBe(1);
    expect(err.join('\n')).toContain('The order was not found.');
  }, 60_000);
});
