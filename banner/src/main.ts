/**
 * Custodian's consent banner: one dependency-free script for any page.
 *
 * @example
 *   <link rel="stylesheet" href="https://shop.example/consent/banner.css">
 *   <script src="https://shop.example/consent/banner.js"></script>   <!-- first in <head> -->
 *   <script type="text/plain" data-consent="analytics" src="/analytics.js"></script>
 *   <a href="#" data-cookie-settings>Cookie settings</a>
 *
 * It pushes the Consent Mode default at once, reads the configuration (embedded by Custodian
 * pages, otherwise fetched from the script's own origin), applies a stored choice or shows the
 * banner, records every choice in the ledger (`POST /api/consent`) and runs the blocked scripts
 * of allowed categories. See docs/banner.md.
 */
import type { BannerConfig, Choices, FirstView, OptionalCategory } from './config.ts';
import { consentDefault, consentUpdate } from './consent-mode.ts';
import { unblock } from './scripts.ts';
import { readChoice, remove, storeChoice } from './storage.ts';
import { open } from './ui.ts';

consentDefault();

const d = document;
const nav = navigator as Navigator & { globalPrivacyControl?: boolean };
const src = new URL((d.currentScript as HTMLScriptElement | null)?.src || location.href);
const signals = { gpc: nav.globalPrivacyControl === true, dnt: nav.doNotTrack == '1' };
let ledger: Promise<unknown> = Promise.resolve();
const api: { choices?: Choices; record?: unknown; open?: () => void } = {};
(window as unknown as { custodianConsent: typeof api }).custodianConsent = api;

function whenReady(fn: () => void): void {
  if (d.readyState == 'loading') d.addEventListener('DOMContentLoaded', fn);
  else fn();
}

/** Deletes what the refused categories left behind; with no choice, everything optional. */
function clean(config: FirstView, c?: Choices): void {
  for (const cat of config.categories)
    if (!cat.required && !c?.[cat.key as OptionalCategory]) remove(cat.cookies);
}

function apply(config: FirstView, c: Choices): void {
  api.choices = c;
  consentUpdate(c);
  clean(config, c);
  const run = () => unblock((k) => k == 'functional' || !!api.choices?.[k]);
  run();
  whenReady(run);
  dispatchEvent(new CustomEvent('custodian:consent', { detail: c }));
}

function decide(config: FirstView, c: Choices, explicit: boolean): void {
  storeChoice(config, c);
  apply(config, c);
  const body = {
    choices: c,
    textHash: config.textHash,
    policyVersion: config.policyVersion,
    source: 'banner',
    signals,
    explicit,
    lang: config.lang,
  };
  // One at a time: the first answer sets the hs_vid cookie that the later records must carry.
  ledger = ledger
    .then(() =>
      fetch(src.origin + '/api/consent', {
        method: 'POST',
        credentials: 'include',
        // Survives a navigation right after the click; cross-origin it would need a preflight.
        keepalive: src.origin == location.origin,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }),
    )
    .then((r) => (r.ok ? (r.json() as Promise<unknown>) : undefined))
    .then((record) => (api.record = record))
    // The choice is in force either way: a failed write leaves it unproven, not undone.
    .catch(() => {});
}

const configUrl = (lang: string) => `${src.origin}/consent/config?lang=${lang}`;

/** The whole configuration: embedded by another site, or fetched once when settings open. */
let whole: Promise<BannerConfig> | undefined;
function details(config: FirstView): Promise<BannerConfig> {
  return (whole ??= config.categories[0]?.label
    ? Promise.resolve(config as BannerConfig)
    : fetch(configUrl(config.lang))
        .then((r) => r.json() as Promise<BannerConfig>)
        // A failed fetch can be tried again by the next click.
        .catch((e: unknown) => {
          whole = undefined;
          throw e;
        }));
}

function start(config: FirstView): void {
  let notice = false;
  const view = (c: FirstView, settings: boolean) =>
    open({
      config: c as BannerConfig,
      choices: api.choices,
      notice,
      settings,
      decide: (choices) => decide(c, choices, true),
      choose: () => show(true),
    });
  // The first layer from what the page embeds; the settings layer once its details are here
  // (offline, the first layer stays, and Accept all and Reject all still work).
  const show = (settings: boolean): void => {
    if (!settings) return view(config, false);
    details(config).then(
      (c) => view(c, true),
      () => {},
    );
  };
  const stored = readChoice(config);
  if (stored) apply(config, stored);
  else {
    // A choice that expired or predates the policy allows nothing any more.
    clean(config);
    if (signals.gpc || signals.dnt) {
      // The signal is a refusal, never consent: recorded as such, and said so in the banner.
      notice = true;
      decide(config, { analytics: false, marketing: false, personalisation: false }, false);
    }
    // The policy must be readable before choosing: a page marked data-consent-policy (the
    // privacy policy, the cookie declaration) opens no banner by itself; nothing optional runs.
    whenReady(() => d.querySelector('[data-consent-policy]') || show(false));
  }
  api.open = () => show(true);
  d.addEventListener('click', (e) => {
    if ((e.target as Element).closest?.('[data-cookie-settings]')) {
      e.preventDefault();
      show(true);
    }
  });
}

if (!d.querySelector('link[href*="/consent/banner.css"]'))
  d.head.append(
    Object.assign(d.createElement('link'), {
      rel: 'stylesheet',
      href: src.origin + '/consent/banner.css' + src.search,
    }),
  );

const embedded = d.getElementById('custodian-consent-config');
if (embedded) start(JSON.parse(embedded.textContent) as FirstView);
else
  fetch(configUrl((d.documentElement.lang || 'en').slice(0, 2)))
    .then((r) => r.json())
    .then(start)
    // Without a configuration nothing optional runs, which is the safe way to fail.
    .catch(() => {});
