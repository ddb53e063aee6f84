/**
 * How long a `custodian` command takes from a shell, as cron and scripts run it: `--help` and
 * `manifest lint` from the esbuild build in dist/ against the same commands through tsx (what
 * every command cost before) and against an empty `node` start (the floor), medians of N runs.
 * The goal: both commands answer in well under a second (< 1000 ms). On a busy machine the floor
 * itself grows; the figure above the floor is what Custodian adds.
 *
 *   npm run bench:cli [-- N]
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { buildDist, isFresh, root } from '../bin/dist.js';

const runs = Number(process.argv[2] ?? 5);
const bin = path.join(root, 'bin', 'custodian.js');

function median(args: string[], env: NodeJS.ProcessEnv = {}): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    execFileSync(process.execPath, args, {
      cwd: root,
      env: { ...process.env, LOG_LEVEL: 'silent', ...env },
      stdio: 'ignore',
    });
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

if (!isFresh()) await buildDist();
const fromSource = { CUSTODIAN_FROM_SOURCE: '1' };
const floor = median(['-e', '']);
console.log(`node start (the floor)            ${floor.toFixed(0).padStart(6)} ms`);
for (const [name, args] of [
  ['custodian --help', [bin, '--help']],
  ['custodian manifest lint', [bin, 'manifest', 'lint']],
] as const) {
  const built = median([...args]);
  const tsx = median([...args], fromSource);
  const goal = built < 1000 ? 'met' : 'missed';
  console.log(
    `${name.padEnd(24)} dist ${built.toFixed(0).padStart(6)} ms   tsx ${tsx.toFixed(0).padStart(6)} ms` +
      `   ${(tsx / built).toFixed(1)}x faster   ${(built - floor).toFixed(0)} ms above the floor` +
      `   < 1000 ms: ${goal}`,
  );
}
