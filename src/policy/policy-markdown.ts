/** The policy document as Markdown, for `custodian manifest render --format md`. */
import type { Block, Inline, PolicyDocument } from './policy-document.ts';

const inline = (parts: readonly Inline[]) =>
  parts.map((i) => (typeof i === 'string' ? i : `[${i.text}](${i.href})`)).join('');
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function block(b: Block): string {
  switch (b.kind) {
    case 'p':
      return inline(b.content);
    case 'list':
      return b.items.map((item) => `- ${inline(item)}`).join('\n');
    case 'lines':
      return b.lines.map((line) => inline(line)).join('  \n');
    case 'table':
      return [
        `| ${b.head.map(cell).join(' | ')} |`,
        `| ${b.head.map(() => '---').join(' | ')} |`,
        ...b.rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
      ].join('\n');
  }
}

export function policyMarkdown(doc: PolicyDocument): string {
  const parts = [`# ${doc.title}`, `_${doc.updated}_`];
  for (const section of doc.sections) {
    parts.push(`## ${section.heading}`);
    for (const b of section.blocks) parts.push(block(b));
  }
  return `${parts.join('\n\n')}\n`;
}
