/**
 * Customer accounts: registration, email verification, profile, email change. Every personal
 * field is sealed by the vault (see customer-profile.ts); the email is looked up by blind index.
 * Nothing here reveals whether an address has an account: registering a taken address answers
 * like a new one and writes to the owner instead.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../kit/db/schema.ts';
import { NotFoundError } from '../kit/errors.ts';
import type { Logger } from '../kit/log.ts';
import type { Mailer } from '../notify/mailer.ts';
import type { TemplateKey } from '../notify/templates.ts';
import { isLang, type Lang } from '../kit/web/i18n.ts';
import type { Vault } from '../kit/vault/vault.ts';
import {
  addressProblem,
  assertNoProblems,
  birthdayProblem,
  checkEmail,
  cleanText,
  nameProblem,
  phoneProblem,
  AccountInputError,
  type Problems,
} from './account-input.ts';
import {
  openEmail,
  openProfile,
  resealProfile,
  sealProfile,
  type OpenedProfile,
} from './customer-profile.ts';
import {
  findCustomerAccount,
  findCustomerByEmailIndex,
  findCustomerById,
  insertCustomer,
  lockCustomer,
  updateCustomer,
  type CustomerRow,
} from './customers.repository.ts';
import type { TokenPurpose } from './customers.tables.ts';
import { hashPassword, passwordProblem } from './sign-in/password.ts';
import { hashSecret, isWellFormedSecret, newSecret } from './secret-token.ts';
import { deleteSessionsOf } from './sign-in/sessions.repository.ts';
import { listSignIns } from './sign-in/sign-ins.repository.ts';
import { consumeToken, deleteTokensOf, insertToken, type TokenRow } from './tokens.repository.ts';
import type { AccountLimits } from './account-limits.ts';
import { markInactivityNotice } from './customers-retention.repository.ts';
import { erasureDate } from './inactivity-notice.templates.ts';

export const tokenTtlMinutes: Record<TokenPurpose, number> = {
  verify_email: 24 * 60,
  reset_password: 30,
  change_email: 24 * 60,
};

export interface AccountDeps {
  db: Kysely<DB>;
  vault: Vault;
  mailer: Mailer;
  log: Logger;
  publicUrl: string;
  limits: AccountLimits;
  /** The policy version a customer accepts by registering now. */
  policyVersion: () => Promise<number>;
  now?: () => Date;
}

export interface RegisterInput {
  email?: string;
  password?: string;
  name?: string;
  phone?: string;
  address?: string;
  birthday?: string;
  acceptPolicy?: boolean;
}

export interface ProfileUpdate {
  name?: string;
  phone?: string;
  address?: string;
  birthday?: string;
}

export interface CustomerProfile extends OpenedProfile {
  id: string;
  emailVerified: boolean;
  hasPassword: boolean;
  policyVersion: number;
  policyAcceptedAt: Date;
  createdAt: Date;
  signIns: { provider: string; source: string; receivedAt: Date }[];
}

export class AccountService {
  private readonly now: () => Date;
  constructor(private readonly deps: AccountDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  /**
   * Creates an account and emails a verification link. A taken address gets the same answer and
   * its owner a note with a reset link, so registration cannot be used to test addresses.
   */
  async register(input: RegisterInput, lang: Lang, client: string): Promise<void> {
    const { vault, db } = this.deps;
    const emailResult = checkEmail(input.email);
    const name = cleanText(input.name);
    const phone = cleanText(input.phone);
    const address = cleanText(input.address);
    const birthday = cleanText(input.birthday);
    const password = typeof input.password === 'string' ? input.password : '';
    const problems: Problems = {
      email: 'problem' in emailResult ? emailResult.problem : undefined,
      password: passwordProblem(password),
      name: nameProblem(name),
      phone: phoneProblem(phone),
      address: addressProblem(address),
      birthday: birthdayProblem(birthday, this.now()),
      acceptPolicy: input.acceptPolicy === true ? undefined : 'policy_required',
    };
    assertNoProblems(problems);
    const email = (emailResult as { email: string }).email;
    const emailIndex = vault.blindIndex('email', email);
    await this.deps.limits.register.attempt([`ip:${client}`, `acct:${emailIndex}`]);

    const existing = await findCustomerByEmailIndex(db, emailIndex);
    if (existing) {
      await this.sendLink(existing, 'reset_password', 'account_exists', '/account/reset', lang);
      return;
    }
    const id = randomUUID();
    const passwordHash = await hashPassword(password);
    const version = await this.deps.policyVersion();
    const inserted = await db.transaction().execute(async (trx) => {
      // Two registrations of one address at once: the unique index decides, the loser is quiet.
      if (await findCustomerByEmailIndex(trx, emailIndex)) return false;
      // Written with the row (one statement): sealing below asks the database nothing.
      const keys = vault.newSubjectKeys(trx, id);
      const sealed = await sealProfile(vault, trx, id, {
        email,
        name,
        phone: phone || null,
        address: address || null,
        birthday: birthday || null,
      });
      await insertCustomer(
        trx,
        {
          id,
          email_index: emailIndex,
          ...sealed,
          password_hash: passwordHash,
          policy_version: version,
          policy_accepted_at: this.now(),
          lang,
        },
        keys,
      );
      return true;
    });
    if (!inserted) return;
    this.deps.log.info({ customerId: id, policyVersion: version }, 'customer registered');
    const row = await findCustomerById(db, id);
    if (row) await this.sendLink(row, 'verify_email', 'verify_email', '/account/verify', lang);
  }

  /** Confirms the address a verification link was sent to; returns the customer id. */
  async verifyEmail(token: unknown): Promise<string> {
    const row = await this.consume(token, 'verify_email');
    await updateCustomer(this.deps.db, row.customer_id, { email_verified_at: this.now() });
    return row.customer_id;
  }

  async resendVerification(customerId: string, lang: Lang): Promise<void> {
    const row = await findCustomerById(this.deps.db, customerId);
    if (!row) throw new NotFoundError('The account');
    if (row.email_verified_at) return;
    await this.deps.limits.reset.attempt([`acct:${row.email_index}`]);
    await this.sendLink(row, 'verify_email', 'verify_email', '/account/verify', lang);
  }

  /**
   * Tells an inactive customer the account will be erased on `erasesOn` unless they sign in
   * (customers.retention.ts), in the account's language, and records when (`at`; not activity).
   * Sent before it is recorded: a crash between the two sends it again, never not at all. An
   * account whose address is erased is recorded as told: there is no one to write to.
   */
  async noticeInactivity(customerId: string, erasesOn: Date, at: Date): Promise<void> {
    const { db, vault } = this.deps;
    const row = await findCustomerById(db, customerId);
    if (!row) return;
    const email = await openEmail(vault, db, row);
    const lang: Lang = isLang(row.lang) ? row.lang : 'en';
    if (email) {
      await this.deps.mailer.send({
        customerId,
        to: email,
        template: 'inactivity_notice',
        lang,
        vars: {
          link: `${this.deps.publicUrl.replace(/\/$/, '')}/account/sign-in?lang=${lang}`,
          until: erasureDate(erasesOn, lang),
        },
      });
    }
    await markInactivityNotice(db, customerId, at);
  }

  /** The blind index of the account's address, to find what the person did as a guest with it. */
  async emailIndexOf(customerId: string): Promise<string> {
    const row = await findCustomerById(this.deps.db, customerId);
    if (!row) throw new NotFoundError('The account');
    return row.email_index;
  }

  async profile(customerId: string): Promise<CustomerProfile> {
    const { db, vault } = this.deps;
    const row = await findCustomerAccount(db, customerId);
    if (!row) throw new NotFoundError('The account');
    const signIns = await listSignIns(db, customerId);
    return {
      id: row.id,
      ...(await openProfile(vault, db, row)),
      emailVerified: row.email_verified_at !== null,
      hasPassword: row.password_hash !== null,
      policyVersion: row.policy_version,
      policyAcceptedAt: row.policy_accepted_at,
      createdAt: row.created_at,
      signIns: signIns.map((s) => ({
        provider: s.provider,
        source: s.source,
        receivedAt: s.received_at,
      })),
    };
  }

  /** Name and the optional fields; an empty optional field is cleared (not disclosed). */
  async updateProfile(customerId: string, update: ProfileUpdate): Promise<void> {
    const { db, vault } = this.deps;
    const name = cleanText(update.name);
    const phone = cleanText(update.phone);
    const address = cleanText(update.address);
    const birthday = cleanText(update.birthday);
    assertNoProblems({
      name: nameProblem(name),
      phone: phoneProblem(phone),
      address: addressProblem(address),
      birthday: birthdayProblem(birthday, this.now()),
    });
    await db.transaction().execute(async (trx) => {
      const row = await lockCustomer(trx, customerId);
      if (!row) throw new NotFoundError('The account');
      // The profile is one record: the email is carried over, the rest replaced (Art. 16).
      const sealed = await resealProfile(vault, trx, row, {
        name,
        phone: phone || null,
        address: address || null,
        birthday: birthday || null,
      });
      if (!sealed) throw new NotFoundError('The account');
      await updateCustomer(trx, customerId, sealed);
    });
  }

  /**
   * Sends a confirmation link to the new address; the account keeps its old address until the
   * link is opened. A taken address gets no mail and the same answer.
   */
  async requestEmailChange(customerId: string, newEmail: unknown, lang: Lang): Promise<void> {
    const { db, vault } = this.deps;
    const checked = checkEmail(typeof newEmail === 'string' ? newEmail : undefined);
    if ('problem' in checked) throw new AccountInputError({ email: checked.problem });
    const row = await findCustomerById(db, customerId);
    if (!row) throw new NotFoundError('The account');
    const newIndex = vault.blindIndex('email', checked.email);
    if (newIndex === row.email_index) throw new AccountInputError({ email: 'email_same' });
    await this.deps.limits.reset.attempt([`acct:${row.email_index}`]);
    if (await findCustomerByEmailIndex(db, newIndex)) return;
    const { secret, hash } = newSecret();
    const sealed = await vault.seal(db, customerId, 'profile', checked.email, 'new_email');
    await db.transaction().execute(async (trx) => {
      await deleteTokensOf(trx, customerId, 'change_email');
      await insertToken(trx, {
        token_hash: hash,
        customer_id: customerId,
        purpose: 'change_email',
        new_email_index: newIndex,
        new_email_sealed: sealed,
        expires_at: this.expiry('change_email'),
      });
    });
    await this.deps.mailer.send({
      customerId,
      to: checked.email,
      template: 'change_email',
      lang,
      vars: {
        link: this.link('/account/email/confirm', secret),
        minutes: tokenTtlMinutes.change_email,
      },
    });
  }

  /** Switches the account to the confirmed new address and tells the old one. */
  async confirmEmailChange(token: unknown, lang: Lang): Promise<string> {
    const { db, vault } = this.deps;
    const oldAddress = await db.transaction().execute(async (trx) => {
      const t = await this.consume(token, 'change_email', trx);
      const row = await lockCustomer(trx, t.customer_id);
      if (!row || !t.new_email_index || !t.new_email_sealed) throw this.invalidToken();
      if (await findCustomerByEmailIndex(trx, t.new_email_index)) throw this.invalidToken();
      const newEmail = await vault.open(trx, row.id, 'profile', t.new_email_sealed, 'new_email');
      if (typeof newEmail !== 'string') throw this.invalidToken();
      const old = await openEmail(vault, trx, row);
      const sealed = await resealProfile(vault, trx, row, { email: newEmail });
      if (!sealed) throw this.invalidToken();
      await updateCustomer(trx, row.id, {
        email_index: t.new_email_index,
        ...sealed,
        email_verified_at: this.now(),
      });
      // A verification link sent to the old address must not verify the new one.
      await deleteTokensOf(trx, row.id, 'verify_email');
      return { customerId: row.id, old };
    });
    if (oldAddress.old) {
      await this.deps.mailer.send({
        customerId: oldAddress.customerId,
        to: oldAddress.old,
        template: 'email_changed',
        lang,
      });
    }
    return oldAddress.customerId;
  }

  /** Password reset, step 2: a valid link and a new password; signs out every session. */
  async resetPassword(token: unknown, password: unknown): Promise<string> {
    const pw = typeof password === 'string' ? password : '';
    const problem = passwordProblem(pw);
    if (problem) throw new AccountInputError({ password: problem });
    const hash = await hashPassword(pw);
    return this.deps.db.transaction().execute(async (trx) => {
      const t = await this.consume(token, 'reset_password', trx);
      // Whoever can read the mailbox owns the account: the address is verified by this too.
      await updateCustomer(trx, t.customer_id, {
        password_hash: hash,
        email_verified_at: this.now(),
      });
      await deleteSessionsOf(trx, t.customer_id);
      return t.customer_id;
    });
  }

  /** Password reset, step 1: the same answer whether or not the address has an account. */
  async requestPasswordReset(email: unknown, lang: Lang, client: string): Promise<void> {
    const checked = checkEmail(typeof email === 'string' ? email : undefined);
    if ('problem' in checked) throw new AccountInputError({ email: checked.problem });
    const index = this.deps.vault.blindIndex('email', checked.email);
    await this.deps.limits.reset.attempt([`ip:${client}`, `acct:${index}`]);
    const row = await findCustomerByEmailIndex(this.deps.db, index);
    if (row) await this.sendLink(row, 'reset_password', 'reset_password', '/account/reset', lang);
  }

  private async sendLink(
    row: CustomerRow,
    purpose: TokenPurpose,
    template: TemplateKey,
    path: string,
    lang: Lang,
  ): Promise<void> {
    const to = await openEmail(this.deps.vault, this.deps.db, row);
    if (!to) return;
    const { secret, hash } = newSecret();
    await this.deps.db.transaction().execute(async (trx) => {
      await deleteTokensOf(trx, row.id, purpose);
      await insertToken(trx, {
        token_hash: hash,
        customer_id: row.id,
        purpose,
        new_email_index: null,
        new_email_sealed: null,
        expires_at: this.expiry(purpose),
      });
    });
    await this.deps.mailer.send({
      customerId: row.id,
      to,
      template,
      lang,
      vars: { link: this.link(path, secret), minutes: tokenTtlMinutes[purpose] },
    });
  }

  private async consume(
    token: unknown,
    purpose: TokenPurpose,
    db: Kysely<DB> = this.deps.db,
  ): Promise<TokenRow> {
    if (!isWellFormedSecret(token)) throw this.invalidToken();
    const row = await consumeToken(db, hashSecret(token), purpose, this.now());
    if (!row) throw this.invalidToken();
    return row;
  }

  private invalidToken(): AccountInputError {
    return new AccountInputError({ token: 'token_invalid' });
  }

  private expiry(purpose: TokenPurpose): Date {
    return new Date(this.now().getTime() + tokenTtlMinutes[purpose] * 60_000);
  }

  private link(path: string, secret: string): string {
    return `${this.deps.publicUrl.replace(/\/$/, '')}${path}?token=${secret}`;
  }
}
