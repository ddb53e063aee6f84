/**
 * A machine without a system Chromium still runs the browser tests: with no `chromium` on PATH
 * the tests take the build inside the npm package @sparticuz/chromium, launch it and load a page.
 * Nothing is downloaded (the page is served from this process; the browser is in node_modules).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.ts';
import { chromiumPath, systemChromium } from '../support/chromium-path.ts';

// A PATH that holds no browser: an empty folder.
const noBrowserEnv: NodeJS.ProcessEnv = {
  ...process.env,
  PATH: mkdtempSync(path.join(tmpdir(), 'no-browser-')),
  CUSTODIAN_CHROMIUM: undefined,
};

let server: Server;
let url: string;

beforeAll(async () => {
  server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><title>fallback</title><h1>Kiitos, tack, thank you</h1>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe.skipIf(process.env.CUSTODIAN_TEST_DB === 'postgres')(
  'Chromium without a system browser',
  () => {
    it('finds no system browser on that PATH, so it chooses the packaged one', async () => {
      expect(systemChromium(noBrowserEnv)).toBeUndefined();
      const chosen = await chromiumPath(noBrowserEnv);
      expect(chosen).not.toBe(systemChromium());
      expect(path.basename(chosen)).toBe('chromium');
      expect(chosen.startsWith(tmpdir())).toBe(true);
    });

    it('launches the packaged Chromium and loads a page', async () => {
      const browser = await launchChromium(noBrowserEnv);
      try {
        const page = await browser.newPage();
        await page.goto(url);
        expect(await page.textContent('h1')).toBe('Kiitos, tack, thank you');
        expect(browser.version()).toMatch(/^\d+\./);
      } finally {
        await browser.close();
      }
    });

    it('takes the system Chromium when PATH has one', () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'with-browser-'));
      const fake = path.join(dir, 'chromium');
      // Any executable named chromium on PATH counts as the system's.
      writeFileSync(fake, '#!/bin/sh\n', { mode: 0o755 });
      expect(systemChromium({ PATH: dir })).toBe(fake);
    });
  },
);
