/**
 * Which Chromium the browser tests and `custodian scan` drive, never one downloaded at run time: the system's
 * (`chromium` or `chromium-browser` on PATH, as Debian's package installs it) when there is one,
 * else the headless build that ships inside the npm package `@sparticuz/chromium` (a
 * devDependency), unpacked once into the temporary directory.
 * `CUSTODIAN_CHROMIUM=system|bundled|/path/to/chrome` chooses explicitly.
 *
 * @example
 *   const executablePath = await chromiumPath(); // '/usr/bin/chromium' or '/tmp/chromium'
 */
import { accessSync, constants, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';

const systemNames = ['chromium', 'chromium-browser'];

/** The flags keep the browser off the network (no updates, no sync) and quiet at start-up. */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** The first system Chromium on `env.PATH`, if any. */
export function systemChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    for (const name of systemNames) {
      const file = path.join(dir, name);
      try {
        accessSync(file, constants.X_OK);
        return file;
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

/**
 * The package unpacks to `<tmp>/chromium` and afterwards trusts any file there, even one half
 * written by a run that was killed, or another version's. A marker written after a complete
 * unpack tells a good binary from those; without it the binary is unpacked again.
 */
export async function bundledChromium(): Promise<string> {
  // The package exports no package.json: read it beside its entry point (build/index.js).
  const entry = createRequire(import.meta.url).resolve('@sparticuz/chromium');
  const manifest = path.join(path.dirname(entry), '..', 'package.json');
  const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string };
  const binary = path.join(tmpdir(), 'chromium');
  const marker = path.join(tmpdir(), 'chromium.custodian-unpacked');
  const complete = existsSync(marker) && readFileSync(marker, 'utf8') === version;
  if (!complete) rmSync(binary, { force: true });
  const { default: chromium } = await import('@sparticuz/chromium');
  // Also points FONTCONFIG_PATH at the fonts it unpacks, for this process and its browsers.
  const executable = await chromium.executablePath();
  if (!complete) writeFileSync(marker, version);
  return executable;
}

export async function chromiumPath(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const choice = env.CUSTODIAN_CHROMIUM;
  if (choice === 'bundled') return bundledChromium();
  if (choice === 'system' || !choice) {
    const found = systemChromium(env);
    if (found) return found;
    if (choice === 'system') throw new Error('CUSTODIAN_CHROMIUM=system, but no chromium on PATH');
    return bundledChromium();
  }
  return choice;
}
