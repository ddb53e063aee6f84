import type { Generated } from 'kysely';

export type SubscriptionStatus = 'pending' | 'confirmed';

/** One address's subscription; `*_sealed` are vault ciphertexts under `id` (profile scope). */
export interface NewsletterSubscriptionsTable {
  id: string;
  customer_id: string | null;
  /** vault.blindIndex('newsletter', email): the lookup key. */
  email_index: string;
  /** vault.blindIndex('email', email): lets a data-subject request find a guest subscription. */
  account_index: string;
  email_sealed: string;
  phone_sealed: string | null;
  sms: Generated<boolean>;
  lang: string;
  /** The sign-up wording the person saw (not personal data). */
  consent_text: string;
  status: SubscriptionStatus;
  created_at: Generated<Date>;
  confirmed_at: Date | null;
  consent_record_id: string | null;
}

export interface NewsletterTokensTable {
  token_hash: string;
  subscription_id: string;
  expires_at: Date;
  used_at: Date | null;
}

/** After unsubscribe or erasure only the keyed hash of the address stays. */
export interface NewsletterSuppressionsTable {
  email_index: string;
  suppressed_at: Generated<Date>;
}

export interface NewsletterTables {
  newsletter_subscriptions: NewsletterSubscriptionsTable;
  newsletter_tokens: NewsletterTokensTable;
  newsletter_suppressions: NewsletterSuppressionsTable;
}

// Adds these tables to the database type the kit declares (src/kit/db/schema.ts).
declare module '../kit/db/schema.ts' {
  interface DB extends NewsletterTables {}
}
