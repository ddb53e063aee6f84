/**
 * The legal terms stay as the official Finnish and Swedish GDPR texts write them (issue 19):
 * docs/glossary.md lists the wrong and superseded terms, and this test fails on any of them in the
 * sources (catalogs, mail templates, pages), the banner or the shipped manifest, naming the file
 * and line; and on a Finnish or Swedish text that is its English one, unless it is a proper name
 * the glossary allows.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { collect, codeEntries, type Entry } from './catalog.ts';
import { glossary, onlyNames, type WrongTerm } from './glossary.ts';
import { loadShipped, root } from '../policy/manifest-fixtures.ts';

const { wrong, sameEverywhere } = glossary();

function files(dir: string, keep: (name: string) => boolean): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return files(p, keep);
    return keep(d.name) ? [p] : [];
  });
}

/** `file:line: "found" (write instead …)` for every wrong term in the text. */
function wrongTermsIn(file: string, text: string, terms: WrongTerm[]): string[] {
  const found: string[] = [];
  text.split('\n').forEach((line, i) => {
    for (const t of terms) {
      const m = t.pattern.exec(line);
      if (m) found.push(`${file}:${i + 1}: "${m[0]}" (${t.lang}: write ${t.instead})`);
    }
  });
  return found;
}

describe('terminology (docs/glossary.md)', () => {
  it('reads the glossary', () => {
    expect(wrong.length).toBeGreaterThan(10);
    expect(sameEverywhere).toContain('HerSecret');
  });

  it('finds each wrong term, and only whole words', () => {
    const hit = (text: string) => wrongTermsIn('x.ts', text, wrong);
    expect(hit("fi: 'Automaattinen päätöksenteko'")).toHaveLength(1);
    expect(hit('Avarda käyttää sitä automaattiseen luottopäätökseen.')).toHaveLength(1);
    expect(hit('voit tehdä valituksen tietosuojavaltuutetun toimistolle')).toHaveLength(1);
    expect(hit('voit tehdä valituksen Tietosuojavaltuutetun toimistolle')).toEqual([]);
    expect(hit('Peru tilaus')).toHaveLength(1);
    expect(hit('Peruuta tilaus; käsittelyn perusteet')).toEqual([]);
    expect(hit('Om du inte håller med kan du klaga hos byrån')).toHaveLength(1);
    expect(hit('raderas automatiskt efter 13 månader')).toEqual([]);
  });

  it('no wrong or superseded term in the sources, the banner or the shipped manifest', () => {
    const scanned = [
      ...files(path.join(root, 'src'), (n) => /\.tsx?$/.test(n) && !/\.test\.tsx?$/.test(n)),
      ...files(path.join(root, 'banner/src'), (n) => /\.ts$/.test(n)),
      path.join(root, 'privacy/hersecret.yaml'),
    ];
    expect(scanned.length).toBeGreaterThan(100);
    const found = scanned.flatMap((f) =>
      wrongTermsIn(path.relative(root, f), readFileSync(f, 'utf8'), wrong),
    );
    expect(found).toEqual([]);
  });

  it('no Finnish or Swedish text is its English one, except proper names', async () => {
    const entries: Entry[] = await codeEntries();
    collect((await loadShipped()).manifest, 'privacy/hersecret.yaml', entries);
    // The walk reaches the catalogs it must: a miss here would make the check below vacuous.
    const where = entries.map((e) => e.where).join('\n');
    for (const f of [
      'src/kit/web/messages.ts',
      'src/policy/policy-messages.ts',
      'src/consent/banner/banner-texts.ts',
      'src/orders/orders.messages.ts',
      'src/rights/engine/access-summary.messages.ts',
      'src/rights/privacy-center/close-account.messages.ts',
      'privacy/hersecret.yaml',
    ])
      expect(where).toContain(f);
    const same = entries
      .flatMap((e) =>
        (['fi', 'sv'] as const)
          .filter((l) => e[l] === e.en && !onlyNames(e.en, sameEverywhere))
          .map((l) => `${e.where} (${l}): "${e.en}"`),
      )
      .sort();
    expect(same).toEqual([]);
  });
});
