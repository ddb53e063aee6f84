/**
 * Browsing events in data-subject requests. A customer's events are under their vault pseudonym:
 * export lists them; erasure deletes them (the disclosures module then erases the pseudonym link,
 * so anything recorded under it elsewhere becomes anonymous). A visitor's `hs_vid` events are not
 * linked to a person.
 */
import type { ExportSection, PersonalDataModule } from '../core/personal-data-registry.ts';
import type { Vault } from '../kit/vault/vault.ts';
import { deleteEventsOf, deleteEventsOfMany, eventsOf } from './browsing.repository.ts';

export function browsingPersonalData(vault: Vault): PersonalDataModule {
  return {
    name: 'browsing',
    tables: ['browsing_events'],
    categories: ['user.browsing', 'user.recommendation'],
    async export(db, s): Promise<ExportSection> {
      const pseudonym = s.customerId && (await vault.existingPseudonym(db, s.customerId));
      if (!pseudonym) return {};
      const events = await eventsOf(db, pseudonym);
      if (events.length === 0) return {};
      return {
        'user.browsing': events.map((e) => ({
          event: e.event,
          path: e.path,
          product: e.product_id,
          search: e.search,
          at: e.occurred_at,
        })),
      };
    },
    // A hold on the customer keeps this as it keeps it from the sweeps (Art. 17(3)(e)).
    keptUnderCustomerHold: true,
    async erase(db, s) {
      const pseudonym = s.customerId && (await vault.existingPseudonym(db, s.customerId));
      if (!s.customerId || !pseudonym) return { erased: 0, kept: [] };
      // The link itself is the disclosures module's to erase, after this step: unlinking is
      // written to the shred ledger before the commit, so a crash here would leave the events
      // with the link already gone at restart, and nothing left to find them by.
      return { erased: await deleteEventsOf(db, pseudonym), kept: [] };
    },
    // The same for a batch: the pseudonyms read and the events deleted once for all.
    async eraseMany(db, erasures) {
      const pseudonyms = await vault.existingPseudonyms(
        db,
        erasures.flatMap((e) => (e.subject.customerId ? [e.subject.customerId] : [])),
      );
      const deleted = await deleteEventsOfMany(db, [...pseudonyms.values()]);
      return erasures.map(({ subject: { customerId: id } }) => {
        const pseudonym = id ? pseudonyms.get(id) : undefined;
        return { erased: pseudonym ? (deleted.get(pseudonym) ?? 0) : 0, kept: [] };
      });
    },
  };
}
