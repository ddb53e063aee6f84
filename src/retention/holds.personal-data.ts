/**
 * Legal holds in data-subject requests. Export: the holds on the customer (when placed, until
 * when, whether in force; the reason is staff's record of a legal claim and stays sealed, Art.
 * 17(3)(e), 23(1)(j)). Erasure keeps a hold: it exists for the establishment or defence of legal
 * claims, and ends with its date (then `retention.holds` deletes it after 12 months).
 */
import type { ExportSection, PersonalDataModule } from '../core/personal-data-registry.ts';
import { holdsOfCustomer } from './retention.repository.ts';

export function holdsPersonalData(): PersonalDataModule {
  return {
    name: 'retention_holds',
    tables: ['retention_holds'],
    categories: ['user.technical.logs'],
    async export(db, s): Promise<ExportSection> {
      if (!s.customerId) return {};
      const rows = await holdsOfCustomer(db, s.customerId);
      if (rows.length === 0) return {};
      return {
        'user.technical.logs': rows.map((r) => ({
          legalHold: true,
          placedAt: r.placed_at,
          until: r.until,
          releasedAt: r.released_at,
        })),
      };
    },
    async erase() {
      return { erased: 0, kept: [] };
    },
  };
}
