/**
 * Unpacks the npm package's Chromium once, before the test files run in parallel, when the
 * browser tests will use it (no system Chromium, or CUSTODIAN_CHROMIUM=bundled): the package
 * unpacks to one fixed path, and two workers unpacking at once would trip over each other.
 */
import { bundledChromium, systemChromium } from './chromium-path.ts';

export default async function setup(): Promise<void> {
  const choice = process.env.CUSTODIAN_CHROMIUM;
  if (choice === 'bundled' || (!choice && !systemChromium())) await bundledChromium();
}
