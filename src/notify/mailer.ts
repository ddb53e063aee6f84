/**
 * Outgoing email. With SMTP_URL set, messages go out through nodemailer and nothing of them is
 * kept. Without it (development, demo), they go to the outbox (`outbox.service.ts`), where the
 * rendered message is stored sealed by the vault under the recipient's profile key and purged
 * after a week, so staff can read it meanwhile and erasure of the customer makes it unreadable.
 * Logs carry only the message id, the template and the customer id — never the address or text.
 */
import type { Kysely } from 'kysely';
import nodemailer, { type Transporter } from 'nodemailer';
import type { DB } from '../kit/db/schema.ts';
import type { Logger } from '../kit/log.ts';
import type { Lang } from '../kit/web/i18n.ts';
import { renderMessage, type TemplateKey, type Vars } from './templates.ts';

export interface OutgoingMail {
  /** The customer the message is about: the outbox seals under their key. */
  customerId: string;
  to: string;
  template: TemplateKey;
  lang: Lang;
  vars?: Vars;
  /** Extra headers, e.g. the newsletter's List-Unsubscribe (RFC 8058). */
  headers?: Record<string, string>;
  /**
   * The transaction that records why the mail goes (e.g. a policy notice): the outbox keeps the
   * message in it, so the record and the message commit together or not at all. SMTP cannot
   * take part in a transaction: a crash between its accept and the commit sends it again.
   */
  db?: Kysely<DB> | undefined;
}

export interface SentMail {
  id: string;
  via: 'smtp' | 'outbox';
}

/** Where messages go when there is no SMTP server (see outbox.service.ts). */
export interface MailSink {
  keep(mail: {
    customerId: string;
    template: TemplateKey;
    message: { to: string; subject: string; text: string; headers?: Record<string, string> };
    db?: Kysely<DB> | undefined;
  }): Promise<string>;
  /** {@link keep} for several messages in one transaction of its own (no caller's `db`). */
  keepMany(
    mails: {
      customerId: string;
      template: TemplateKey;
      message: { to: string; subject: string; text: string; headers?: Record<string, string> };
    }[],
  ): Promise<string[]>;
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<SentMail>;
  /**
   * Several mails outside any transaction of the caller's (a batch of erasure confirmations):
   * over SMTP one by one; in the outbox together, in one transaction and a constant number of
   * statements. One result per mail, in order.
   */
  sendMany(mails: Omit<OutgoingMail, 'db'>[]): Promise<SentMail[]>;
  /** True when every mail sent over SMTP carries a DKIM signature. */
  readonly dkimSigned: boolean;
}

/** A DKIM key: mail is signed as `d=domain; s=selector` (docs/mail.md has the DNS record). */
export interface DkimKey {
  domainName: string;
  keySelector: string;
  privateKey: string;
}

/**
 * The headers the signature covers: nodemailer's list, plus RFC 8058's List-Unsubscribe-Post,
 * which a receiver honours for one-click unsubscribe only when the signature covers it (§3).
 */
export const SIGNED_HEADERS =
  'From:Sender:Reply-To:Subject:Date:Message-ID:To:Cc:MIME-Version:Content-Type:' +
  'Content-Transfer-Encoding:In-Reply-To:References:List-Id:List-Unsubscribe:List-Unsubscribe-Post';

export function createMailer(options: {
  smtpUrl: string | undefined;
  from: string;
  log: Logger;
  outbox: MailSink;
  dkim?: DkimKey | undefined;
}): Mailer {
  const { log, outbox, from, dkim } = options;
  const transport: Transporter | undefined = options.smtpUrl
    ? nodemailer.createTransport(
        options.smtpUrl,
        dkim ? { dkim: { ...dkim, headerFieldNames: SIGNED_HEADERS } } : {},
      )
    : undefined;
  const send = async (mail: OutgoingMail): Promise<SentMail> => {
    if (transport) {
      const { subject, text } = renderMessage(mail.template, mail.lang, mail.vars);
      const info = (await transport.sendMail({
        from,
        to: mail.to,
        subject,
        text,
        ...(mail.headers ? { headers: mail.headers } : {}),
      })) as {
        messageId: string;
      };
      // Not the subject's id: a log line outlives the person's erasure.
      log.info({ mailId: info.messageId, template: mail.template }, 'mail sent');
      return { id: info.messageId, via: 'smtp' };
    }
    const id = await outbox.keep({ ...kept(mail), db: mail.db });
    // Not the subject's id: a log line outlives the erasure that deletes the outbox row.
    log.info({ mailId: id, template: mail.template }, 'mail kept in outbox');
    return { id, via: 'outbox' };
  };
  return {
    dkimSigned: transport !== undefined && dkim !== undefined,
    send,
    async sendMany(mails) {
      if (transport) {
        const sent: SentMail[] = [];
        for (const mail of mails) sent.push(await send(mail));
        return sent;
      }
      const ids = await outbox.keepMany(mails.map(kept));
      ids.forEach((id, i) =>
        log.info({ mailId: id, template: mails[i]!.template }, 'mail kept in outbox'),
      );
      return ids.map((id) => ({ id, via: 'outbox' as const }));
    },
  };
}

/** The outbox's copy of a mail: rendered, under the customer it is about. */
function kept(mail: Omit<OutgoingMail, 'db'>) {
  const { subject, text } = renderMessage(mail.template, mail.lang, mail.vars);
  return {
    customerId: mail.customerId,
    template: mail.template,
    message: { to: mail.to, subject, text, ...(mail.headers ? { headers: mail.headers } : {}) },
  };
}
