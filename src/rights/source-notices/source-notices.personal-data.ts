/**
 * The record of Art. 14 notices as a personal-data module.
 *
 * Export (Art. 15): each notice owed or given, by source, with when the data arrived, the date
 * the notice was due by, when it was sent and to which address, under {@link NOTICES_KEY}: it is
 * a record about the person's data, not a manifest category, so summary.html shows it in its
 * own section (src/rights/engine/access-summary.tsx) rather than among the categories.
 *
 * Erasure: the rows are deleted (the address with them); nothing is kept.
 */
import type { ExportSection, PersonalDataModule } from '../../core/personal-data-registry.ts';
import { isThirdPartySource } from '../../core/third-party-data.ts';
import { isErased, type Vault } from '../../kit/vault/vault.ts';
import { deleteOutboxOf } from '../../notify/outbox.repository.ts';
import { sourceNames } from './source-notice-content.ts';
import { deleteNotices, noticesOf } from './source-notices.repository.ts';

/** The export's key for the notices (data.json, csv/, summary.html). */
export const NOTICES_KEY = 'art14_notices';

export function sourceNoticesPersonalData(vault: Vault): PersonalDataModule {
  return {
    name: 'source_notices',
    tables: ['source_notices'],
    categories: [],
    async export(db, s): Promise<ExportSection> {
      const rows = await noticesOf(db, s);
      if (rows.length === 0) return {};
      const out = [];
      for (const r of rows) {
        const to = r.recipient_sealed
          ? await vault.open(db, r.subject_id, 'profile', r.recipient_sealed, 'source_notice_to')
          : undefined;
        out.push({
          source: r.source,
          sourceName: isThirdPartySource(r.source) ? sourceNames[r.source] : r.source,
          receivedAt: r.received_at,
          dueBy: r.due_at,
          sentAt: r.sent_at,
          sentTo: to === undefined || isErased(to) ? null : to,
          language: r.lang,
        });
      }
      return { [NOTICES_KEY]: out };
    },
    async erase(db, s) {
      const rows = await noticesOf(db, s);
      let erased = await deleteNotices(
        db,
        rows.map((r) => r.id),
      );
      // The notice mail kept in the outbox under a guest's subject (a declined credit decision
      // leaves no order whose eraser would find it); a customer's go with the account.
      for (const subjectId of new Set(rows.map((r) => r.subject_id))) {
        if (subjectId !== s.customerId) erased += await deleteOutboxOf(db, subjectId);
      }
      return { erased, kept: [] };
    },
  };
}
