/**
 * The development outbox: where mail goes when no SMTP server is configured, so the demo's
 * verification and reset links can be followed offline and staff can see what was sent.
 *
 * Why sealed and short-lived: a rendered message holds the customer's address and a working
 * link. The whole message is sealed by the vault under the recipient's *profile* key (erasing the
 * customer makes it unreadable, like every other profile field), and rows are purged after
 * `retentionMs` (7 days by default) before a new one is kept and before any is read (nothing
 * schedules a purge yet: `custodian outbox purge` does it from cron).
 */
import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../kit/db/schema.ts';
import { isErased, type Vault } from '../kit/vault/vault.ts';
import type { MailSink } from './mailer.ts';
import {
  findOutbox,
  insertOutbox,
  insertOutboxMany,
  listOutbox,
  purgeOutbox,
} from './outbox.repository.ts';

export interface OutboxEntry {
  id: string;
  customerId: string;
  template: string;
  createdAt: Date;
}

export interface OpenedOutboxMessage extends OutboxEntry {
  /** undefined when the customer's profile key was shredded. */
  message:
    { to: string; subject: string; text: string; headers?: Record<string, string> } | undefined;
}

export class OutboxService implements MailSink {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly vault: Vault,
    private readonly retentionMs = 7 * 24 * 60 * 60 * 1000,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async keep(mail: Parameters<MailSink['keep']>[0]): Promise<string> {
    // The caller's transaction when it gives one: on PGlite another connection would wait for it.
    const db = mail.db ?? this.db;
    await purgeOutbox(db, this.now());
    return this.keepIn(db, mail);
  }

  /**
   * {@link keep} for several messages (a batch of erasure confirmations), outside any caller's
   * transaction as `keep` without a `db`: expired rows purged once, every recipient's key made or
   * read in one statement, the rows inserted in one.
   */
  async keepMany(mails: Parameters<MailSink['keepMany']>[0]): Promise<string[]> {
    if (mails.length === 0) return [];
    await purgeOutbox(this.db, this.now());
    await this.vault.prepareSubjects(this.db, [...new Set(mails.map((m) => m.customerId))]);
    return this.keepManyIn(this.db, mails);
  }

  /**
   * Keeps a message inside the caller's transaction (a campaign writes its send record in the
   * same one, so a crash leaves both or neither). Purging is the caller's: `purgeExpired()`.
   */
  async keepIn(
    db: Kysely<DB> | Transaction<DB>,
    mail: Parameters<MailSink['keep']>[0],
  ): Promise<string> {
    const id = randomUUID();
    const now = this.now();
    const sealed = await this.vault.seal(
      db,
      mail.customerId,
      'profile',
      JSON.stringify(mail.message),
      'outbox_message',
    );
    await insertOutbox(db, {
      id,
      customer_id: mail.customerId,
      template: mail.template,
      message_sealed: sealed,
      created_at: now,
      expires_at: new Date(now.getTime() + this.retentionMs),
    });
    return id;
  }

  /**
   * Keeps many messages in one statement inside the caller's transaction (a campaign batch): the
   * same rows as {@link keepIn}, without a round trip per message.
   */
  async keepManyIn(
    db: Kysely<DB> | Transaction<DB>,
    mails: Parameters<MailSink['keep']>[0][],
  ): Promise<string[]> {
    const now = this.now();
    const expires = new Date(now.getTime() + this.retentionMs);
    const rows = [];
    for (const mail of mails)
      rows.push({
        id: randomUUID(),
        customer_id: mail.customerId,
        template: mail.template,
        message_sealed: await this.vault.seal(
          db,
          mail.customerId,
          'profile',
          JSON.stringify(mail.message),
          'outbox_message',
        ),
        created_at: now,
        expires_at: expires,
      });
    await insertOutboxMany(db, rows);
    return rows.map((r) => r.id);
  }

  /** Deletes the messages past their retention; every read and write does it first. */
  purgeExpired(): Promise<number> {
    return purgeOutbox(this.db, this.now());
  }

  /** Newest first, without contents (for a staff list). Never an expired message. */
  async list(limit = 50): Promise<OutboxEntry[]> {
    await this.purgeExpired();
    const rows = await listOutbox(this.db, limit);
    return rows.map((r) => ({
      id: r.id,
      customerId: r.customer_id,
      template: r.template,
      createdAt: r.created_at,
    }));
  }

  /** One message, opened. Callers that show it to staff must audit the read. */
  async open(id: string): Promise<OpenedOutboxMessage | undefined> {
    await this.purgeExpired();
    const row = await findOutbox(this.db, id);
    if (!row) return undefined;
    const plain = await this.vault.open(
      this.db,
      row.customer_id,
      'profile',
      row.message_sealed,
      'outbox_message',
    );
    return {
      id: row.id,
      customerId: row.customer_id,
      template: row.template,
      createdAt: row.created_at,
      message: isErased(plain)
        ? undefined
        : (JSON.parse(plain) as NonNullable<OpenedOutboxMessage['message']>),
    };
  }

  /** The newest message to a customer (development: follow the demo's links). */
  async latestFor(customerId: string): Promise<OpenedOutboxMessage | undefined> {
    const entry = (await this.list(200)).find((e) => e.customerId === customerId);
    return entry ? this.open(entry.id) : undefined;
  }
}
