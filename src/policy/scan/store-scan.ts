/**
 * Drives Chromium through a running store as a visitor would: for each consent mode and each
 * language a fresh browser context opens the home page, answers the real banner (Reject all or
 * Accept all; under GPC it answers itself), then visits a category, a product (and puts it in
 * the cart), a search, the cart, the checkout, the account and the privacy center. After each
 * step it records the cookies, the localStorage and sessionStorage keys, every request to
 * another origin and every same-origin response that set cookies, and compares them with the
 * manifest (scan-findings.ts). One browser serves the whole scan.
 *
 * @example
 *   const result = await scanStore({ url: 'http://127.0.0.1:3000', manifest });
 *   result.findings; // [] on a store that keeps its cookie declaration
 */
import type { Browser, BrowserContext, Page, Request, Response } from 'playwright-core';
import type { Manifest } from '../../core/manifest/manifest.ts';
import { languages, type Lang } from '../../kit/web/i18n.ts';
import { analyseScan } from './scan-findings.ts';
import {
  scanModes,
  type ConsentState,
  type CookieResponse,
  type ObservedRequest,
  type ScanMode,
  type ScanPage,
  type ScanResult,
  type ScanSnapshot,
  type ScanStep,
} from './scan.ts';

export interface ScanOptions {
  /** The store's origin, e.g. `https://hersecret.se`. */
  url: string;
  manifest: Manifest;
  /** A browser to reuse (the caller closes it); else `launch` starts one and it is closed here. */
  browser?: Browser;
  launch?: () => Promise<Browser>;
  modes?: readonly ScanMode[];
  langs?: readonly Lang[];
  /** The search the search page runs. */
  query?: string;
  /** How many visitors (browser contexts) run at once; 3 by default. */
  concurrency?: number;
}

/** What a GPC browser exposes to scripts (`Sec-GPC: 1` goes with every request). */
const gpcScript =
  "Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true });";

/** Something in the store kept the scan from running a step (not a finding about cookies). */
export class ScanError extends Error {}

/** How long a step waits for the page's own requests to finish before it looks. */
const QUIET_MS = 100;
const SETTLE_LIMIT_MS = 5_000;

export async function scanStore(options: ScanOptions): Promise<ScanResult> {
  const started = Date.now();
  const origin = new URL(options.url).origin;
  const browser = options.browser ?? (await requireLaunch(options)());
  const observations = {
    snapshots: [] as ScanSnapshot[],
    requests: [] as ObservedRequest[],
    cookieResponses: [] as CookieResponse[],
  };
  const visits = (options.modes ?? scanModes).flatMap((mode) =>
    (options.langs ?? languages).map((lang) => ({ mode, lang })),
  );
  const runVisit = async ({ mode, lang }: { mode: ScanMode; lang: Lang }) => {
    const context = await browser.newContext({
      baseURL: origin,
      locale: lang,
      ...(mode === 'gpc' ? { extraHTTPHeaders: { 'Sec-GPC': '1' } } : {}),
    });
    try {
      // A string, not a function: a bundler's helpers (esbuild's __name) do not exist in the page.
      if (mode === 'gpc') await context.addInitScript({ content: gpcScript });
      await new Visit(context, origin, mode, lang, observations, options.query).run();
    } finally {
      await context.close();
    }
  };
  try {
    // A few visitors at once: each waits on the store most of the time.
    const queue = [...visits];
    const worker = async () => {
      for (let next = queue.shift(); next; next = queue.shift()) await runVisit(next);
    };
    await Promise.all(Array.from({ length: options.concurrency ?? 3 }, worker));
  } finally {
    if (!options.browser) await browser.close();
  }
  // Visits ran side by side: put what they saw back in plan order (stable within a visit).
  const order = (at: ScanStep) => visits.findIndex((v) => v.mode === at.mode && v.lang === at.lang);
  observations.snapshots.sort((a, b) => order(a.at) - order(b.at));
  observations.requests.sort((a, b) => order(a.at) - order(b.at));
  observations.cookieResponses.sort((a, b) => order(a.at) - order(b.at));
  const analysis = analyseScan(options.manifest, observations, origin);
  return {
    url: origin,
    startedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    steps: observations.snapshots.length,
    cookies: analysis.cookies,
    storage: analysis.storage,
    requests: observations.requests,
    cookieResponses: observations.cookieResponses,
    findings: analysis.findings,
  };
}

function requireLaunch(options: ScanOptions): () => Promise<Browser> {
  if (!options.launch) throw new ScanError('scanStore needs a browser or a way to launch one.');
  return options.launch;
}

/** One visitor: one browser context, one mode, one language. */
class Visit {
  private step: ScanStep;
  private consent: ConsentState;
  private inFlight = 0;
  private lastActivity = Date.now();
  private readonly page: Promise<Page>;

  constructor(
    private readonly context: BrowserContext,
    private readonly origin: string,
    private readonly mode: ScanMode,
    private readonly lang: Lang,
    private readonly out: {
      snapshots: ScanSnapshot[];
      requests: ObservedRequest[];
      cookieResponses: CookieResponse[];
    },
    private readonly query = 'lace',
  ) {
    // GPC is a refusal from the first byte: nothing optional may ever be set.
    this.consent = mode === 'gpc' ? 'refused' : 'undecided';
    this.step = this.stepAt('home', '/', 'load');
    context.on('request', (r) => this.onRequest(r));
    context.on('requestfinished', () => this.settled());
    context.on('requestfailed', (r) => this.onFailed(r));
    context.on('response', (r) => void this.onResponse(r));
    this.page = context.newPage();
  }

  async run(): Promise<void> {
    const page = await this.page;
    await this.open('home', '/');
    if (this.mode !== 'gpc') await this.answerBanner(page);
    const category = await this.firstLink(page, '/category/');
    const product = await this.firstLink(page, '/products/');
    await this.open('category', category);
    await this.open('product', product);
    await this.addToCart(page);
    const next: [ScanPage, string][] = [
      ['search', `/search?q=${encodeURIComponent(this.query)}`],
      ['cart', '/cart'],
      ['checkout', '/checkout'],
      ['account', '/account'],
      ['privacy-center', '/privacy-center'],
    ];
    for (const [key, path] of next) {
      await this.open(key, path);
      if (key === 'cart') await this.estimateDelivery(page);
    }
  }

  /** Asks for delivery estimates with a Kuopio postal code, as a visitor would on the cart page. */
  private async estimateDelivery(page: Page): Promise<void> {
    const form = page.locator('form[data-delivery-form]').first();
    if ((await form.count()) === 0) return;
    this.step = this.stepAt('cart', new URL(page.url()).pathname, 'estimate delivery');
    await form.locator('input[name="postalCode"]').fill('70100');
    await form.locator('[type="submit"]').click();
    await this.snapshot();
  }

  private stepAt(page: ScanPage, path: string, action: ScanStep['action']): ScanStep {
    const clean = new URL(path, this.origin).pathname;
    return { mode: this.mode, lang: this.lang, page, path: clean, action, consent: this.consent };
  }

  private async open(key: ScanPage, path: string): Promise<void> {
    const page = await this.page;
    this.step = this.stepAt(key, path, 'load');
    const url = new URL(path, this.origin);
    url.searchParams.set('lang', this.lang);
    await page.goto(url.href, { waitUntil: 'load' });
    await this.snapshot();
  }

  /** Clicks the real banner's button, in the page's language, and waits for the ledger's answer. */
  private async answerBanner(page: Page): Promise<void> {
    const accept = this.mode === 'accept';
    const texts = await page.evaluate(() => {
      const config = document.getElementById('custodian-consent-config')?.textContent;
      return config
        ? (JSON.parse(config) as { texts?: { acceptAll?: string; rejectAll?: string } }).texts
        : undefined;
    });
    const label = accept ? texts?.acceptAll : texts?.rejectAll;
    if (!label) throw new ScanError(`The home page (${this.lang}) carries no consent banner.`);
    this.consent = accept ? 'accepted' : 'refused';
    this.step = this.stepAt('home', '/', accept ? 'accept all' : 'refuse all');
    const recorded = page.waitForResponse(
      (r) => r.url().endsWith('/api/consent') && r.request().method() === 'POST',
      { timeout: SETTLE_LIMIT_MS },
    );
    await page.getByRole('button', { name: label, exact: true }).first().click();
    await recorded.catch(() => undefined);
    await this.snapshot();
  }

  private async firstLink(page: Page, prefix: string): Promise<string> {
    const href = await page
      .locator(`a[href^="${prefix}"]`)
      .first()
      .getAttribute('href', { timeout: SETTLE_LIMIT_MS })
      .catch(() => null);
    if (!href) throw new ScanError(`The home page links to no ${prefix} page.`);
    return href;
  }

  private async addToCart(page: Page): Promise<void> {
    const button = page.locator('form.add-to-cart [type="submit"]').first();
    if ((await button.count()) === 0) return;
    // A banner still open (a GPC visitor is told the signal was honoured) is closed the way a
    // visitor would, with Escape: that decides nothing.
    if (await page.locator('#hs-cc').isVisible()) await page.keyboard.press('Escape');
    this.step = this.stepAt('product', new URL(page.url()).pathname, 'add to cart');
    await Promise.all([page.waitForURL(/\/cart/, { timeout: SETTLE_LIMIT_MS }), button.click()]);
    await this.snapshot();
  }

  /** Waits until the page's requests have been quiet a moment, then records what is there. */
  private async snapshot(): Promise<void> {
    const page = await this.page;
    const deadline = Date.now() + SETTLE_LIMIT_MS;
    while (
      Date.now() < deadline &&
      (this.inFlight > 0 || Date.now() - this.lastActivity < QUIET_MS)
    ) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const storage = await page.evaluate(() => ({
      local: Object.keys(window.localStorage),
      session: Object.keys(window.sessionStorage),
    }));
    const now = Date.now() / 1000;
    const host = new URL(this.origin).hostname;
    const cookies = (await this.context.cookies()).map((c) => {
      const domain = c.domain.replace(/^\./, '');
      return {
        name: c.name,
        domain: c.domain,
        path: c.path,
        party:
          host === domain || host.endsWith(`.${domain}`) ? ('first' as const) : ('third' as const),
        lifetimeSeconds: c.expires < 0 ? ('session' as const) : Math.round(c.expires - now),
        httpOnly: c.httpOnly,
        expires: c.expires,
      };
    });
    this.out.snapshots.push({
      at: this.step,
      cookies,
      storage: [
        ...storage.local.map((key) => ({ storage: 'localStorage' as const, key })),
        ...storage.session.map((key) => ({ storage: 'sessionStorage' as const, key })),
      ],
    });
  }

  private onRequest(request: Request): void {
    this.inFlight++;
    this.lastActivity = Date.now();
    const url = new URL(request.url());
    if (url.origin === this.origin || !/^https?:$/.test(url.protocol)) return;
    this.out.requests.push({
      origin: url.origin,
      path: url.pathname,
      resourceType: request.resourceType(),
      at: this.step,
    });
  }

  private onFailed(request: Request): void {
    this.settled();
    const url = new URL(request.url());
    const failure = request.failure()?.errorText;
    const seen = this.out.requests.findLast(
      (r) => r.origin === url.origin && r.path === url.pathname,
    );
    if (seen && failure) seen.failure = failure;
  }

  private settled(): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
    this.lastActivity = Date.now();
  }

  private async onResponse(response: Response): Promise<void> {
    const url = new URL(response.url());
    if (url.origin !== this.origin) return;
    const at = this.step;
    const headers = await response.headerValues('set-cookie').catch(() => []);
    const names = headers
      .flatMap((h) => h.split('\n'))
      .map((h) => h.slice(0, h.indexOf('=')).trim())
      .filter(Boolean);
    if (names.length > 0) this.out.cookieResponses.push({ path: url.pathname, cookies: names, at });
  }
}
