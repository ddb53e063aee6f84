/**
 * Runs a crash test's worker: a TypeScript file started through tsx in a child process, opened on
 * the test's `CrashLocation`, that prints one JSON line of progress per batch on stdout. The test
 * SIGKILLs it at the first line `killWhen` accepts — the next batch is already under way, so the
 * kill lands inside one — and then starts another to resume.
 *
 * @example
 *   const first = await runCrashWorker(worker, location, {
 *     env: { CRASH_CAMPAIGN: id },
 *     killWhen: (line) => Number(line.handled) >= 100,
 *   });
 *   first.signal; // 'SIGKILL'
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { crashEnv, type CrashLocation } from './crash-location.ts';

export interface WorkerRun {
  /** 'SIGKILL' when the test killed it; null when it finished. */
  signal: NodeJS.Signals | null;
  /** Every progress line it printed. */
  lines: Record<string, unknown>[];
}

const root = path.resolve(import.meta.dirname, '../..');

export function runCrashWorker(
  worker: string,
  location: CrashLocation,
  options: {
    env?: Record<string, string>;
    killWhen?: ((line: Record<string, unknown>) => boolean) | undefined;
  } = {},
): Promise<WorkerRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', worker], {
      cwd: root,
      env: { ...process.env, NODE_ENV: 'test', ...crashEnv(location), ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines: Record<string, unknown>[] = [];
    let buffered = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      buffered += d.toString();
      const parts = buffered.split('\n');
      buffered = parts.pop() ?? '';
      for (const part of parts.filter(Boolean)) {
        const line = JSON.parse(part) as Record<string, unknown>;
        lines.push(line);
        if (options.killWhen?.(line)) child.kill('SIGKILL');
      }
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      // A worker that fails on its own is the test's failure, with what it said.
      if (signal === null && code !== 0) reject(new Error(`worker exited ${code}: ${stderr}`));
      else resolve({ signal, lines });
    });
  });
}
