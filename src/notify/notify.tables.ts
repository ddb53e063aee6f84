import type { Generated } from 'kysely';

/** The development outbox (see mailer.ts): sealed messages that expire. */
export interface NotifyOutboxTable {
  id: string;
  customer_id: string;
  template: string;
  message_sealed: string;
  created_at: Date;
  expires_at: Date;
}

/** Addresses (by blind index) mail to which bounced: bulk notices skip them. */
export interface MailBouncesTable {
  email_index: string;
  bounced_at: Generated<Date>;
}

export interface NotifyTables {
  notify_outbox: NotifyOutboxTable;
  mail_bounces: MailBouncesTable;
}

// Adds these tables to the database type the kit declares (src/kit/db/schema.ts).
declare module '../kit/db/schema.ts' {
  interface DB extends NotifyTables {}
}
