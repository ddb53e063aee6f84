/**
 * Who was sent which campaign is a send log (`system_logs`, 12 months from the send). Its
 * `outcome` says whether consent was in force at that moment (`user.consent`); the consent
 * itself is proven by the consent ledger, kept under its own rule (`consent_proof`).
 */
import { censusFrom, dueFrom } from '../core/retention-source.ts';
import type { RetentionSweep } from '../core/retention-sweeps.ts';
import {
  campaignSendSource,
  deleteCampaignSends,
  deleteDueCampaignSends,
} from './campaigns-retention.repository.ts';

export function campaignsRetention(): RetentionSweep[] {
  return [
    {
      name: 'campaigns.sends',
      rule: 'system_logs',
      anchor: 'collected',
      action: 'delete',
      tables: ['campaign_sends'],
      categories: ['user.technical.logs', 'user.consent'],
      due: (db, w, limit) => dueFrom(db, campaignSendSource(w.holds), w.before, limit),
      end: (db, ids) => deleteCampaignSends(db, ids),
      endDueSql: (w, limit) => deleteDueCampaignSends(w.before, w.holds, limit),
      census: (db, w) => censusFrom(db, campaignSendSource(w.holds), w.before),
    },
  ];
}
