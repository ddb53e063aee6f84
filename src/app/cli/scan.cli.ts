/**
 * `custodian scan [--url <origin>] [--json]`: drives Chromium through the store's pages in
 * English, Finnish and Swedish, refusing, accepting and with GPC, and compares every cookie,
 * storage key and request to another origin with the privacy manifest (src/policy/scan).
 * Exit 1 on any finding, 2 on bad input. Without `--url` it starts the store itself on a free
 * port, over a fresh embedded database in a temporary folder, removed afterwards.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Option, type Command } from 'commander';
import type { BrowserType } from 'playwright-core';
import { CliError } from './cli-error.ts';
import { loadConfig } from '../../kit/config.ts';
import { languages, type Lang } from '../../kit/web/i18n.ts';
import type { Manifest } from '../../core/manifest/manifest.ts';
import { scanModes, type ScanMode, type ScanResult } from '../../policy/scan/scan.ts';

export interface ScanCommandOptions {
  url?: string;
  json?: boolean;
  file?: string;
  mode?: ScanMode[];
  lang?: Lang[];
}

function storeUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new CliError(`--url must be an http(s) address, e.g. https://hersecret.se.`, 2);
  }
  if (!/^https?:$/.test(url.protocol)) {
    throw new CliError(`--url must be an http(s) address, e.g. https://hersecret.se.`, 2);
  }
  return url.origin;
}

async function loadManifestFile(file: string | undefined): Promise<Manifest> {
  const { ManifestError, loadManifest } = await import('../../core/manifest/manifest-loader.ts');
  try {
    return (await loadManifest(file ?? loadConfig().manifestPath)).manifest;
  } catch (err) {
    if (err instanceof ManifestError) throw new CliError(err.message, 2);
    throw err;
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The store on a free port over a throw-away embedded database, with its demo catalog. */
async function startThrowawayStore(manifestPath: string | undefined) {
  const { start } = await import('../main.ts');
  const { createLogger } = await import('../../kit/log.ts');
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), 'custodian-scan-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'development',
    LOG_LEVEL: 'silent',
    HOST: '127.0.0.1',
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    DATA_DIR: dir,
    CUSTODIAN_KEY_DIR: path.join(dir, 'keys'),
    CUSTODIAN_AUDIT_CHECKPOINTS: path.join(dir, 'audit-checkpoints.jsonl'),
    RETENTION_SCHEDULE: 'off',
    ...(manifestPath ? { MANIFEST: manifestPath } : {}),
  };
  // The store's own database, never the one DATABASE_URL names: a scan writes consent records.
  delete env.DATABASE_URL;
  delete env.SMTP_URL;
  const running = await start(loadConfig(env), createLogger('silent'));
  return {
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      await running.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Chromium through playwright-core, both development dependencies: a clear word when absent. */
async function browserLauncher() {
  let chromium: BrowserType;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch {
    throw new CliError(
      'custodian scan needs the development dependencies (playwright-core): run `npm install`.',
      1,
    );
  }
  const { chromiumArgs, chromiumPath } = await import('../../kit/chromium-path.ts');
  return async () => chromium.launch({ executablePath: await chromiumPath(), args: chromiumArgs });
}

export async function runScan(opts: ScanCommandOptions): Promise<ScanResult> {
  const url = opts.url === undefined ? undefined : storeUrl(opts.url);
  const manifest = await loadManifestFile(opts.file);
  const { scanStore, ScanError } = await import('../../policy/scan/store-scan.ts');
  const launch = await browserLauncher();
  const store = url ? undefined : await startThrowawayStore(opts.file);
  try {
    return await scanStore({
      url: url ?? store!.url,
      manifest,
      launch,
      modes: opts.mode,
      langs: opts.lang,
    });
  } catch (err) {
    if (err instanceof ScanError) throw new CliError(`custodian scan: ${err.message}`, 1);
    throw err;
  } finally {
    await store?.stop();
  }
}

export function registerScanCommands(program: Command): void {
  program
    .command('scan')
    .description(
      'visit the store in a browser (refusing, accepting, with GPC; en/fi/sv) and report every cookie, storage key or request the manifest does not declare; exit 1 on a finding',
    )
    .option('--url <url>', 'a running store to scan (default: start one on a free port)')
    .option('--json', 'print the whole result as JSON')
    .option('-f, --file <manifest>', 'manifest file (default: MANIFEST or privacy/hersecret.yaml)')
    .addOption(new Option('--mode <mode...>', 'only these consent modes').choices([...scanModes]))
    .addOption(new Option('--lang <lang...>', 'only these languages').choices([...languages]))
    .action(async (opts: ScanCommandOptions) => {
      const result = await runScan(opts);
      if (opts.json) {
        console.log(JSON.stringify(result, null, 2));
      } else {
        const { scanReport } = await import('../../policy/scan/scan-report.ts');
        process.stdout.write(scanReport(result));
      }
      const n = result.findings.length;
      if (n > 0) throw new CliError(`custodian scan: ${n} finding${n === 1 ? '' : 's'}.`, 1);
    });
}
