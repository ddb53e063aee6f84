/**
 * Debian's Chromium, driven by playwright-core: never a browser downloaded by a test tool. The
 * flags keep it off the network (this machine has none) and quiet at start-up.
 */
import { chromium, type Browser } from 'playwright-core';

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
}
