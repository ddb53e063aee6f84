/**
 * A server under test, or the framework's ceiling, as a process of its own: the benches load it
 * from another process, as a browser would. Resolves once the server's start line names its URL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export interface ChildServer {
  child: ChildProcess;
  url: string;
}

/**
 * Runs `node …args` in `cwd` on a free port, quiet, with `env` over the shell's; a run without
 * `DATABASE_URL` in `env` must not inherit one from the shell (it is meant for PGlite).
 */
export function startChild(
  args: string[],
  cwd: string,
  env: Record<string, string>,
  ready: RegExp,
): Promise<ChildServer> {
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: '0',
    LOG_LEVEL: 'warn',
    NODE_ENV: 'test',
    ...env,
  };
  if (!env.DATABASE_URL) delete childEnv.DATABASE_URL;
  const child = spawn(process.execPath, args, {
    cwd,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const url = ready.exec(out)?.[1];
      if (url) resolve({ child, url });
    });
    child.once('exit', (code) => reject(new Error(`${args[0]} exited with ${code}`)));
  });
}

/** `custodian serve` from the checkout at `root`. */
export function startCustodian(root: string, env: Record<string, string>): Promise<ChildServer> {
  return startChild(
    [path.join(root, 'bin', 'custodian.js'), 'serve'],
    root,
    env,
    /Custodian: open (http:\/\/\S+)/,
  );
}

/** The framework's ceiling: a minimal Hono hello-world (hello-world-server.mjs). */
export function startHelloWorld(): Promise<ChildServer> {
  return startChild(
    [path.join(import.meta.dirname, 'hello-world-server.mjs')],
    import.meta.dirname,
    {},
    /hello-world: open (http:\/\/\S+)/,
  );
}

/** SIGTERM, and wait for the exit. */
export async function stopChild(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}
