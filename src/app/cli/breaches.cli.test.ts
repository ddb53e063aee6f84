/** `custodian breach …` and `custodian authority …` against an embedded database on disk. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../cli.ts';

const saved = { ...process.env };
let dataDir: string;
let out: string[];
let err: string[];

beforeEach(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'custodian-breach-cli-'));
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

const breach = (discoveredAt: string, extra: Record<string, unknown> = {}) => ({
  nature: 'integrity',
  description: 'A faulty import overwrote delivery addresses.',
  discoveredAt,
  categories: ['user.contact.address'],
  approxPeople: 12,
  approxRecords: 12,
  consequences: ['service_interruption'],
  consequencesText: 'Parcels may go astray.',
  measures: ['data_restored'],
  measuresText: 'Restored from the nightly backup.',
  risk: 'risk',
  assessment: 'Addresses wrong for a day: a risk, not high.',
  ...extra,
});

describe('custodian breach', () => {
  it('refuses bad input with exit code 2, naming the field', async () => {
    const file = path.join(dataDir, 'bad.json');
    writeFileSync(file, JSON.stringify({ nature: 'nope' }));
    expect(await runCli(['breach', 'record', '--json', file])).toBe(2);
    expect(err.join('\n')).toMatch(/nature/);
    expect(await runCli(['breach', 'show', 'not-an-id'])).toBe(2);
    expect(await runCli(['breach', 'record', '--json', path.join(dataDir, 'none.json')])).toBe(2);
  });

  it('records a late breach only with its reasons, lists it late and prints the notification', async () => {
    const discovered = new Date(Date.now() - 73 * 3_600_000).toISOString();
    const file = path.join(dataDir, 'late.json');
    writeFileSync(file, JSON.stringify(breach(discovered)));
    expect(await runCli(['breach', 'record', '--json', file])).toBe(2);
    expect(err.join('\n')).toContain('72 hours');
    writeFileSync(file, JSON.stringify(breach(discovered, { delayReason: 'Weekend.' })));
    expect(await runCli(['breach', 'record', '--json', file])).toBe(0);
    const id = out.at(-1)!;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await runCli(['breach', 'list'])).toBe(0);
    expect(out.join('\n')).toMatch(/LATE by [12] h/);
    expect(await runCli(['breach', 'show', id, '--lang', 'fi'])).toBe(0);
    expect(out.join('\n')).toContain('Viivästymisen syyt');
    expect(out.join('\n')).toContain('Weekend.');
    expect(await runCli(['breach', 'notified', id, '--reference', 'TSV-9'])).toBe(0);
    expect(
      await runCli([
        'breach',
        'notify-people',
        id,
        '--by',
        'category',
        '--key',
        'user.contact.address',
      ]),
    ).toBe(1);
    expect(err.join('\n')).toContain('high-risk');
  }, 120_000);
});

describe('custodian authority', () => {
  it('refuses an unknown person and a field the manifest does not list', async () => {
    const base = [
      'authority',
      'disclose',
      '--pseudonym',
      'AAAAAAAAAAAAAAAAAAAAAA',
      '--authority',
      'Poliisi',
      '--provision',
      'PolL 4:3',
      '--request',
      'x',
    ];
    expect(await runCli([...base, '--fields', 'name'])).toBe(1);
    expect(err.join('\n')).toContain('was not found');
    expect(await runCli([...base, '--fields', 'identity_code'])).toBe(2);
    expect(await runCli(['authority', 'list'])).toBe(0);
    expect(out.join('\n')).toContain('No requests recorded.');
  }, 120_000);
});
