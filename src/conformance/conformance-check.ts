/**
 * The conformance check over one recorded run: every statement of the manifest proven, no test
 * claiming an id the manifest does not make, every claimed security measure implemented. The
 * test reporter runs it after a whole-suite run and `custodian conformance` over a record, so
 * both fail for the same reasons with the same words.
 */
import type { Manifest } from '../core/manifest/manifest.ts';
import { gateFindings, type GateFinding } from './conformance-map.ts';
import type { ProofRun } from './proof-run.ts';
import { unimplementedMeasures } from './security-implementations.ts';
import { listStatements } from './statements.ts';

export interface ConformanceResult {
  total: number;
  proven: number;
  findings: (GateFinding | { id: string; problem: 'not implemented'; missing: string })[];
}

export function checkConformance(
  manifest: Manifest,
  run: ProofRun,
  /** A source file's text, or null when missing; absent, implementations are not checked. */
  readSource?: (module: string) => string | null,
): ConformanceResult {
  const statements = listStatements(manifest);
  const findings: ConformanceResult['findings'] = gateFindings(statements, run);
  const unproven = new Set(findings.map((f) => f.id));
  const claimed = manifest.security.flatMap((s) => s.measures ?? []);
  for (const gap of readSource ? unimplementedMeasures(claimed, readSource) : []) {
    findings.push({ id: gap.id, problem: 'not implemented', missing: gap.missing });
  }
  return {
    total: statements.length,
    proven: statements.filter((s) => !unproven.has(s.id)).length,
    findings,
  };
}

/** Lines for a terminal: the tally, then one line per finding naming the statement id. */
export function describeConformance(result: ConformanceResult, database: string): string[] {
  const lines = [
    `Promise map (${database}): ${result.proven} of ${result.total} statements proven`,
  ];
  for (const f of result.findings) {
    lines.push(`  ✗ ${f.id}: ${f.problem}${'missing' in f ? ` (${f.missing})` : ''}`);
  }
  return lines;
}
