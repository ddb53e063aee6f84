/**
 * Starts app processes for the two-process tests: each a separate Node process running the real
 * server (test/support/cluster-node.ts) on the same database and the same keys, as two nodes
 * behind a load balancer would (docs/deploy.md).
 *
 * @example
 *   const a = await startClusterNode(env);
 *   await fetch(`${a.url}/account`);
 *   await a.call('shred', { subject });
 *   await a.stop();
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';

const root = path.resolve(import.meta.dirname, '../..');

export interface ClusterNode {
  url: string;
  /** Runs a control operation in that process (see cluster-node.ts) and returns its answer. */
  call(op: string, args?: Record<string, string>): Promise<Record<string, unknown>>;
  /** Test-job ids this process ran. */
  ran: string[];
  stop(): Promise<void>;
}

export function startClusterNode(env: Record<string, string>): Promise<ClusterNode> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(root, 'test/support/cluster-node.ts')],
    { cwd: root, env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const waiting = new Map<string, (answer: Record<string, unknown>) => void>();
  const ran: string[] = [];
  let next = 0;
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) =>
      reject(new Error(`node exited ${code} before it was ready: ${stderr}`)),
    );
    createInterface({ input: child.stdout! }).on('line', (line) => {
      let message: Record<string, unknown>;
      try {
        message = JSON.parse(line) as Record<string, unknown>;
      } catch {
        return;
      }
      if (typeof message.ready === 'string') {
        const exited = new Promise<void>((r) => child.once('exit', () => r()));
        resolve({
          url: message.ready,
          ran,
          call: (op, args = {}) =>
            new Promise((answer, fail) => {
              const id = String(next++);
              waiting.set(id, (m) =>
                typeof m.error === 'string' ? fail(new Error(m.error)) : answer(m),
              );
              child.stdin!.write(`${JSON.stringify({ ...args, id, op })}\n`);
            }),
          stop: async () => {
            child.stdin!.end();
            const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
            await exited;
            clearTimeout(timer);
          },
        });
      } else if (typeof message.ran === 'string') {
        ran.push(message.ran);
      } else if (typeof message.id === 'string') {
        waiting.get(message.id)?.(message);
        waiting.delete(message.id);
      }
    });
  });
}
