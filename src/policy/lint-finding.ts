/** What a manifest lint rule reports, and the finding the linter makes of it with its location. */
import type { Manifest } from '../core/manifest/manifest.ts';
import type { PathSegment } from '../core/manifest/manifest-loader.ts';

export type Severity = 'error' | 'warning' | 'info';

export interface Finding {
  code: string;
  severity: Severity;
  /** Path inside the manifest, as `recipients.posti.country`. */
  path: string;
  line: number | undefined;
  column: number | undefined;
  message: string;
}

/** What a rule reports; the runner adds the location. */
export interface RawFinding {
  code: string;
  severity: Severity;
  path: PathSegment[];
  message: string;
}

export type LintRule = (manifest: Manifest) => Iterable<RawFinding>;
