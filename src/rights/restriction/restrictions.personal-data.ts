/**
 * Restriction of processing (Art. 18) as a personal-data module. Its `restrict` hook records that
 * the customer's data is only stored (once: a second restriction request while one holds changes
 * nothing); from then on {@link ProcessingStops} makes the consent gate and the disclosure gate
 * refuse. The export shows every restriction and its lifting; erasure deletes them.
 */
import type { ExportSection, PersonalDataModule } from '../../core/personal-data-registry.ts';
import type { ProcessingStops } from './processing-stops.ts';
import {
  deleteRestrictionsOf,
  deleteRestrictionsOfMany,
  insertRestriction,
  listRestrictionsOf,
} from './restrictions.repository.ts';

export function restrictionsPersonalData(
  stops: Pick<ProcessingStops, 'invalidate'>,
  now: () => Date = () => new Date(),
): PersonalDataModule {
  return {
    name: 'restrictions',
    tables: ['processing_restrictions'],
    categories: ['user.account'],
    async export(db, s): Promise<ExportSection> {
      if (!s.customerId) return {};
      const rows = await listRestrictionsOf(db, s.customerId);
      if (rows.length === 0) return {};
      return {
        'user.account': rows.map((r) => ({
          processingRestrictedSince: r.since.toISOString(),
          liftNoticeSentAt: r.lift_notice_sent_at?.toISOString() ?? null,
          liftedAt: r.lifted_at?.toISOString() ?? null,
          requestId: r.request_id,
        })),
      };
    },
    async erase(db, s) {
      if (!s.customerId) return { erased: 0, kept: [] };
      const customerId = s.customerId;
      const erased = await deleteRestrictionsOf(db, customerId);
      stops.invalidate(customerId);
      return { erased, kept: [] };
    },
    // The same for a batch: one delete for all.
    async eraseMany(db, erasures) {
      const ids = erasures.flatMap((e) => (e.subject.customerId ? [e.subject.customerId] : []));
      const deleted = await deleteRestrictionsOfMany(db, ids);
      for (const id of ids) stops.invalidate(id);
      return erasures.map((e) => ({
        erased: e.subject.customerId ? (deleted.get(e.subject.customerId) ?? 0) : 0,
        kept: [],
      }));
    },
    async restrict(db, s, context) {
      // An email-only requester has no account whose processing could be restricted here.
      if (!s.customerId) return;
      const customerId = s.customerId;
      await insertRestriction(db, { customerId, requestId: context.requestId, since: now() });
      stops.invalidate(customerId);
      context.afterCommit(() => stops.invalidate(customerId));
    },
  };
}
