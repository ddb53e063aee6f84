/**
 * Whether the registered sweeps cover the manifest and the schema: every manifest retention rule
 * has a sweep; every sweep names a rule the manifest has, with its anchor and action; every table
 * holding personal data is ended by some sweep, and every column of a personal-data category by a
 * sweep that names that category. Returns the problems, in words; none means covered.
 */
import type { Manifest } from '../core/manifest/manifest.ts';
import { isPersonal, type ColumnClass } from '../core/personal-data-columns.ts';
import type { RetentionSweep } from '../core/retention-sweeps.ts';

export function retentionCoverage(
  manifest: Pick<Manifest, 'retention' | 'categories'>,
  sweeps: readonly RetentionSweep[],
  columns: Record<string, Record<string, ColumnClass>>,
): string[] {
  const problems: string[] = [];
  for (const rule of Object.keys(manifest.retention)) {
    if (!sweeps.some((s) => s.rule === rule)) problems.push(`rule ${rule} has no sweep`);
  }
  for (const s of sweeps) {
    const rule = manifest.retention[s.rule];
    if (!rule) {
      problems.push(`sweep ${s.name} names rule ${s.rule}, which the manifest lacks`);
      continue;
    }
    if (rule.anchor !== s.anchor)
      problems.push(`sweep ${s.name} runs from ${s.anchor}, rule ${s.rule} from ${rule.anchor}`);
    if (rule.action !== s.action)
      problems.push(`sweep ${s.name} does ${s.action}, rule ${s.rule} says ${rule.action}`);
    for (const c of s.categories) {
      if (!manifest.categories[c]) problems.push(`sweep ${s.name} names unknown category ${c}`);
    }
  }
  for (const [table, cols] of Object.entries(columns)) {
    const onTable = sweeps.filter((s) => s.tables.includes(table));
    for (const [column, cls] of Object.entries(cols)) {
      if (!isPersonal(cls)) continue;
      if (onTable.length === 0) {
        problems.push(`${table}.${column} holds personal data but no sweep ends ${table}`);
        continue;
      }
      if (typeof cls === 'object' && !onTable.some((s) => s.categories.includes(cls.personal))) {
        problems.push(`${table}.${column} (${cls.personal}) has no sweep naming that category`);
      }
    }
  }
  return problems;
}
