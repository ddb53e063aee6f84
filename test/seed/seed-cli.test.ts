/**
 * `custodian seed` as run from a shell whose output goes to a file or a pipe (as in CI): no
 * terminal, so the progress bar cannot redraw in place and prints whole lines instead.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it, onTestFinished, vi } from 'vitest';
import { runCli } from '../../src/app/cli.ts';

const saved = { ...process.env };
let dataDir: string;

beforeEach(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'custodian-seed-cli-'));
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

it('reports progress as lines when stdout and stderr are no terminal, then the rows per table', async () => {
  const written: string[] = [];
  const logged: string[] = [];
  // As when run under `> log 2>&1` (vitest's workers have no terminal either; say so anyway).
  const stderrTty = Object.getOwnPropertyDescriptor(process.stderr, 'isTTY');
  Object.defineProperty(process.stderr, 'isTTY', { value: false, configurable: true });
  onTestFinished(() => {
    if (stderrTty) Object.defineProperty(process.stderr, 'isTTY', stderrTty);
    else delete (process.stderr as { isTTY?: boolean }).isTTY;
  });
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  });
  vi.spyOn(console, 'log').mockImplementation((m: string) => void logged.push(m));
  expect(await runCli(['seed', '--customers', '30', '--batch', '10'])).toBe(0);
  const lines = written.join('').split('\n');
  expect(lines.some((l) => /^seeding \[.*\] 0% \| 0\/30 customers/.test(l))).toBe(true);
  expect(lines.some((l) => /^seeding \[.*\] 100% \| 30\/30 customers/.test(l))).toBe(true);
  const summary = logged.join('\n');
  expect(summary).toMatch(/Created 30 customers \(0 existed already\)/);
  expect(summary).toMatch(/orders \d+, order_lines \d+, reviews \d+, browsing_events \d+/);
}, 120_000);
