/** Builds the mail services: the SMTP mailer, or the sealed dev outbox when SMTP_URL is unset. */
import { readFileSync } from 'node:fs';
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
  const mailer = createMailer({
    smtpUrl: config.smtpUrl,
    from: config.mailFrom,
    log,
    outbox,
    dkim: config.dkim && {
      domainName: config.dkim.domain ?? senderDomain(config.mailFrom),
      keySelector: config.dkim.selector,
      privateKey: readFileSync(config.dkim.keyFile, 'utf8'),
    },
  });
  return { mailer, outbox };
}

/** `no-reply@hersecret.se` of `HerSecret <no-reply@hersecret.se>`: the domain mail is signed as. */
export function senderDomain(from: string): string {
  const address = /<([^>]+)>/.exec(from)?.[1] ?? from;
  return address
    .slice(address.lastIndexOf('@') + 1)
    .trim()
    .toLowerCase();
}
