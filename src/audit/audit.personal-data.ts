/**
 * The audit log's part of data-subject requests (src/rights).
 *
 * Entries name their subject by vault pseudonym only; a typed reason is sealed under the person's
 * profile key. Export (Art. 15(1)): the access package lists who looked at the person's data and
 * when, by actor kind and role, never by staff member (src/rights/create-rights.ts,
 * `auditAccessLog`); as with the disclosure log it is a record of processing, so this module's
 * own export section is empty and portability (Art. 20) leaves it out.
 *
 * Erasure: entries stay (until the log's own 12 months end them, under a cut: audit.retention.ts),
 * because removing one out of turn would break the chain every other entry's integrity rests on,
 * and the log is the accountability record (Art. 5(2)). They become
 * anonymous instead: the `disclosures` module erases every pseudonym link of the person (recorded
 * in the shred ledger, so a restored backup loses it again), after which an entry's pseudonym
 * leads to nobody; the `customers` module shreds the profile key, after which a sealed reason
 * reads as erased. This module only counts the entries it leaves behind.
 */
import {
  pseudonymsOfSubject,
  pseudonymsOfSubjects,
} from '../disclosures/disclosures.personal-data.ts';
import type { ExportSection, PersonalDataModule } from '../core/personal-data-registry.ts';
import type { Vault } from '../kit/vault/vault.ts';
import { countEntriesAboutSubject, countEntriesAboutSubjects } from './audit.repository.ts';

export function auditPersonalData(
  vault: Pick<Vault, 'existingPseudonym' | 'existingPseudonyms'>,
): PersonalDataModule {
  return {
    name: 'audit',
    tables: ['audit_log'],
    categories: [],
    async export(): Promise<ExportSection> {
      return {};
    },
    async erase(db, s) {
      let erased = 0;
      for (const pseudonym of await pseudonymsOfSubject(vault, db, s)) {
        erased += await countEntriesAboutSubject(db, pseudonym);
      }
      return { erased, kept: [] };
    },
    // The same for a batch: the pseudonyms looked up and their entries counted once for all.
    async eraseMany(db, erasures) {
      const people = await pseudonymsOfSubjects(
        vault,
        db,
        erasures.map((e) => e.subject),
      );
      const entries = await countEntriesAboutSubjects(db, people.flat());
      return people.map((pseudonyms) => ({
        erased: pseudonyms.reduce((n, p) => n + (entries.get(p) ?? 0), 0),
        kept: [],
      }));
    },
  };
}
