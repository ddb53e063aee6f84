/**
 * The breach notices' part of data-subject requests (src/rights). A notice names its person by
 * vault pseudonym only. Export (Art. 15): the breaches the person was told about, and when.
 * Erasure: the person's notices go; the breach stays in the register with its count of people
 * told, which names nobody.
 */
import {
  erasedInTurn,
  type ExportSection,
  type PersonalDataModule,
} from '../core/personal-data-registry.ts';
import {
  deleteNoticesOf,
  deleteNoticesOfMany,
  noticesOfPseudonyms,
} from './breaches.repository.ts';

export function breachNoticesPersonalData(
  pseudonymsOf: PseudonymsOf,
  pseudonymsOfMany?: PseudonymsOfMany,
): PersonalDataModule {
  return {
    name: 'breach_notices',
    tables: ['breach_notices'],
    categories: ['user.technical.logs'],
    async export(db, s): Promise<ExportSection> {
      const notices = await noticesOfPseudonyms(db, await pseudonymsOf(db, s));
      if (notices.length === 0) return {};
      return {
        'user.technical.logs': notices.map((n) => ({
          record: 'breach_notice',
          breach: n.breach_id,
          status: n.status,
          at: n.at.toISOString(),
        })),
      };
    },
    async erase(db, s) {
      const erased = await deleteNoticesOf(db, await pseudonymsOf(db, s));
      return { erased, kept: [] };
    },
    // The same for a batch: the pseudonyms looked up and the notices deleted once for all.
    ...(pseudonymsOfMany && {
      async eraseMany(db, erasures) {
        const people = await pseudonymsOfMany(
          db,
          erasures.map((e) => e.subject),
        );
        const deleted = await deleteNoticesOfMany(db, people.flat());
        return erasedInTurn(people, deleted).map((erased) => ({ erased, kept: [] }));
      },
    }),
  };
}

/** The person's existing pseudonyms (src/disclosures/disclosures.personal-data.ts). */
export type PseudonymsOf = (
  db: Parameters<PersonalDataModule['export']>[0],
  s: Parameters<PersonalDataModule['export']>[1],
) => Promise<string[]>;

/** {@link PseudonymsOf} for several people at once: each one's, in order. */
export type PseudonymsOfMany = (
  db: Parameters<PersonalDataModule['export']>[0],
  people: readonly Parameters<PersonalDataModule['export']>[1][],
) => Promise<string[][]>;
