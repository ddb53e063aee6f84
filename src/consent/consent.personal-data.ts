/**
 * The consent ledger's part of data-subject requests (src/rights).
 *
 * What the ledger holds about a person: `consent_records` (one row per choice: the decisions, the
 * GPC/DNT signals, the policy version, the text hash and the `hs_vid` visitor id, which is a
 * random cookie value) and `consent_customer_links` (which customer made which record). The
 * records and texts are append-only by trigger: they are the proof of consent (Art. 7(1)).
 *
 * Export: every record linked to the customer, and every record of the visitor ids those records
 * carry (the choices made in the same browser before signing in), each with the banner text as
 * shown and whether it still verifies against its hash.
 *
 * Erasure: the customer's link rows are deleted, the one deletion the ledger allows. The records
 * stay as anonymous proof that a choice was made under that text; nothing left in the database
 * says whose choice it was (the visitor id lives only in that person's browser).
 */
import { buildProof } from './consent-proof.ts';
import { history, unlinkCustomer, unlinkCustomers, type HistoryRow } from './consent.repository.ts';
import type {
  Executor,
  ExportSection,
  PersonalDataModule,
  SubjectRef,
} from '../core/personal-data-registry.ts';

export interface ConsentPersonalDataDeps {
  /** When a record's consent must be asked again (the consent gate's rule). */
  renewAt: (decidedAt: Date) => Date;
}

/** The customer's records and those of the visitor ids the customer's records carry. */
async function recordsOf(db: Executor, customerId: string): Promise<HistoryRow[]> {
  const linked = await history(db, { customerId });
  const visitors = [...new Set(linked.flatMap((r) => (r.visitorId ? [r.visitorId] : [])))];
  const byId = new Map(linked.map((r) => [r.id, r]));
  for (const visitorId of visitors) {
    for (const r of await history(db, { visitorId })) {
      // A shared browser: a record another customer made there is theirs, not this person's.
      if (r.customerId === null && !byId.has(r.id)) byId.set(r.id, r);
    }
  }
  return [...byId.values()].sort(
    (a, b) => a.decidedAt.getTime() - b.decidedAt.getTime() || a.seq - b.seq,
  );
}

async function exportConsent(
  deps: ConsentPersonalDataDeps,
  db: Executor,
  s: SubjectRef,
): Promise<ExportSection> {
  if (!s.customerId) return {};
  const rows = await recordsOf(db, s.customerId);
  if (rows.length === 0) return {};
  const proof = buildProof({ customerId: s.customerId }, rows, new Date(), deps.renewAt);
  return {
    'user.consent': proof.records.map((r) => {
      const text = r.textHash ? proof.texts[r.textHash] : undefined;
      return {
        ...r,
        textShown: text?.shown ?? null,
        textVerified: text?.verified ?? null,
      };
    }),
  };
}

export function consentPersonalData(deps: ConsentPersonalDataDeps): PersonalDataModule {
  return {
    name: 'consent',
    tables: ['consent_records', 'consent_customer_links'],
    categories: ['user.consent'],
    export: (db, s) => exportConsent(deps, db, s),
    // A hold on the customer keeps this as it keeps it from the sweeps (Art. 17(3)(e)).
    keptUnderCustomerHold: true,
    async erase(db, s) {
      if (!s.customerId) return { erased: 0, kept: [] };
      return { erased: await unlinkCustomer(db, s.customerId), kept: [] };
    },
    // The same for a batch: one delete for all.
    async eraseMany(db, erasures) {
      const unlinked = await unlinkCustomers(
        db,
        erasures.flatMap((e) => (e.subject.customerId ? [e.subject.customerId] : [])),
      );
      return erasures.map(({ subject: { customerId: id } }) => ({
        erased: id ? (unlinked.get(id) ?? 0) : 0,
        kept: [],
      }));
    },
  };
}
