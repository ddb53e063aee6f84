/**
 * The newsletter ("new products and sale offers") and the separate SMS-marketing opt-in.
 *
 * - Sign-up is double opt-in: the address gets a link whose token is stored only hashed and
 *   expires; confirming records the consent in the consent ledger (channel `newsletter`, and
 *   `sms` when the person also ticked that box) and keeps the wording they saw.
 * - The address and phone are sealed by the vault under the subscription's own id and found by
 *   the `newsletter` blind index, so erasing a subscription is shredding one key.
 * - Every newsletter carries a one-click unsubscribe (RFC 8058). Unsubscribing records a
 *   withdrawal, deletes the subscription, shreds its key and keeps only a suppression: the keyed
 *   hash of the address.
 * - `sendNewsletter` sends only where `allows(subject, 'newsletter')` holds at sending time.
 *
 * @example
 *   await newsletter.subscribe({ email, lang: 'fi', phone: null, customerId: undefined });
 *   await newsletter.confirm(tokenFromTheLink);
 *   await newsletter.sendNewsletter({ en: 'New this week…', fi: '…', sv: '…' });
 */
import { randomUUID, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { ConsentService } from '../consent/consent.service.ts';
import type { ConsentSubject } from '../consent/consent.ts';
import { hashSecret, isWellFormedSecret, newSecret } from '../customers/secret-token.ts';
import type { DB } from '../kit/db/schema.ts';
import { DomainError, ValidationError } from '../kit/errors.ts';
import type { Logger } from '../kit/log.ts';
import type { Mailer } from '../notify/mailer.ts';
import { deleteOutboxOf } from '../notify/outbox.repository.ts';
import { isErased, normaliseEmail, type Vault } from '../kit/vault/vault.ts';
import { isLang, type Lang } from '../kit/web/i18n.ts';
import * as repo from './newsletter.repository.ts';

export interface NewsletterDeps {
  db: Kysely<DB>;
  vault: Vault;
  consent: Pick<ConsentService, 'record' | 'allows'>;
  mailer: Mailer;
  log: Logger;
  publicUrl: string;
  mailFrom: string;
  policyVersion: () => Promise<number>;
  confirmMinutes?: number;
  now?: () => Date;
  /** In production a newsletter goes out only DKIM-signed (mailbox providers require it). */
  production?: boolean;
}

export class UnsignedNewsletterError extends DomainError {
  constructor() {
    super(
      'conflict',
      'Newsletters are not sent in production without DKIM: set DKIM_PRIVATE_KEY_FILE and DKIM_SELECTOR.',
    );
  }
}

export interface SignUp {
  email: string;
  lang: Lang;
  /** Only with the separate SMS opt-in ticked. */
  phone: string | null;
  /** The wording of the form the person submitted (kept as part of the proof). */
  consentText: string;
  customerId?: string | undefined;
}

export class InvalidLinkError extends DomainError {
  constructor() {
    super('bad_request', 'This link is not valid: it was already used, has expired or is wrong.');
  }
}

const email = /^[^\s@]{1,64}@[^\s@]{1,255}\.[^\s@]{2,}$/;

export class NewsletterService {
  readonly #d: NewsletterDeps;
  readonly #minutes: number;

  constructor(deps: NewsletterDeps) {
    this.#d = deps;
    this.#minutes = deps.confirmMinutes ?? 24 * 60;
  }

  #now(): Date {
    return this.#d.now?.() ?? new Date();
  }

  /** Sends the confirmation link. The same outcome whether or not the address is known. */
  async subscribe(input: SignUp): Promise<void> {
    const address = normaliseEmail(input.email);
    if (!email.test(address) || address.length > 254) {
      throw new ValidationError('Enter a valid email address.', { email: 'not a valid address' });
    }
    const { db, vault } = this.#d;
    const index = vault.blindIndex('newsletter', address);
    const existing = await repo.findByEmailIndex(db, index);
    // Already confirmed: nothing to do, and the answer must not reveal it.
    if (existing?.status === 'confirmed') return;
    const id = existing?.id ?? randomUUID();
    const sealed = await vault.sealMany(db, id, 'profile', {
      email: address,
      phone: input.phone,
    });
    const values = {
      email_sealed: sealed.email!,
      phone_sealed: sealed.phone,
      sms: input.phone !== null,
      lang: input.lang,
      consent_text: input.consentText,
      customer_id: input.customerId ?? null,
    };
    if (existing) await repo.replacePending(db, id, values);
    else {
      await repo.insertSubscription(db, {
        id,
        email_index: index,
        account_index: vault.blindIndex('email', address),
        status: 'pending',
        ...values,
      });
    }
    const { secret, hash } = newSecret();
    await repo.insertToken(db, {
      tokenHash: hash,
      subscriptionId: id,
      expiresAt: new Date(this.#now().getTime() + this.#minutes * 60_000),
    });
    await this.#d.mailer.send({
      customerId: id,
      to: address,
      template: 'newsletter_confirm',
      lang: input.lang,
      vars: { link: this.#url(`/newsletter/confirm?token=${secret}`), minutes: this.#minutes },
      // A confirmation is list mail too: the person can leave before confirming.
      headers: this.listHeaders(id),
    });
  }

  /** Confirms a sign-up from the emailed link; a used, expired or unknown token is refused. */
  async confirm(token: string): Promise<{ lang: Lang }> {
    if (!isWellFormedSecret(token)) throw new InvalidLinkError();
    const { db } = this.#d;
    const now = this.#now();
    const id = await repo.consumeToken(db, hashSecret(token), now);
    const row = id ? await repo.findById(db, id) : undefined;
    if (!row) throw new InvalidLinkError();
    const lang = isLang(row.lang) ? row.lang : 'en';
    if (row.status === 'confirmed') return { lang };
    const { recordId } = await this.#d.consent.record({
      subject: subjectOf(row),
      decisions: row.sms ? { newsletter: true, sms: true } : { newsletter: true },
      policyVersion: await this.#d.policyVersion(),
      textHash: null,
      signals: { gpc: false, dnt: false },
      explicit: true,
      source: 'api',
      lang,
    });
    await repo.markConfirmed(db, row.id, now, recordId);
    await repo.unsuppress(db, row.email_index);
    return { lang };
  }

  /** The one-click unsubscribe URL of a subscription (no personal data in it). */
  unsubscribeUrl(id: string): string {
    return this.#url(`/newsletter/unsubscribe?s=${id}&t=${this.#mac(id)}`);
  }

  /**
   * One-click unsubscribe. Idempotent: a second click finds nothing to do. A wrong MAC is
   * refused, so nobody can unsubscribe others by guessing ids.
   */
  async unsubscribe(id: string, mac: string): Promise<void> {
    const expected = Buffer.from(this.#mac(id));
    const given = Buffer.from(mac);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new InvalidLinkError();
    }
    const row = await repo.findById(this.#d.db, id);
    if (row) await this.#withdraw(row, 'api');
  }

  /**
   * A signed-in customer's subscriptions, pending or confirmed: linked to the account, or made
   * as a guest with the account's address (found by its `email` blind index).
   */
  async subscriptionsOf(
    customerId: string,
    emailIndex: string | null,
  ): Promise<{ id: string; status: repo.SubscriptionRow['status']; sms: boolean }[]> {
    const rows = await repo.findBySubject(this.#d.db, { customerId, emailIndex });
    return rows.map((r) => ({ id: r.id, status: r.status, sms: r.sms }));
  }

  /**
   * Withdraws newsletter and SMS consent from the privacy center (Art. 7(3): as easy as giving
   * it): the same as the one-click link, recorded in the ledger with source `privacy_center`.
   */
  async withdrawFor(customerId: string, emailIndex: string | null): Promise<number> {
    const rows = await repo.findBySubject(this.#d.db, { customerId, emailIndex });
    for (const row of rows) await this.#withdraw(row, 'privacy_center');
    return rows.length;
  }

  async #withdraw(row: repo.SubscriptionRow, source: 'api' | 'privacy_center'): Promise<void> {
    await this.#d.consent.record({
      subject: subjectOf(row),
      decisions: { newsletter: false, sms: false },
      policyVersion: await this.#d.policyVersion(),
      textHash: null,
      signals: { gpc: false, dnt: false },
      explicit: true,
      source,
      lang: row.lang,
    });
    await this.#d.db.transaction().execute((trx) => forget(trx, this.#d.vault, row));
  }

  /** RFC 2369 and RFC 8058 one-click unsubscribe, for every mail to a subscription. */
  listHeaders(id: string): Record<string, string> {
    return {
      'List-Unsubscribe': `<${this.unsubscribeUrl(id)}>, <mailto:${this.#mailtoAddress()}?subject=unsubscribe%20${id}.${this.#mac(id)}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    };
  }

  /** Sends one issue to every confirmed subscriber who still allows it; counts the outcome. */
  async sendNewsletter(body: Record<Lang, string>): Promise<{ sent: number; skipped: number }> {
    const { db, vault, consent, mailer } = this.#d;
    if (this.#d.production && !mailer.dkimSigned) throw new UnsignedNewsletterError();
    let sent = 0;
    let skipped = 0;
    for (const row of await repo.listConfirmed(db)) {
      const address = await vault.open(db, row.id, 'profile', row.email_sealed, 'email');
      if (isErased(address) || !(await consent.allows(subjectOf(row), 'newsletter'))) {
        skipped++;
        continue;
      }
      const lang = isLang(row.lang) ? row.lang : 'en';
      const oneClick = this.unsubscribeUrl(row.id);
      await mailer.send({
        customerId: row.id,
        to: address,
        template: 'newsletter',
        lang,
        vars: { body: body[lang], link: oneClick },
        headers: this.listHeaders(row.id),
      });
      sent++;
    }
    this.#d.log.info({ sent, skipped }, 'newsletter sent');
    return { sent, skipped };
  }

  #mac(id: string): string {
    return this.#d.vault.blindIndex('newsletter', `unsubscribe:${id}`);
  }

  #url(pathAndQuery: string): string {
    return new URL(pathAndQuery, this.#d.publicUrl).toString();
  }

  #mailtoAddress(): string {
    const from = /<([^>]+)>/.exec(this.#d.mailFrom)?.[1] ?? this.#d.mailFrom;
    const domain = from.split('@')[1] ?? 'localhost';
    return `unsubscribe@${domain}`;
  }
}

/** The ledger subject: the subscription's own pseudonymous id, and the account if signed in. */
export function subjectOf(row: repo.SubscriptionRow): ConsentSubject {
  return { visitorId: row.id, customerId: row.customer_id ?? undefined };
}

/** Deletes a subscription and shreds its key; only the keyed hash of the address remains. */
export async function forget(
  db: Parameters<typeof repo.deleteSubscription>[0],
  vault: Vault,
  row: repo.SubscriptionRow,
): Promise<number> {
  await repo.suppress(db, row.email_index);
  const n = await repo.deleteSubscription(db, row.id);
  await vault.shredSubject(db, row.id);
  // A confirmation mail waiting in the dev outbox is filed under the subscription's id.
  await deleteOutboxOf(db, row.id);
  return n;
}
