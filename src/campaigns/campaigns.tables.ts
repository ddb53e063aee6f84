import type { Generated } from 'kysely';

export type CampaignChannel = 'newsletter';
export type CampaignStatus = 'draft' | 'sending' | 'sent';

/** A campaign: its text in each language (not personal data) and where its sending stands. */
export interface CampaignsTable {
  id: string;
  channel: CampaignChannel;
  subject_en: string;
  subject_fi: string;
  subject_sv: string;
  body_en: string;
  body_fi: string;
  body_sv: string;
  status: CampaignStatus;
  /** How many subscriptions were on the list when sending started: the progress bar's 100 %. */
  audience: number | null;
  created_at: Generated<Date>;
  started_at: Date | null;
  finished_at: Date | null;
}

/**
 * What happened to one subscription in one campaign, under its pseudonym (the subscription id,
 * the consent ledger's visitor id), never the address. The primary key (campaign, subscription)
 * is what makes a resumed send skip everyone already handled.
 *
 * - `sent`: the message was committed to the outbox in the same transaction as this row;
 * - `claimed`: over SMTP, the row committed before the message was handed over; a crash before
 *   `sent` leaves it claimed and it is never sent again (at most once);
 * - `skipped`: on the list but without consent in force (withdrawn, restricted, objecting,
 *   erased) when its turn came.
 */
export interface CampaignSendsTable {
  campaign_id: string;
  subscription_id: string;
  /** Copied from the subscription, so a data-subject request finds these rows by itself. */
  customer_id: string | null;
  account_index: string | null;
  outcome: 'sent' | 'claimed' | 'skipped';
  lang: string;
  at: Date;
}

export interface CampaignsTables {
  campaigns: CampaignsTable;
  campaign_sends: CampaignSendsTable;
}

// Adds these tables to the database type the kit declares (src/kit/db/schema.ts).
declare module '../kit/db/schema.ts' {
  interface DB extends CampaignsTables {}
}
