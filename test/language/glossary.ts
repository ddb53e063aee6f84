/**
 * docs/glossary.md as data: the terms never to write, and the proper names that may read the same
 * in every language. The Markdown file is the one source; the tests read it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

export interface WrongTerm {
  lang: 'fi' | 'sv';
  wrong: string;
  pattern: RegExp;
  instead: string;
}

const file = path.join(import.meta.dirname, '../../docs/glossary.md');

function section(md: string, title: string): string {
  const start = md.indexOf(`## ${title}`);
  if (start < 0) throw new Error(`docs/glossary.md has no "## ${title}" section`);
  const next = md.indexOf('\n## ', start + 3);
  return md.slice(start, next < 0 ? undefined : next);
}

function tableRows(text: string): string[][] {
  return text
    .split('\n')
    .filter((l) => l.startsWith('|') && !/^\|\s*-/.test(l))
    .slice(1) // the header
    .map((l) =>
      l
        .slice(1, -1)
        .split('|')
        .map((cell) => cell.trim().replaceAll('\\*', '*')),
    );
}

/** `*` is any letters; the term is matched as whole words (no letter right before or after). */
function toPattern(wrong: string, exact: boolean): RegExp {
  const body = wrong
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('\\p{L}*');
  return new RegExp(`(?<!\\p{L})${body}(?!\\p{L})`, exact ? 'u' : 'iu');
}

export function glossary(): { wrong: WrongTerm[]; sameEverywhere: Set<string> } {
  const md = readFileSync(file, 'utf8');
  const wrong = tableRows(section(md, 'Never write')).map(
    ([lang, term, kase, instead]): WrongTerm => {
      if ((lang !== 'fi' && lang !== 'sv') || !term || !instead)
        throw new Error(`docs/glossary.md: a "Never write" row is incomplete: ${term}`);
      return { lang, wrong: term, pattern: toPattern(term, kase === 'exact'), instead };
    },
  );
  const sameEverywhere = new Set<string>();
  for (const line of section(md, 'The same in every language').split('\n')) {
    if (!line.startsWith('- ')) continue;
    for (const item of line.slice(2).split(','))
      sameEverywhere.add(item.replace(/\(.*\)/, '').trim());
  }
  return { wrong, sameEverywhere };
}

/** True when a text is made only of allowed names, numbers, punctuation and placeholders. */
export function onlyNames(text: string, names: Set<string>): boolean {
  let rest = text.replace(/\{\w+\}/g, ' ');
  for (const n of [...names].sort((a, b) => b.length - a.length)) rest = rest.split(n).join(' ');
  return !/\p{L}/u.test(rest);
}
