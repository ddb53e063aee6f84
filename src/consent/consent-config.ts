/**
 * The banner configuration for one language, derived from the manifest: the categories (with the
 * cookies in each) and the banner's words, plus the SHA-256 of exactly that text. The layout
 * embeds it in pages and `GET /consent/config` serves it; a choice sent back names its
 * `textHash`, which is how the ledger proves what the person saw.
 *
 * @example
 *   const config = buildConsentConfig(manifest, 'fi');
 *   config.textHash; // 'mQ3…' (43 base64url characters)
 */
import { createHash } from 'node:crypto';
import { parseDuration, durationSeconds } from '../core/manifest/duration.ts';
import {
  consentCategories,
  type ConsentCategory,
  type Manifest,
} from '../core/manifest/manifest.ts';
import type { Lang } from '../kit/web/i18n.ts';
import { bannerTexts, type BannerTexts } from './banner/banner-texts.ts';

export interface ConsentConfigCookie {
  name: string;
  storage: string;
  lifetime: string;
  purpose: string;
  party: 'first' | 'third';
  provider?: string;
}

export interface ConsentConfigCategory {
  key: ConsentCategory;
  label: string;
  description: string;
  required: boolean;
  cookies: ConsentConfigCookie[];
}

export interface ConsentConfig {
  lang: Lang;
  policyVersion: number;
  renewAfterDays: number;
  textHash: string;
  texts: BannerTexts;
  categories: ConsentConfigCategory[];
}

/** The banner's words its first layer shows; the rest belong to the settings layer. */
export type FirstViewTexts = Pick<
  BannerTexts,
  | 'title'
  | 'body'
  | 'acceptAll'
  | 'rejectAll'
  | 'choose'
  | 'close'
  | 'signalHonoured'
  | 'privacyLink'
>;

/**
 * What a page embeds (issue 15: a first visit's banner within 4,096 B on the wire): the first
 * layer's words, the versions and the text hash, and for each optional category the first-party
 * cookies and storage items the banner deletes on refusal. The settings layer's labels,
 * descriptions and cookie details come from `GET /consent/config` when it opens; the text hash
 * covers both, so the ledger proves the same text whichever layer the person answered in.
 */
export interface FirstViewConfig {
  lang: Lang;
  policyVersion: number;
  renewAfterDays: number;
  textHash: string;
  texts: FirstViewTexts;
  categories: { key: ConsentCategory; cookies: { name: string; storage: string }[] }[];
}

export function firstViewConfig(config: ConsentConfig): FirstViewConfig {
  const t = config.texts;
  return {
    lang: config.lang,
    policyVersion: config.policyVersion,
    renewAfterDays: config.renewAfterDays,
    textHash: config.textHash,
    texts: {
      title: t.title,
      body: t.body,
      acceptAll: t.acceptAll,
      rejectAll: t.rejectAll,
      choose: t.choose,
      close: t.close,
      signalHonoured: t.signalHonoured,
      privacyLink: t.privacyLink,
    },
    categories: config.categories
      .filter((category) => !category.required)
      .map((category) => ({
        key: category.key,
        // A page can delete only its own cookies and storage; a pixel is not stored at all.
        cookies: category.cookies
          .filter((cookie) => cookie.party === 'first' && cookie.storage !== 'pixel')
          .map((cookie) => ({ name: cookie.name, storage: cookie.storage })),
      })),
  };
}

/** What the hash covers: the words shown, nothing else (versions and timing are on the record). */
export interface ShownText {
  lang: Lang;
  texts: BannerTexts;
  categories: ConsentConfigCategory[];
}

export function buildConsentConfig(manifest: Manifest, lang: Lang): ConsentConfig {
  const shown = shownText(manifest, lang);
  return {
    lang,
    policyVersion: manifest.policy.version,
    renewAfterDays: renewAfterDays(manifest),
    textHash: hashText(serialiseShownText(shown)),
    texts: shown.texts,
    categories: shown.categories,
  };
}

export function shownText(manifest: Manifest, lang: Lang): ShownText {
  const categories = consentCategories.map((key): ConsentConfigCategory => {
    const category = manifest.consent.categories[key];
    return {
      key,
      label: category.label[lang],
      description: category.description[lang],
      required: key === 'functional',
      cookies: manifest.cookies
        .filter((cookie) => cookie.category === key)
        .map((cookie) => ({
          name: cookie.name,
          storage: cookie.storage,
          lifetime: cookie.lifetime,
          purpose: cookie.purpose[lang],
          party: cookie.party,
          ...(cookie.provider ? { provider: cookie.provider } : {}),
        })),
    };
  });
  return { lang, texts: bannerTexts[lang], categories };
}

/** The exact bytes that are hashed and stored: JSON with keys in the order built above. */
export function serialiseShownText(shown: ShownText): string {
  return JSON.stringify(shown);
}

export function hashText(content: string): string {
  return createHash('sha256').update(content, 'utf8').digest('base64url');
}

export function renewAfterDays(manifest: Manifest): number {
  const d = parseDuration(manifest.consent.renewAfter);
  if (!d || d === 'session') return 0;
  // Down, never up: `hs_consent` lives this many days and must not outlive its declared
  // lifetime (6mo is 182.6 days; 183 would overstay it by hours, as `custodian scan` found).
  return Math.floor(durationSeconds(d) / 86400);
}
