/**
 * The consent banner in Chromium against the real Custodian server (started with `start()` on a
 * random port, over PGlite in a temporary directory; page behaviour, so the PGlite pass only):
 * what a visitor sees and does, what leaves the page, what cookies remain, and what the ledger proves.
 */
import { createServer, type Server } from 'node:http';
import {
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Page,
  type Request,
} from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assetPath } from '../../src/kit/web/assets.ts';
import { launchChromium, pageTestsRun, wcagCheck } from '../support/browser.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { proves } from '../support/proves.ts';

interface Choices {
  analytics: boolean;
  marketing: boolean;
  personalisation: boolean;
}
interface Sent {
  choices: Choices;
  textHash: string;
  policyVersion: number;
  source: string;
  signals: { gpc: boolean; dnt: boolean };
  explicit: boolean;
  lang: string;
}
interface Proof {
  records: {
    recordId: string;
    decisions: Record<string, boolean>;
    explicit: boolean;
    signals: { gpc: boolean; dnt: boolean };
    textHash: string | null;
    source: string;
  }[];
  texts: Record<string, { verified: boolean }>;
}

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

// The analytics tag under its plain or its content-hashed name (what pages link).
const isAnalytics = (r: Request) =>
  /\/(collect|assets\/analytics(\.[0-9a-f]{16})?\.js)(\?|$)/.test(r.url());
const isLedgerPost = (r: Request) => r.method() === 'POST' && r.url().endsWith('/api/consent');

/** A fresh browser profile on the store: every request the page makes is kept. */
async function visit(options: BrowserContextOptions = {}) {
  const context = await browser.newContext({ baseURL: server.url, ...options });
  const page = await context.newPage();
  const requests: Request[] = [];
  page.on('request', (r) => requests.push(r));
  return { context, page, requests, analytics: () => requests.filter(isAnalytics) };
}

/** Does `action` and returns the ledger write it caused, after checking it was acknowledged. */
async function recorded(page: Page, action: () => Promise<unknown>) {
  const [response] = await Promise.all([
    page.waitForResponse((r) => isLedgerPost(r.request())),
    action(),
  ]);
  expect(response.status()).toBe(201);
  const ack = (await response.json()) as { recordId: string; visitorId: string };
  expect(ack.recordId).toMatch(/^[0-9a-f-]{36}$/);
  return { sent: response.request().postDataJSON() as Sent, ack };
}

async function cookieNames(context: BrowserContext) {
  return (await context.cookies()).map((c) => c.name).sort();
}

async function consentCookie(context: BrowserContext) {
  return (await context.cookies()).find((c) => c.name === 'hs_consent')?.value;
}

const proof = (page: Page) =>
  page.evaluate(() => fetch('/api/consent/proof').then((r) => r.json())) as Promise<Proof>;
const embeddedConfig = (page: Page) =>
  page.evaluate(
    () =>
      JSON.parse(document.getElementById('custodian-consent-config')!.textContent) as {
        textHash: string;
        policyVersion: number;
      },
  );
type LayerEntry = [string, unknown, Record<string, unknown>?];
/** gtag pushes Arguments objects; as arrays they cross from the page intact. */
const dataLayer = (page: Page): Promise<LayerEntry[]> =>
  page.evaluate(() =>
    ((window as unknown as { dataLayer?: IArguments[] }).dataLayer ?? []).map(
      (a) => [...a] as LayerEntry,
    ),
  );
const dialog = (page: Page) => page.getByRole('dialog');

describe.runIf(pageTestsRun)('consent banner in Chromium', () => {
  it('shows on a first visit, in the page language, without moving the page', async () => {
    const { context, page, analytics } = await visit();
    await page.goto('/');
    await expect.poll(() => dialog(page).getAttribute('aria-labelledby')).toBe('hs-cc-t');
    expect(await dialog(page).getAttribute('aria-modal')).toBe('true');
    await page.getByRole('dialog', { name: 'Cookies on HerSecret' }).waitFor();
    // Focus moved into the dialog.
    expect(await page.evaluate(() => !!document.activeElement?.closest('[role=dialog]'))).toBe(
      true,
    );

    // Accept, reject and choose: the same element, size and look.
    const looks = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('#hs-cc .hs-cc-a > *')].map((el) => {
        const s = getComputedStyle(el);
        const r = el.getBoundingClientRect();
        return {
          text: el.textContent,
          look: [el.tagName, el.className, Math.round(r.width), Math.round(r.height), s.color]
            .concat([s.backgroundColor, s.fontSize, s.fontWeight, s.borderWidth, s.borderColor])
            .join('|'),
        };
      }),
    );
    expect(looks.map((l) => l.text)).toEqual(['Accept all', 'Reject all', 'Choose']);
    expect(new Set(looks.map((l) => l.look)).size).toBe(1);

    // A fixed overlay: nothing in the page moved, no layout shift was recorded.
    const shift = await page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          let total = 0;
          new PerformanceObserver((list) => {
            for (const e of list.getEntries()) total += (e as unknown as { value: number }).value;
          }).observe({ type: 'layout-shift', buffered: true });
          setTimeout(() => resolve(total), 200);
        }),
    );
    expect(shift).toBe(0);
    expect(
      await page.evaluate(() => getComputedStyle(document.getElementById('hs-cc')!).position),
    ).toBe('fixed');

    // Nothing optional before a choice: no analytics request, no analytics cookie.
    expect(analytics()).toEqual([]);
    expect(await cookieNames(context)).not.toContain('_ga');

    await page.goto('/?lang=fi');
    await page.getByRole('dialog', { name: 'Evästeet HerSecretissä' }).waitFor();
    for (const name of ['Hyväksy kaikki', 'Hylkää kaikki', 'Valitse'])
      await page.getByRole('button', { name, exact: true }).waitFor();
    await page.goto('/?lang=sv');
    await page.getByRole('dialog', { name: 'Kakor på HerSecret' }).waitFor();
    await context.close();
  });

  it('leaves the privacy policy and cookie declaration readable before a choice', async () => {
    const { context, page, analytics } = await visit();
    await page.goto('/?lang=fi');
    await dialog(page).waitFor();
    // The banner's own link leads to the policy, which opens no banner over itself.
    await Promise.all([
      page.waitForURL(/\/privacy/),
      dialog(page).getByRole('link', { name: 'Tietosuojaseloste' }).click(),
    ]);
    await page.getByRole('heading', { level: 1, name: 'Tietosuojaseloste ja evästeet' }).waitFor();
    expect(await page.evaluate(() => document.getElementById('hs-cc'))).toBeNull();
    // The footer's links are there to use, and "Evästeasetukset" still opens the choice.
    const settings = page.locator('footer').getByRole('link', { name: 'Evästeasetukset' });
    await settings.click();
    await page.getByRole('dialog', { name: 'Evästeasetukset' }).waitFor();
    await page.keyboard.press('Escape');
    await page.goto('/cookies');
    await page.locator('article.cookies').waitFor();
    expect(await page.evaluate(() => document.getElementById('hs-cc'))).toBeNull();
    // Nothing optional ran meanwhile, and any other page asks again.
    expect(analytics()).toEqual([]);
    expect(await cookieNames(context)).not.toContain('_ga');
    await page.goto('/');
    await dialog(page).waitFor();
    await context.close();
  });

  it(
    'Reject all: no analytics cookie, no analytics request, and the ledger has the refusal',
    proves('cookie:_ga', 'cookie:_ga_HS'),
    async () => {
      const { context, page, analytics, requests } = await visit();
      await page.goto('/');
      const config = await embeddedConfig(page);
      const { sent, ack } = await recorded(page, () =>
        page.getByRole('button', { name: 'Reject all' }).click(),
      );
      expect(sent).toEqual({
        choices: { analytics: false, marketing: false, personalisation: false },
        textHash: config.textHash,
        policyVersion: config.policyVersion,
        source: 'banner',
        signals: { gpc: false, dnt: false },
        explicit: true,
        lang: 'en',
      });
      await dialog(page).waitFor({ state: 'detached' });
      expect(await consentCookie(context)).toMatch(
        new RegExp(`^${config.policyVersion}\\.\\w+\\.000$`),
      );

      // The choice is remembered: no banner on the next page, and still nothing analytic.
      await page.reload({ waitUntil: 'networkidle' });
      expect(await dialog(page).count()).toBe(0);
      expect(analytics()).toEqual([]);
      // Nothing left for any other host either.
      expect(requests.filter((r) => !r.url().startsWith(server.url))).toEqual([]);
      const names = await cookieNames(context);
      expect(names.filter((n) => n.startsWith('_ga'))).toEqual([]);
      expect(names).toContain('hs_vid');
      const layer = await dataLayer(page);
      expect(layer.map((e) => e.slice(0, 2))).toEqual([
        ['consent', 'default'],
        ['consent', 'update'],
      ]);
      expect(layer[1]![2]).toMatchObject({ analytics_storage: 'denied', ad_storage: 'denied' });

      const { records, texts } = await proof(page);
      expect(records.map((r) => r.recordId)).toEqual([ack.recordId]);
      expect(records[0]).toMatchObject({
        decisions: { analytics: false, marketing: false, personalisation: false },
        explicit: true,
        source: 'banner',
        textHash: config.textHash,
      });
      expect(texts[config.textHash]?.verified).toBe(true);
      await context.close();
    },
  );

  it('Accept all: the blocked analytics script runs, after the Consent Mode default', async () => {
    const { context, page, analytics } = await visit();
    await page.goto('/');
    expect((await dataLayer(page))[0]).toEqual([
      'consent',
      'default',
      {
        ad_storage: 'denied',
        ad_user_data: 'denied',
        ad_personalization: 'denied',
        analytics_storage: 'denied',
        personalization_storage: 'denied',
        functionality_storage: 'granted',
        security_storage: 'granted',
        wait_for_update: 500,
      },
    ]);
    const [{ sent, ack }] = await Promise.all([
      recorded(page, () => page.getByRole('button', { name: 'Accept all' }).click()),
      page.waitForRequest((r) => r.url().endsWith('/collect')),
    ]);
    expect(sent.choices).toEqual({ analytics: true, marketing: true, personalisation: true });
    expect(analytics().map((r) => new URL(r.url()).pathname)).toEqual([
      assetPath('analytics.js'),
      '/collect',
    ]);
    await expect
      .poll(() => cookieNames(context))
      .toEqual(expect.arrayContaining(['_ga', '_ga_HS']));

    // Consent Mode: default first, then the update, and only then the tag's own commands.
    const order = (await dataLayer(page)).map((e) =>
      e[0] === 'consent' ? `consent:${String(e[1])}` : e[0],
    );
    expect(order.slice(0, 3)).toEqual(['consent:default', 'consent:update', 'js']);
    expect(order).toContain('config');

    // On the next page the stored choice applies before the tag, with no banner.
    await Promise.all([page.reload(), page.waitForRequest((r) => r.url().endsWith('/collect'))]);
    expect(await dialog(page).count()).toBe(0);
    const again = await dataLayer(page);
    expect(again[1]).toEqual([
      'consent',
      'update',
      {
        ad_storage: 'granted',
        ad_user_data: 'granted',
        ad_personalization: 'granted',
        analytics_storage: 'granted',
        personalization_storage: 'granted',
      },
    ]);
    expect(again.findIndex((e) => e[0] !== 'consent')).toBe(2);

    const { records } = await proof(page);
    expect(records.map((r) => [r.recordId, r.decisions.analytics])).toEqual([[ack.recordId, true]]);
    await context.close();
  });

  it(
    'reopening from "Cookie settings" and withdrawing deletes that category’s cookies',
    proves(
      'cookie:_ga',
      'cookie:_ga_HS',
      'cookie:_gat',
      'cookie:hs_reco',
      'right:withdraw_consent',
    ),
    async () => {
      const { context, page, requests } = await visit();
      await page.goto('/');
      await Promise.all([
        recorded(page, () => page.getByRole('button', { name: 'Accept all' }).click()),
        page.waitForRequest((r) => r.url().endsWith('/collect')),
      ]);
      await expect
        .poll(() => cookieNames(context))
        .toEqual(expect.arrayContaining(['_ga', '_ga_HS']));
      // What marketing and personalisation tags would have left behind.
      await page.evaluate(() => {
        document.cookie = '_fbp=fb.1.1.1; path=/; max-age=600';
        document.cookie = '_gat=1; path=/; max-age=60';
        localStorage.setItem('hs_reco', '["p1"]');
      });

      await page.getByRole('link', { name: 'Cookie settings' }).click();
      const settings = page.getByRole('dialog', { name: 'Cookie settings' });
      await settings.waitFor();
      const analytics = settings.getByRole('switch', { name: 'Analytics' });
      expect(await analytics.isChecked()).toBe(true);
      const functional = settings.getByRole('switch', { name: /Functional/ });
      expect(await functional.isChecked()).toBe(true);
      expect(await functional.isDisabled()).toBe(true);
      await analytics.uncheck();
      const { sent } = await recorded(page, () =>
        settings.getByRole('button', { name: 'Save choices' }).click(),
      );
      expect(sent.choices).toEqual({ analytics: false, marketing: true, personalisation: true });

      const names = await cookieNames(context);
      expect(names.filter((n) => ['_ga', '_ga_HS', '_gat'].includes(n))).toEqual([]);
      expect(names).toContain('_fbp'); // marketing is still allowed: its cookie stays
      expect(await page.evaluate(() => localStorage.getItem('hs_reco'))).toBe('["p1"]');

      // The running tag heard the withdrawal and sends nothing more.
      const before = requests.filter((r) => r.url().endsWith('/collect')).length;
      expect(
        await page.evaluate(() =>
          (
            window as unknown as { hsAnalytics: { send(e: string): Promise<boolean> } }
          ).hsAnalytics.send('page_view'),
        ),
      ).toBe(false);
      expect(requests.filter((r) => r.url().endsWith('/collect')).length).toBe(before);

      // Withdrawing everything removes the rest, cookies and local storage alike.
      await page.getByRole('link', { name: 'Cookie settings' }).click();
      await recorded(page, () => settings.getByRole('button', { name: 'Reject all' }).click());
      expect((await cookieNames(context)).filter((n) => n.startsWith('_'))).toEqual([]);
      expect(await page.evaluate(() => localStorage.getItem('hs_reco'))).toBeNull();

      const { records } = await proof(page);
      expect(records.map((r) => r.decisions)).toEqual([
        { analytics: true, marketing: true, personalisation: true },
        { analytics: false, marketing: true, personalisation: true },
        { analytics: false, marketing: false, personalisation: false },
      ]);
      await context.close();
    },
  );

  it('withdrawal reaches the cookies a tag set on any path above the page', async () => {
    const { context, page } = await visit();
    await page.goto('/deep/page/here');
    await recorded(page, () => page.getByRole('button', { name: 'Accept all' }).click());
    const paths = ['/', '/deep', '/deep/', '/deep/page', '/deep/page/here'];
    await page.evaluate((ps) => {
      for (const p of ps) document.cookie = `_gat=${p}; path=${p}; max-age=600`;
    }, paths);
    const gat = async () =>
      (await context.cookies()).filter((c) => c.name === '_gat').map((c) => c.path);
    expect((await gat()).sort()).toEqual([...paths].sort());
    await page.getByRole('link', { name: 'Cookie settings' }).click();
    await recorded(page, () =>
      page
        .getByRole('dialog', { name: 'Cookie settings' })
        .getByRole('button', { name: 'Reject all' })
        .click(),
    );
    expect(await gat()).toEqual([]);
    await context.close();
  });

  it('a GPC browser gets everything optional off, is told so, and may still choose', async () => {
    const { context, page, analytics } = await visit({ extraHTTPHeaders: { 'Sec-GPC': '1' } });
    await context.addInitScript(() =>
      Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true }),
    );
    const { sent } = await recorded(page, () => page.goto('/'));
    expect(sent).toMatchObject({
      choices: { analytics: false, marketing: false, personalisation: false },
      signals: { gpc: true, dnt: false },
      explicit: false,
    });
    await page.getByText('Global Privacy Control').waitFor();
    expect(await consentCookie(context)).toMatch(/\.000$/);

    await page.getByRole('button', { name: 'Choose' }).click();
    // The settings layer's details come from GET /consent/config when it opens.
    await page.getByRole('dialog', { name: 'Cookie settings' }).waitFor();
    const switches = page.getByRole('dialog').getByRole('switch', { disabled: false });
    expect(await switches.count()).toBe(3);
    for (const s of await switches.all()) expect(await s.isChecked()).toBe(false);
    expect(analytics()).toEqual([]);

    // The person's own later choice wins over the signal and is recorded as explicit.
    await page.getByRole('switch', { name: 'Analytics' }).check();
    const [choice] = await Promise.all([
      recorded(page, () => page.getByRole('button', { name: 'Save choices' }).click()),
      page.waitForRequest((r) => r.url().endsWith('/collect')),
    ]);
    expect(choice.sent).toMatchObject({
      choices: { analytics: true, marketing: false, personalisation: false },
      explicit: true,
    });
    await Promise.all([page.reload(), page.waitForRequest((r) => r.url().endsWith('/collect'))]);
    expect(await dialog(page).count()).toBe(0);

    const { records } = await proof(page);
    expect(records.map((r) => [r.explicit, r.signals.gpc, r.decisions.analytics])).toEqual([
      [false, true, false],
      [true, true, true],
    ]);
    await context.close();
  });

  it('honours Do Not Track the same way, as a refusal and never as consent', async () => {
    const { context, page, analytics } = await visit();
    await context.addInitScript(() =>
      Object.defineProperty(Navigator.prototype, 'doNotTrack', { get: () => '1' }),
    );
    const { sent } = await recorded(page, () => page.goto('/?lang=fi'));
    expect(sent).toMatchObject({
      choices: { analytics: false, marketing: false, personalisation: false },
      signals: { gpc: false, dnt: true },
      explicit: false,
      lang: 'fi',
    });
    await page.getByText('Do Not Track').waitFor();
    await page.reload({ waitUntil: 'networkidle' });
    expect(await dialog(page).count()).toBe(0);
    expect(analytics()).toEqual([]);
    await context.close();
  });

  it('asks again when the stored choice predates the policy, and clears what it allowed', async () => {
    const { context, page, analytics } = await visit();
    const url = server.url;
    const long = { url, expires: Math.floor(Date.now() / 1000) + 86400 };
    // Accepted everything under policy version 0, a year ago.
    const aYearAgo = (Date.now() - 365 * 864e5).toString(36);
    await context.addCookies([
      { name: 'hs_consent', value: `0.${aYearAgo}.111`, ...long },
      { name: '_ga', value: 'GA1.1.1.1', ...long },
    ]);
    await page.goto('/');
    await page.getByRole('dialog', { name: 'Cookies on HerSecret' }).waitFor();
    expect(await cookieNames(context)).not.toContain('_ga');
    expect(analytics()).toEqual([]);
    await context.close();
  });

  it('works by keyboard alone: Tab stays inside, Escape dismisses, focus returns', async () => {
    const { context, page } = await visit();
    let posts = 0;
    page.on('request', (r) => (posts += isLedgerPost(r) ? 1 : 0));
    await page.goto('/');
    await dialog(page).waitFor();
    const focused = () =>
      page.evaluate(() => {
        const el = document.activeElement!;
        return {
          text: (
            el.getAttribute('aria-label') ??
            (el as HTMLInputElement).labels?.[0]?.textContent ??
            el.textContent ??
            ''
          ).trim(),
          inDialog: !!el.closest('[role=dialog]'),
          outline: getComputedStyle(el).outlineStyle,
        };
      });

    // Escape on a first visit dismisses without deciding: nothing recorded, asked again later.
    await page.keyboard.press('Escape');
    await dialog(page).waitFor({ state: 'detached' });
    expect(posts).toBe(0);
    expect(await consentCookie(context)).toBeUndefined();
    await page.reload();
    await dialog(page).waitFor();

    // Tab cycles through the dialog's controls only, each with a visible focus ring.
    const seen: string[] = [];
    for (let i = 0; i < 7; i++) {
      await page.keyboard.press('Tab');
      const f = await focused();
      expect(f.inDialog).toBe(true);
      expect(f.outline).toBe('solid');
      seen.push(f.text);
    }
    expect(seen).toEqual([
      'Close',
      'Privacy policy',
      'Accept all',
      'Reject all',
      'Choose',
      'Close',
      'Privacy policy',
    ]);
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab');
    expect((await focused()).text).toBe('Choose');

    await page.keyboard.press('Enter');
    await page.getByRole('dialog', { name: 'Cookie settings' }).waitFor();
    for (let i = 0; i < 20 && (await focused()).text !== 'Analytics'; i++)
      await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    for (let i = 0; i < 20 && (await focused()).text !== 'Save choices'; i++)
      await page.keyboard.press('Tab');
    const { sent } = await recorded(page, () => page.keyboard.press('Enter'));
    expect(sent.choices).toEqual({ analytics: true, marketing: false, personalisation: false });
    await dialog(page).waitFor({ state: 'detached' });

    // Reopen from the footer link by keyboard; Escape closes and focus goes back to the link.
    // Backwards from the end of the page: the footer is near, however long the page is.
    for (let i = 0; i < 40 && (await focused()).text !== 'Cookie settings'; i++)
      await page.keyboard.press('Shift+Tab');
    expect((await focused()).text).toBe('Cookie settings');
    await page.keyboard.press('Enter');
    await page.getByRole('dialog', { name: 'Cookie settings' }).waitFor();
    expect((await focused()).inDialog).toBe(true);
    await page.keyboard.press('Escape');
    await dialog(page).waitFor({ state: 'detached' });
    expect(
      await page.evaluate(() => document.activeElement?.hasAttribute('data-cookie-settings')),
    ).toBe(true);
    await context.close();
  });

  it('meets WCAG 2.1 A/AA (the shared check) in either layer and every language', async () => {
    const { context, page } = await visit();
    for (const lang of ['en', 'fi', 'sv']) {
      await page.goto(`/?lang=${lang}`);
      await dialog(page).waitFor();
      const first = await wcagCheck(page, { include: '#hs-cc' });
      await page.locator('#hs-cc .hs-cc-a > :last-child').click();
      await page
        .locator('#hs-cc details')
        .first()
        .evaluate((d) => ((d as HTMLDetailsElement).open = true));
      const second = await wcagCheck(page, { include: '#hs-cc' });
      expect([...first.violations, ...second.violations].map((v) => `${lang} ${v}`)).toEqual([]);
      // A control that axe saw the banner's content, not an empty node.
      expect(first.passed).toBeGreaterThan(5);
    }
    await context.close();
  });
});

describe.runIf(pageTestsRun)('consent banner on another site', () => {
  let site: Server;
  let siteUrl: string;
  beforeAll(async () => {
    // A plain page on another origin with no CSP: embeds the banner from Custodian and has an
    // inline blocked script, which only a page whose CSP allows inline code can run.
    const config = await (await fetch(`${server.url}/consent/config?lang=en`)).text();
    const html = `<!DOCTYPE html><html lang="en"><head><title>Partner</title>
<script type="application/json" id="custodian-consent-config">${config.replace(/</g, '\\u003c')}</script>
<script src="${server.url}/consent/banner.js"></script></head><body><main><h1>Partner</h1>
<script type="text/plain" data-consent="analytics">window.inlineRan = (window.inlineRan || 0) + 1;</script>
<script type="text/plain" data-consent="analytics marketing">window.bothRan = true;</script>
<button data-cookie-settings>Cookies</button></main></body></html>`;
    site = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(html);
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    const address = site.address();
    siteUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`;
  });
  afterAll(() => new Promise<void>((resolve) => site?.close(() => resolve())));

  it('loads cross-origin with its stylesheet and runs inline blocked scripts per category', async () => {
    const { context, page } = await visit();
    await page.goto(siteUrl);
    await page.getByRole('dialog', { name: 'Cookies on HerSecret' }).waitFor();
    // The stylesheet the script added for itself applies: the overlay is fixed.
    await expect
      .poll(() => page.evaluate(() => getComputedStyle(document.getElementById('hs-cc')!).position))
      .toBe('fixed');
    await page.getByRole('button', { name: 'Choose' }).click();
    await page.getByRole('switch', { name: 'Analytics' }).check();
    await page.getByRole('button', { name: 'Save choices' }).click();
    await expect
      .poll(() => page.evaluate(() => (window as { inlineRan?: number }).inlineRan))
      .toBe(1);
    expect(await page.evaluate(() => (window as { bothRan?: boolean }).bothRan)).toBeUndefined();

    // Allowing marketing too runs the script that needs both, and nothing runs twice.
    await page.getByRole('button', { name: 'Cookies' }).click();
    await page.getByRole('button', { name: 'Accept all' }).click();
    await expect
      .poll(() => page.evaluate(() => (window as { bothRan?: boolean }).bothRan))
      .toBe(true);
    expect(await page.evaluate(() => (window as { inlineRan?: number }).inlineRan)).toBe(1);
    await context.close();
  });
});
