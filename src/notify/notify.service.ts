/** Builds the mail services: the SMTP mailer, or the sealed dev outbox when SMTP_URL is unset. */
import type { Config } from '../kit/config.ts';
import type { Database } from '../kit/db/database.ts';
import type { Logger } from '../kit/log.ts';
import type { Vault } from '../kit/vault/vault.ts';
import { createMailer, type Mailer } from './mailer.ts';
import { OutboxService } from './outbox.service.ts';

export interface NotifyServices {
  mailer: Mailer;
  /** Mail kept instead of sent (no SMTP_URL); staff pages read it from here. */
  outbox: OutboxService;
}

export function createNotifyServices(
  config: Config,
  log: Logger,
  database: Database,
  vault: Vault,
): NotifyServices {
  const outbox = new OutboxService(database.db, vault);
  const mailer = createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom, log, outbox });
  return { mailer, outbox };
}
