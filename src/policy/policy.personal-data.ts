/**
 * The notices of policy changes a customer was sent (`policy_notices`) and the bounce list
 * (`mail_bounces`, by the address's blind index). Export: which versions the customer was told
 * of, when, in which language. Erasure deletes both: after it there is no one to notify, and a
 * notice record kept under the customer's id would keep the id alive.
 */
import type { ExportSection, PersonalDataModule } from '../core/personal-data-registry.ts';
import { deleteBounce, deleteBouncesOf } from '../notify/bounces.repository.ts';
import { deleteNoticesOf, deleteNoticesOfMany, noticesOf } from './policy-notices.repository.ts';

export function policyNoticesPersonalData(): PersonalDataModule {
  return {
    name: 'policy_notices',
    tables: ['policy_notices', 'mail_bounces'],
    categories: ['user.account'],
    async export(db, s): Promise<ExportSection> {
      if (!s.customerId) return {};
      const rows = await noticesOf(db, s.customerId);
      if (rows.length === 0) return {};
      return {
        'user.account': rows.map((r) => ({
          policyChangeNotice: r.policyVersion,
          outcome: r.outcome,
          language: r.lang,
          recordedAt: r.recordedAt,
        })),
      };
    },
    async erase(db, s) {
      let erased = 0;
      if (s.customerId) erased += await deleteNoticesOf(db, s.customerId);
      if (s.emailIndex) erased += await deleteBounce(db, s.emailIndex);
      return { erased, kept: [] };
    },
    // The same for a batch: one delete of each table for all.
    async eraseMany(db, erasures) {
      const notices = await deleteNoticesOfMany(
        db,
        erasures.flatMap((e) => (e.subject.customerId ? [e.subject.customerId] : [])),
      );
      const bounces = await deleteBouncesOf(
        db,
        erasures.flatMap((e) => (e.subject.emailIndex ? [e.subject.emailIndex] : [])),
      );
      return erasures.map(({ subject: s }) => ({
        erased:
          (s.customerId ? (notices.get(s.customerId) ?? 0) : 0) +
          (s.emailIndex ? (bounces.get(s.emailIndex) ?? 0) : 0),
        kept: [],
      }));
    },
  };
}
