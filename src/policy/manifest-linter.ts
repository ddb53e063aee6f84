/**
 * The manifest linter: checks a schema-valid manifest for the legal and referential mistakes the
 * schema cannot see (a purpose naming a category that does not exist, data sent to the United
 * States on the invalidated Privacy Shield, an analytics cookie living two years). Each finding
 * carries a stable code, a severity and the location in the YAML file.
 *
 * @example
 *   const { manifest, locations } = await loadManifest(file);
 *   const findings = lintManifest(manifest, locations);
 *   if (findings.some((f) => f.severity === 'error')) process.exitCode = 1;
 */
import type { Manifest } from '../core/manifest/manifest.ts';
import { formatPath, type ManifestLocations } from '../core/manifest/manifest-loader.ts';
import { lintRules } from './lint-rules.ts';
import { lintAgainstPublished, type LastPublished } from './published-lint.ts';
import type { Finding, LintRule, RawFinding, Severity } from './lint-finding.ts';

export type { Finding, LintRule, RawFinding, Severity };

const order: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** `published`: the last published version, to catch content changed without a new version. */
export function lintManifest(
  manifest: Manifest,
  locations?: ManifestLocations,
  published?: LastPublished,
): Finding[] {
  const findings: Finding[] = [];
  const rules = published
    ? [...lintRules, (m: Manifest) => lintAgainstPublished(m, published)]
    : lintRules;
  for (const rule of rules) {
    for (const raw of rule(manifest)) {
      const pos = locations?.at(raw.path);
      findings.push({
        code: raw.code,
        severity: raw.severity,
        path: formatPath(raw.path),
        line: pos?.line,
        column: pos?.column,
        message: raw.message,
      });
    }
  }
  return findings.sort(
    (a, b) => order[a.severity] - order[b.severity] || (a.line ?? 0) - (b.line ?? 0),
  );
}

export function hasErrors(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === 'error');
}

/** One line per finding: `file:12:5 error dangling-category purposes.x.categories[0]: …`. */
export function formatFinding(file: string, f: Finding): string {
  const where = f.line ? `${file}:${f.line}:${f.column ?? 1}` : file;
  return `${where} ${f.severity} ${f.code} ${f.path}: ${f.message}`;
}
