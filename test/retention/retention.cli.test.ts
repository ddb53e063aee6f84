/** `custodian retention …` against an embedded database on disk, seeded with demo customers. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../src/app/cli.ts';

const saved = { ...process.env };
let dataDir: string;
let out: string[];
let err: string[];

beforeAll(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'custodian-retention-cli-'));
  delete process.env.DATABASE_URL;
  process.env.DATA_DIR = dataDir;
  process.env.CUSTODIAN_KEY_DIR = path.join(dataDir, 'keys');
  process.env.LOG_LEVEL = 'silent';
});
beforeEach(() => {
  out = [];
  err = [];
  vi.spyOn(console, 'log').mockImplementation((m: string) => void out.push(m));
  vi.spyOn(console, 'error').mockImplementation((m: string) => void err.push(m));
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
});
afterAll(() => {
  vi.restoreAllMocks();
  process.env = { ...saved };
  rmSync(dataDir, { recursive: true, force: true });
});

describe.skipIf(process.env.CUSTODIAN_TEST_DB === 'postgres')('custodian retention', () => {
  it('refuses malformed dates and holds with exit code 2', async () => {
    expect(await runCli(['retention', 'plan', '--as-of', 'someday'])).toBe(2);
    expect(err.join('\n')).toMatch(/--as-of must be a date/);
    expect(
      await runCli(['retention', 'hold', 'add', '--reason', 'x', '--until', '2031-02-30']),
    ).toBe(2);
    expect(
      await runCli(['retention', 'hold', 'add', '--reason', 'x', '--until', '2031-02-28']),
    ).toBe(2);
    expect(err.join('\n')).toMatch(/either --customer or --order/);
  });

  it('lists all nine rules by id with counts on the demo data, and rehearses a later day', async () => {
    expect(await runCli(['seed', '--customers', '12'])).toBe(0);
    out = [];
    expect(await runCli(['retention', 'plan'])).toBe(0);
    const rules = [
      'customer_relationship',
      'account',
      'consumer_trade',
      'accounting_vouchers',
      'accounting_books',
      'browsing',
      'consent_proof',
      'system_logs',
      'backups',
    ];
    const table = out.join('\n').split('\n');
    for (const rule of rules) expect(table.some((l) => l.startsWith(`${rule} `))).toBe(true);
    // The audit log's own sweep is listed under system_logs, with its counts (the demo data has
    // no entry yet).
    const systemLogs = table.findIndex((l) => l.startsWith('system_logs '));
    const auditLine = table.findIndex((l) => /^ {2}audit\.entries +0 +0 +—$/.test(l));
    expect(auditLine).toBeGreaterThan(systemLogs);
    out = [];
    expect(await runCli(['retention', 'plan', '--as-of', '2040-01-01', '--json'])).toBe(0);
    const plan = JSON.parse(out.join('\n')) as { rule: string; due: number }[];
    expect(plan.map((p) => p.rule)).toEqual(rules);
    // Fourteen years on, every demo customer's relationship has ended.
    expect(plan.find((p) => p.rule === 'customer_relationship')!.due).toBe(12);
    const logs = (plan as unknown as { rule: string; sweeps: { sweep: string }[] }[]).find(
      (p) => p.rule === 'system_logs',
    )!;
    expect(logs.sweeps.map((w) => w.sweep)).toContain('audit.entries');
  }, 300_000);

  it('holds, lists, extends and releases; runs and records the run', async () => {
    const customer = '00000000-0000-4000-8000-000000000001';
    const year = new Date().getUTCFullYear();
    expect(
      await runCli([
        'retention',
        'hold',
        'add',
        '--customer',
        customer,
        '--reason',
        'Chargeback case 2026-11',
        '--until',
        `${year + 2}-12-31`,
      ]),
    ).toBe(0);
    const id = /Hold ([0-9a-f-]{36})/.exec(out.join('\n'))![1]!;
    out = [];
    expect(await runCli(['retention', 'hold', 'list'])).toBe(0);
    expect(out.join('\n')).toContain(
      `${id}  customer ${customer}  until ${year + 2}-12-31  active`,
    );
    // The reason is sealed, never printed in a list.
    expect(out.join('\n')).not.toContain('Chargeback');
    // Further than the manifest's longest period (10 years) is refused, at placing and extending.
    err = [];
    const far = ['--reason', 'Dispute 2026/9', '--until', `${year + 12}-01-01`];
    expect(await runCli(['retention', 'hold', 'add', '--customer', customer, ...far])).toBe(2);
    expect(await runCli(['retention', 'hold', 'extend', id, '--until', `${year + 12}-01-01`])).toBe(
      2,
    );
    expect(err.join('\n')).toMatch(
      /no later than \d{4}-\d{2}-\d{2} \(the longest retention period/,
    );
    expect(await runCli(['retention', 'hold', 'extend', id, '--until', `${year + 1}-01-01`])).toBe(
      2,
    );
    expect(err.join('\n')).toMatch(/later than the current one/);
    out = [];
    expect(await runCli(['retention', 'hold', 'extend', id, '--until', `${year + 4}-06-30`])).toBe(
      0,
    );
    expect(await runCli(['retention', 'hold', 'list'])).toBe(0);
    expect(out.join('\n')).toContain(
      `${id}  customer ${customer}  until ${year + 4}-06-30  active`,
    );
    expect(await runCli(['retention', 'hold', 'release', id])).toBe(0);
    err = [];
    expect(await runCli(['retention', 'hold', 'release', id])).toBe(2);
    expect(err.join('\n')).toContain('This hold was already released.');
    expect(await runCli(['retention', 'hold', 'extend', id, '--until', `${year + 5}-01-01`])).toBe(
      2,
    );
    expect(err.join('\n')).toContain('This hold was released: place a new hold instead.');
    out = [];
    expect(await runCli(['retention', 'run'])).toBe(0);
    expect(out.join('\n')).toMatch(/Run [0-9a-f-]{36}: done\./);
  }, 300_000);
});
