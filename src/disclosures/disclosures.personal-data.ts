/**
 * The disclosure log's part of data-subject requests (src/rights).
 *
 * The log (`disclosures`) names its subject by vault pseudonym only and holds no payload: which
 * recipient received which field names and categories, for which purpose, when, and whether the
 * hand-off succeeded. A person's pseudonyms are those of their account and of the vault subjects
 * of their guest orders and credit decisions (`guest_…`), found through `vault_pseudonyms`.
 *
 * Export (Art. 15(1)(c)): every disclosure under any of those pseudonyms.
 *
 * Erasure: the log rows stay, as the accountability record of what was handed to whom (Art. 5(2),
 * 30), and every pseudonym link of the person is erased (`vault.unlinkPseudonym`, recorded in the
 * shred ledger so a restored backup loses it again): the rows then lead to nobody. The Art. 19
 * recipients were read by the request's `plan` step before this runs.
 */
import {
  creditDecisionsOf,
  ordersOfSubject,
  recordSubjectsOf,
} from '../orders/orders.repository.ts';
import {
  erasedInTurn,
  type Executor,
  type ExportSection,
  type PersonalDataModule,
  type SubjectRef,
} from '../core/personal-data-registry.ts';
import type { Vault } from '../kit/vault/vault.ts';
import { countDisclosuresBySubjects, findDisclosuresBySubject } from './disclosures.repository.ts';

/** Every vault subject the person is known by: the account, and their orders' guest subjects. */
async function subjectIdsOf(db: Executor, s: SubjectRef): Promise<string[]> {
  const ids = new Set<string>(s.customerId ? [s.customerId] : []);
  for (const o of await ordersOfSubject(db, s)) ids.add(o.subject_id);
  for (const d of await creditDecisionsOf(db, s)) ids.add(d.subject_id);
  return [...ids].sort();
}

/** The person's existing pseudonyms (never creates one): for the log and for Art. 19. */
export async function pseudonymsOfSubject(
  vault: Pick<Vault, 'existingPseudonym'>,
  db: Executor,
  s: SubjectRef,
): Promise<string[]> {
  const pseudonyms: string[] = [];
  for (const id of await subjectIdsOf(db, s)) {
    const p = await vault.existingPseudonym(db, id);
    if (p) pseudonyms.push(p);
  }
  return pseudonyms;
}

/**
 * {@link subjectIdsOf} for several people, in three statements for all (their orders', their
 * credit decisions' and the pseudonym links'): for each person, their vault subjects in id order,
 * each with its pseudonym if it has one (never creates one).
 */
export async function subjectsOfMany(
  vault: Pick<Vault, 'existingPseudonyms'>,
  db: Executor,
  people: readonly SubjectRef[],
): Promise<{ id: string; pseudonym: string | undefined }[][]> {
  const ids = await recordSubjectsOf(db, people);
  people.forEach((s, i) => {
    if (s.customerId) ids[i]!.add(s.customerId);
  });
  const pseudonyms = await vault.existingPseudonyms(
    db,
    ids.flatMap((set) => [...set]),
  );
  return ids.map((set) => [...set].sort().map((id) => ({ id, pseudonym: pseudonyms.get(id) })));
}

/** {@link pseudonymsOfSubject} for several people, in three statements for all. */
export async function pseudonymsOfSubjects(
  vault: Pick<Vault, 'existingPseudonyms'>,
  db: Executor,
  people: readonly SubjectRef[],
): Promise<string[][]> {
  return (await subjectsOfMany(vault, db, people)).map((subjects) =>
    subjects.flatMap((s) => (s.pseudonym ? [s.pseudonym] : [])),
  );
}

export function disclosuresPersonalData(
  vault: Pick<
    Vault,
    'existingPseudonym' | 'existingPseudonyms' | 'unlinkPseudonym' | 'unlinkPseudonyms'
  >,
): PersonalDataModule {
  return {
    name: 'disclosures',
    // Browsing events, breach notices and the audit log are found by the links it unlinks.
    erasesLinks: true,
    tables: ['disclosures', 'vault_pseudonyms'],
    categories: ['user.recommendation'],
    // The log is a record of processing, not a category of the person's data: the access
    // package carries it itself (data.json's top-level `disclosures`, and summary.html's
    // recipients, Art. 15(1)(c)); portability (Art. 20) leaves it out.
    async export(): Promise<ExportSection> {
      return {};
    },
    // A hold on the customer keeps the pseudonym links too, as it keeps the log from the sweep.
    keptUnderCustomerHold: true,
    async erase(db, s, plan) {
      let erased = 0;
      let held = false;
      for (const id of await subjectIdsOf(db, s)) {
        // The buyer of an order a legal hold names stays identifiable until it ends.
        if (plan.held?.subjectIds.includes(id)) {
          held = true;
          continue;
        }
        const pseudonym = await vault.existingPseudonym(db, id);
        if (!pseudonym) continue;
        erased += (await findDisclosuresBySubject(db, pseudonym)).length;
        await vault.unlinkPseudonym(db, id);
      }
      return { erased, kept: [], ...(held ? { held } : {}) };
    },
    // The same for a batch (never under a hold): the links looked up, the log rows counted and
    // the links unlinked in one statement each for all.
    async eraseMany(db, erasures) {
      const people = await subjectsOfMany(
        vault,
        db,
        erasures.map((e) => e.subject),
      );
      const pseudonyms = people.flatMap((p) => p.flatMap((s) => s.pseudonym ?? []));
      const logged = await countDisclosuresBySubjects(db, pseudonyms);
      await vault.unlinkPseudonyms(
        db,
        people.flatMap((p) => p.filter((s) => s.pseudonym).map((s) => s.id)),
      );
      const linked = people.map((p) => p.flatMap((s) => s.pseudonym ?? []));
      return erasedInTurn(linked, logged).map((erased) => ({ erased, kept: [] }));
    },
  };
}
