/**
 * What changed between two published versions, as a reader sees it: both policy documents are
 * built in the reader's language, each block becomes lines of text, and each section lists the
 * lines only the older version has (removed) and only the newer one has (added). The change log
 * itself is left out: it differs by construction.
 *
 * @example
 *   diffPolicies(buildPolicyDocument(v1, 'fi'), buildPolicyDocument(v2, 'fi'));
 *   // [{ id: 'recipients', heading: '…', removed: ['…'], added: ['…'] }]
 */
import type { Block, Inline } from './policy-blocks.ts';
import type { PolicyDocument } from './policy-document.ts';

export interface SectionDiff {
  id: string;
  heading: string;
  removed: string[];
  added: string[];
}

const inline = (parts: Inline[]) =>
  parts
    .map((x) => (typeof x === 'string' ? x : x.text))
    .join('')
    .trim();

export function blockLines(block: Block): string[] {
  switch (block.kind) {
    case 'p':
      return [inline(block.content)];
    case 'list':
      return block.items.map(inline);
    case 'lines':
      return block.lines.map(inline);
    case 'table':
      return block.rows.map((row) =>
        row.map((cell, i) => `${block.head[i] ?? ''}: ${cell}`).join('; '),
      );
  }
}

const UNCOMPARED = new Set(['amendments']);

export function diffPolicies(from: PolicyDocument, to: PolicyDocument): SectionDiff[] {
  const lines = (doc: PolicyDocument) =>
    new Map(doc.sections.map((s) => [s.id, s.blocks.flatMap(blockLines).filter(Boolean)]));
  const before = lines(from);
  const after = lines(to);
  const headings = new Map([...from.sections, ...to.sections].map((s) => [s.id, s.heading]));
  const ids = [...new Set([...to.sections, ...from.sections].map((s) => s.id))];
  const diffs: SectionDiff[] = [];
  for (const id of ids) {
    if (UNCOMPARED.has(id)) continue;
    const a = before.get(id) ?? [];
    const b = after.get(id) ?? [];
    const removed = a.filter((line) => !b.includes(line));
    const added = b.filter((line) => !a.includes(line));
    if (removed.length || added.length)
      diffs.push({ id, heading: headings.get(id) ?? id, removed, added });
  }
  return diffs;
}
