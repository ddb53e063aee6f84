/**
 * Chromium driven by playwright-core: the system's, else the one inside an npm package, never a
 * browser downloaded by a test tool (chromium-path.ts). The flags keep it off the network and
 * quiet at start-up.
 */
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';
import { chromiumArgs, chromiumPath } from './chromium-path.ts';

export { chromiumArgs };

/**
 * Whether this run tests page behaviour in the browser. A page behaves the same on either
 * database, and CI runs the whole suite twice (PGlite, then PostgreSQL): the browser tests of
 * pages run on the PGlite pass only, while what they store is tested on both by the HTTP and
 * service tests. `describe.runIf(pageTestsRun)`.
 */
export const pageTestsRun = process.env.CUSTODIAN_TEST_DB !== 'postgres';

export async function launchChromium(env: NodeJS.ProcessEnv = process.env): Promise<Browser> {
  return chromium.launch({ executablePath: await chromiumPath(env), args: chromiumArgs });
}

/**
 * The WCAG 2.1 A and AA rules axe-core checks, as `id: help (nodes)` lines; none is the goal.
 * `include`: only this part of the page (e.g. the banner, `#hs-cc`).
 */
export async function wcagViolations(
  page: Page,
  options: { include?: string } = {},
): Promise<string[]> {
  return (await wcagCheck(page, options)).violations;
}

/** {@link wcagViolations}, with how many rules passed: a control that axe saw the content. */
export async function wcagCheck(
  page: Page,
  options: { include?: string } = {},
): Promise<{ violations: string[]; passed: number }> {
  const builder = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']);
  const result = await (options.include ? builder.include(options.include) : builder).analyze();
  return {
    violations: result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`),
    passed: result.passes.length,
  };
}

/** Collects the page's Content Security Policy violations (the console reports them). */
export function watchCspViolations(page: Page): string[] {
  const violations: string[] = [];
  page.on('console', (msg) => {
    if (/Content Security Policy/i.test(msg.text())) violations.push(msg.text());
  });
  return violations;
}

/** Opens `path` and refuses every optional cookie in the banner, so it covers nothing after. */
export async function answerBanner(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await page.getByRole('button', { name: /Reject all|Hylkää kaikki|Avvisa alla/ }).click();
}
