/**
 * The record of Art. 14 notices as a personal-data module.
 *
 * Access (Art. 15): each notice owed or given, by source, with when the data arrived, the date
 * the notice was due by, when it was sent and to which address ({@link sourceNoticeLog}).
 *
 * Erasure: the rows are deleted (the address with them); nothing is kept.
 */
import {
  eraseWhereFound,
  type Executor,
  type ExportSection,
  type PersonalDataModule,
  type SubjectRef,
} from '../../core/personal-data-registry.ts';
import { isThirdPartySource } from '../../core/third-party-data.ts';
import { isErased, type Vault } from '../../kit/vault/vault.ts';
import { deleteOutboxOf } from '../../notify/outbox.repository.ts';
import { sourceNames } from './source-notice-content.ts';
import { deleteNotices, haveNotices, noticesOf } from './source-notices.repository.ts';

/** One Art. 14 notice in the person's data copy (data.json `sourceNotices`, summary.html). */
export interface SourceNoticeRecord {
  source: string;
  sourceName: string;
  receivedAt: string;
  dueBy: string;
  sentAt: string | null;
  sentTo: string | null;
  language: string;
}

/** The person's notices, oldest first, for the access package. */
export function sourceNoticeLog(vault: Vault) {
  return async (db: Executor, s: SubjectRef): Promise<SourceNoticeRecord[]> => {
    const out: SourceNoticeRecord[] = [];
    for (const r of await noticesOf(db, s)) {
      const to = r.recipient_sealed
        ? await vault.open(db, r.subject_id, 'profile', r.recipient_sealed, 'source_notice_to')
        : undefined;
      out.push({
        source: r.source,
        sourceName: isThirdPartySource(r.source) ? sourceNames[r.source] : r.source,
        receivedAt: r.received_at.toISOString(),
        dueBy: r.due_at.toISOString(),
        sentAt: r.sent_at ? r.sent_at.toISOString() : null,
        sentTo: to === undefined || isErased(to) ? null : to,
        language: r.lang,
      });
    }
    return out;
  };
}

export function sourceNoticesPersonalData(): PersonalDataModule {
  return {
    name: 'source_notices',
    tables: ['source_notices'],
    categories: [],
    // A record of what we told the person, not a category of their data: the access package
    // carries it itself (data.json's `sourceNotices`, summary.html's own section, from
    // `sourceNoticeLog`), as it does the disclosure and audit logs; portability leaves it out.
    async export(): Promise<ExportSection> {
      return {};
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
    // A batch: those without a notice (found in one statement for all) have nothing here.
    eraseMany(db, erasures) {
      return eraseWhereFound(this.erase.bind(this), db, erasures, (found) =>
        haveNotices(
          db,
          found.map((e) => e.subject),
        ),
      );
    },
  };
}
