/**
 * The `custodian` command as the README runs it: through npm's bin link (a symlink, which is
 * how npx starts it), through `npx custodian` itself, and from the esbuild build in dist/.
 */
import { execFile, spawn } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildDist, isFresh, root } from '../../bin/dist.js';
import { textFilesIn } from '../../bin/precompress.js';
import { bannerAssets } from '../../src/consent/banner/banner-assets.ts';
import { hashedName } from '../../src/kit/web/precompressed.ts';
import { freePort } from '../support/server.ts';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(file: string, args: string[], env: NodeJS.ProcessEnv = {}, cwd = root): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      { cwd, env: { ...process.env, LOG_LEVEL: 'silent', ...env } },
      (err, stdout, stderr) =>
        resolve({ code: err ? Number((err as { code?: unknown }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const commands = ['serve', 'migrate', 'backup', 'restore', 'vault', 'seed', 'manifest', 'orders'];
const temp = mkdtempSync(path.join(tmpdir(), 'custodian-bin-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

// Child processes on a busy machine: generous timeouts. Nothing here depends on the database.
describe.skipIf(process.env.CUSTODIAN_TEST_DB === 'postgres')(
  'custodian',
  { timeout: 180_000 },
  () => {
    it('runs through a bin link, as npx and npm scripts start it', async () => {
      // What npm creates: node_modules/.bin/custodian → the package's bin/custodian.js.
      const bin = path.join(temp, 'node_modules', '.bin');
      mkdirSync(bin, { recursive: true });
      const link = path.join(bin, 'custodian');
      symlinkSync(path.join(root, 'bin', 'custodian.js'), link);

      const help = await run(link, ['--help']);
      expect(help.code).toBe(0);
      for (const c of commands) expect(help.stdout).toMatch(new RegExp(`^  ${c}\\b`, 'm'));

      const lint = await run(link, ['manifest', 'lint']);
      expect(lint.code).toBe(0);
      expect(lint.stdout).toMatch(/hersecret\.yaml: 0 errors, 0 warnings/);

      const wrong = await run(link, ['no-such-command']);
      expect(wrong.code).toBe(2);
      expect(wrong.stderr).toMatch(/unknown command 'no-such-command'/);
    });

    it('answers `npx custodian --help` in the project, as the README says', async () => {
      // A cache of its own: npx links the project there; --offline: nothing comes from a registry.
      const cache = path.join(temp, 'npm-cache');
      const npx = await run('npx', ['--offline', 'custodian', '--help'], {
        npm_config_cache: cache,
      });
      expect(npx.code).toBe(0);
      for (const c of commands) expect(npx.stdout).toMatch(new RegExp(`^  ${c}\\b`, 'm'));
    });

    it('trusts dist/ only while it is newer than every source', () => {
      const tree = path.join(temp, 'fresh');
      mkdirSync(path.join(tree, 'src', 'app'), { recursive: true });
      mkdirSync(path.join(tree, 'dist'));
      const source = path.join(tree, 'src', 'app', 'cli.ts');
      const aTest = path.join(tree, 'src', 'app', 'cli.test.ts');
      const entry = path.join(tree, 'dist', 'cli.js');
      const script = path.join(tree, 'dist.js');
      for (const f of [source, aTest, entry, script]) writeFileSync(f, '');
      const at = (file: string, seconds: number) => utimesSync(file, seconds, seconds);
      at(source, 1000);
      at(script, 1000);
      at(entry, 2000);
      at(aTest, 3000);
      // A folder changes when a file in it is added or deleted: that, too, makes the build old.
      at(path.join(tree, 'src', 'app'), 1000);
      at(path.join(tree, 'src'), 1000);
      expect(isFresh(entry, path.join(tree, 'src'), [script])).toBe(true);
      at(source, 3000);
      expect(isFresh(entry, path.join(tree, 'src'), [script])).toBe(false);
      at(source, 1000);
      at(script, 3000);
      expect(isFresh(entry, path.join(tree, 'src'), [script])).toBe(false);
      expect(isFresh(path.join(tree, 'dist', 'missing.js'), path.join(tree, 'src'), [])).toBe(
        false,
      );
    });

    it('serves the store from the esbuild build, with its assets, and says where', async () => {
      // Built beside node_modules (packages resolve from there), not over the real dist/.
      const out = path.join(root, 'node_modules', '.cache', `custodian-dist-test-${process.pid}`);
      await buildDist(out);
      try {
        // The text files the server sends compressed, compressed by the build: each under the
        // name the server looks for (the hash of the bytes it serves), with .br and .gz.
        const built = new Set(readdirSync(path.join(out, 'assets')));
        const { js, css } = bannerAssets();
        const served: [string, Buffer][] = [
          ...textFilesIn(path.join(root, 'src', 'kit', 'web', 'assets')),
          ['banner.js', js],
          ['banner.css', css],
        ];
        expect(served.length).toBeGreaterThan(4);
        for (const [name, body] of served) {
          for (const ext of ['', '.br', '.gz'])
            expect(built).toContain(hashedName(name, body) + ext);
        }
        // What bin/custodian.js does with a fresh dist/.
        const runner = path.join(out, 'run.mjs');
        writeFileSync(
          runner,
          "const m = await import('./cli.js'); await m.main(process.argv.slice(2));",
        );
        const node = (args: string[]) => run(process.execPath, [runner, ...args]);
        const help = await node(['--help']);
        expect(help.code).toBe(0);
        for (const c of commands) expect(help.stdout).toMatch(new RegExp(`^  ${c}\\b`, 'm'));

        const port = await freePort();
        // Default HOST and PUBLIC_URL: the message must name the address the store listens on.
        const env: NodeJS.ProcessEnv = {
          ...process.env,
          PORT: String(port),
          DATA_DIR: path.join(temp, 'data'),
          LOG_LEVEL: 'silent',
          NODE_ENV: 'test',
        };
        for (const name of ['HOST', 'PUBLIC_URL', 'DATABASE_URL']) delete env[name];
        const child = spawn(process.execPath, [runner, 'serve'], {
          cwd: root,
          env,
        });
        try {
          const said = await new Promise<string>((resolve, reject) => {
            let text = '';
            child.stdout.on('data', (b: Buffer) => {
              text += b.toString();
              if (/open \S+/.test(text)) resolve(text);
            });
            child.on('exit', (code) => reject(new Error(`serve exited with ${code}`)));
          });
          const url = `http://127.0.0.1:${port}`;
          expect(said).toContain(`open ${url}`);
          const css = await fetch(`${url}/assets/app.css`);
          expect(css.status).toBe(200);
          expect(await css.text()).toMatch(/\{/);
          expect((await fetch(`${url}/consent/banner.js`)).status).toBe(200);
          expect((await fetch(`${url}/privacy`)).status).toBe(200);
        } finally {
          child.kill('SIGTERM');
          await new Promise((resolve) => child.once('exit', resolve));
        }
      } finally {
        rmSync(out, { recursive: true, force: true });
      }
    });
  },
);
