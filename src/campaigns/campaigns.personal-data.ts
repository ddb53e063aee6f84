/**
 * Campaigns' part of data-subject requests: which campaign went (or was skipped) to which of the
 * person's subscriptions, and when. Found by account or by the email blind index copied onto each
 * row, so it works whether or not the newsletter's own eraser ran first. Erasure deletes them.
 */
import type { ExportSection, PersonalDataModule } from '../core/personal-data-registry.ts';
import {
  deleteSendsOfSubject,
  deleteSendsOfSubjects,
  sendsOfSubject,
} from './campaigns.repository.ts';

export function campaignsPersonalData(): PersonalDataModule {
  return {
    name: 'campaigns',
    tables: ['campaign_sends'],
    categories: ['user.consent'],
    async export(db, s): Promise<ExportSection> {
      const rows = await sendsOfSubject(db, s);
      if (rows.length === 0) return {};
      return {
        'user.consent': rows.map((r) => ({
          campaign: r.subject_en,
          campaignId: r.campaign_id,
          outcome: r.outcome,
          language: r.lang,
          at: r.at,
        })),
      };
    },
    async erase(db, s) {
      return { erased: await deleteSendsOfSubject(db, s), kept: [] };
    },
    // The same for a batch: one delete for all.
    async eraseMany(db, erasures) {
      const counts = await deleteSendsOfSubjects(
        db,
        erasures.map((e) => e.subject),
      );
      return counts.map((erased) => ({ erased, kept: [] }));
    },
  };
}
