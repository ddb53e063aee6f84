/**
 * What an erasure keeps, record by record, with why and until when (GDPR Art. 17(3)(b), RULES.md
 * "Tell the customer what was kept, why, and until when"). Modules say which records they keep
 * (`retained`); the manifest says each category's retention rule and the law behind it; a record
 * is kept, whole, until the latest end among its categories (a voucher is kept as one document).
 *
 * Used twice: on the close-account page before the customer confirms, and by the erasure's
 * `capture` step, whose summary (no labels, no personal data) staff see on the request.
 */
import type { Manifest } from '../../core/manifest/manifest.ts';
import type {
  Executor,
  PersonalDataModule,
  SubjectRef,
} from '../../core/personal-data-registry.ts';
import { CALENDAR_YEAR, retentionEnd, type FinancialYearEnd } from './retention-end.ts';

export interface KeptRecord {
  /** How the person recognises it (the order reference); personal to them. */
  label: string;
  /** `YYYY-MM-DD`, the record's date. */
  date: string;
  categories: string[];
  /** `YYYY-MM-DD`, the last day it is kept; null when no rule gives a date. */
  until: string | null;
  /** The retention key and the law that set `until` (its English name: pages in other languages
   * look the law up by the retention key). */
  retention: string | null;
  law: string | null;
}

/** One line per category and end date, for the request's recorded output. */
export interface KeptSummary {
  category: string;
  retention: string | null;
  law: string | null;
  until: string | null;
  records: number;
}

export async function keptRecords(
  db: Executor,
  modules: PersonalDataModule[],
  manifest: Manifest,
  subject: SubjectRef,
  fy: FinancialYearEnd = CALENDAR_YEAR,
): Promise<KeptRecord[]> {
  const out: KeptRecord[] = [];
  for (const m of modules) {
    if (!m.retained) continue;
    for (const r of await m.retained(db, subject)) {
      let governing: { until: string; retention: string } | undefined;
      for (const category of r.categories) {
        const key = manifest.categories[category]?.retention;
        const rule = key ? manifest.retention[key] : undefined;
        const until = rule && key ? retentionEnd(rule, r.date, fy) : undefined;
        if (until && key && (!governing || until > governing.until))
          governing = { until, retention: key };
      }
      out.push({
        label: r.label,
        date: r.date.toISOString().slice(0, 10),
        categories: r.categories,
        until: governing?.until ?? null,
        retention: governing?.retention ?? null,
        law: governing ? (manifest.retention[governing.retention]?.law?.en ?? null) : null,
      });
    }
  }
  return out.sort((a, b) => a.date.localeCompare(b.date) || a.label.localeCompare(b.label));
}

export function summariseKept(records: KeptRecord[]): KeptSummary[] {
  const lines = new Map<string, KeptSummary>();
  for (const r of records) {
    for (const category of r.categories) {
      const key = `${category}\0${r.until ?? ''}`;
      const line = lines.get(key);
      if (line) line.records += 1;
      else
        lines.set(key, {
          category,
          retention: r.retention,
          law: r.law,
          until: r.until,
          records: 1,
        });
    }
  }
  return [...lines.values()].sort(
    (a, b) => a.category.localeCompare(b.category) || (a.until ?? '').localeCompare(b.until ?? ''),
  );
}
