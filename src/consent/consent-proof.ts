/**
 * The proof of consent (GDPR Art. 7(1)) for a visitor or customer: every record, oldest first,
 * each with the banner text exactly as shown. `verified` says the stored text still hashes to the
 * hash on the record, so the export proves itself without trusting the database.
 */
import type { ConsentSource, ConsentSubject } from './consent.ts';
import { hashText } from './consent-config.ts';
import type { HistoryRow } from './consent.repository.ts';

export interface ConsentProofRecord {
  recordId: string;
  decidedAt: string;
  renewAt: string;
  source: ConsentSource;
  visitorId: string | null;
  customerLinked: boolean;
  policyVersion: number;
  decisions: Record<string, boolean>;
  signals: { gpc: boolean; dnt: boolean };
  explicit: boolean;
  lang: string | null;
  textHash: string | null;
}

export interface ConsentProof {
  subject: { visitorId: string | null; customerId: string | null };
  generatedAt: string;
  records: ConsentProofRecord[];
  /** Each banner text cited by a record, by hash: the content as shown and whether it verifies. */
  texts: Record<string, { lang: string; verified: boolean; shown: unknown }>;
}

export function buildProof(
  subject: ConsentSubject,
  rows: HistoryRow[],
  now: Date,
  renewAt: (decidedAt: Date) => Date,
): ConsentProof {
  const texts: ConsentProof['texts'] = {};
  for (const r of rows) {
    if (r.textHash && r.textContent !== null && !texts[r.textHash]) {
      texts[r.textHash] = {
        lang: r.textLang ?? '',
        verified: hashText(r.textContent) === r.textHash,
        shown: JSON.parse(r.textContent) as unknown,
      };
    }
  }
  return {
    subject: { visitorId: subject.visitorId ?? null, customerId: subject.customerId ?? null },
    generatedAt: now.toISOString(),
    records: rows.map((r) => ({
      recordId: r.id,
      decidedAt: r.decidedAt.toISOString(),
      renewAt: renewAt(r.decidedAt).toISOString(),
      source: r.source,
      visitorId: r.visitorId,
      customerLinked: r.customerId !== null,
      policyVersion: r.policyVersion,
      decisions: r.decisions,
      signals: { gpc: r.gpc, dnt: r.dnt },
      explicit: r.explicit,
      lang: r.lang,
      textHash: r.textHash,
    })),
    texts,
  };
}
