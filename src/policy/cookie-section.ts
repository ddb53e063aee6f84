/**
 * The policy's cookie section: what each consent category is for, the range of lifetimes the
 * browser keeps its items (the seed states them as ranges), and every cookie with its lifetime.
 */
import { durationSeconds, parseDuration } from '../core/manifest/duration.ts';
import { consentCategories, type Manifest } from '../core/manifest/manifest.ts';
import type { Block, Inline, PolicyLinks } from './policy-blocks.ts';
import { fill, prose } from './policy-messages.ts';
import { formatDuration, partyTerms, storageTerms, type Lang } from './policy-terms.ts';

const p = (...content: Inline[]): Block => ({ kind: 'p', content });

export function cookieBlocks(m: Manifest, lang: Lang, links: PolicyLinks): Block[] {
  const t = (l: { en: string; fi: string; sv: string }) => l[lang];
  const blocks: Block[] = [p(t(prose.cookiesIntro))];
  for (const category of consentCategories) {
    const info = m.consent.categories[category];
    const cookies = m.cookies.filter((ck) => ck.category === category);
    const state = category === 'functional' ? t(prose.alwaysOn) : t(prose.needsConsent);
    blocks.push(p(`${t(info.label)} (${state}): ${t(info.description)}`));
    const range = lifetimeRange(cookies.map((ck) => ck.lifetime));
    if (range)
      blocks.push(
        p(
          fill(t(prose.lifetimeRange), {
            category: t(info.label),
            period: formatLifetimeRange(range, lang),
          }),
        ),
      );
  }
  blocks.push({
    kind: 'table',
    head: [
      t(prose.name),
      t(prose.category),
      t(prose.type),
      t(prose.purpose),
      t(prose.lifetime),
      t(prose.provider),
    ],
    rows: m.cookies.map((ck) => [
      ck.name,
      t(m.consent.categories[ck.category].label),
      t(storageTerms[ck.storage]),
      t(ck.purpose),
      formatDuration(ck.lifetime, lang),
      `${ck.provider ?? m.store.name}, ${t(partyTerms[ck.party])}`,
    ]),
  });
  blocks.push(p(fill(t(prose.signals), { renew: formatDuration(m.consent.renewAfter, lang) })));
  blocks.push(p({ text: t(prose.cookieDeclaration), href: links.cookieSettings }));
  return blocks;
}

/** "3 months–13 months", or one duration when every item lives as long ("6 months"). */
export function formatLifetimeRange(range: [string, string], lang: Lang): string {
  const [min, max] = [formatDuration(range[0], lang), formatDuration(range[1], lang)];
  return min === max ? min : `${min}–${max}`;
}

/** The shortest and longest of some lifetimes, as written in the manifest. */
export function lifetimeRange(lifetimes: readonly string[]): [string, string] | undefined {
  const measured = lifetimes.map((l) => {
    const d = parseDuration(l);
    return { l, s: d === undefined ? NaN : d === 'session' ? 0 : durationSeconds(d) };
  });
  const valid = measured.filter((x) => !Number.isNaN(x.s)).sort((a, b) => a.s - b.s);
  const first = valid[0];
  const last = valid.at(-1);
  return first && last ? [first.l, last.l] : undefined;
}
