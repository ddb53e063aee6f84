/**
 * The scan for people: what was seen, then the findings as a table, each with the page and the
 * step that caused it. `--json` prints the ScanResult itself instead.
 */
import { formatSeconds } from './scan-findings.ts';
import type { ScanResult, ScanStep } from './scan.ts';

const where = (at: ScanStep) =>
  `${at.page} ${at.path} (${at.action === 'load' ? 'opened' : at.action})`;

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export function scanReport(result: ScanResult): string {
  const out: string[] = [];
  out.push(
    `Scanned ${result.url}: ${result.steps} steps in ${(result.durationMs / 1000).toFixed(1)} s.`,
    '',
  );
  // A cookie appears once per visit; the table shows it once, with the first place it was set.
  const cookies = new Map<string, ScanResult['cookies'][number]>();
  for (const c of result.cookies)
    if (!cookies.has(`${c.name} ${c.domain}`)) cookies.set(`${c.name} ${c.domain}`, c);
  out.push(
    table(
      ['cookie', 'domain', 'party', 'lifetime', 'set by', 'first set at'],
      [...cookies.values()].map((c) => [
        c.name,
        c.domain,
        c.party,
        formatSeconds(c.lifetimeSeconds),
        c.setBy,
        `${c.at.mode}/${c.at.lang} ${where(c.at)}`,
      ]),
    ),
    '',
  );
  const keys = new Map<string, ScanResult['storage'][number]>();
  for (const s of result.storage)
    if (!keys.has(`${s.storage} ${s.key}`)) keys.set(`${s.storage} ${s.key}`, s);
  out.push(
    keys.size === 0
      ? 'No localStorage or sessionStorage keys.'
      : table(
          ['storage', 'key', 'first set at'],
          [...keys.values()].map((s) => [
            s.storage,
            s.key,
            `${s.at.mode}/${s.at.lang} ${where(s.at)}`,
          ]),
        ),
    '',
  );
  const origins = new Set(result.requests.map((r) => r.origin));
  out.push(
    origins.size === 0
      ? 'No request to another origin.'
      : `Requests to other origins: ${[...origins].join(', ')}.`,
    '',
  );
  if (result.findings.length === 0) {
    out.push('No findings: every cookie, storage key and request matches the manifest.');
  } else {
    out.push(
      table(
        ['finding', 'page and step', 'seen in', 'what'],
        result.findings.map((f) => [f.kind, where(f.at), f.seenIn.join(' '), f.message]),
      ),
      '',
      `${result.findings.length} finding${result.findings.length === 1 ? '' : 's'}.`,
    );
  }
  return `${out.join('\n')}\n`;
}
