/**
 * Signing in: by email and password, or by a Google/Facebook identity. Password sign-in answers
 * an unknown address and a wrong password alike, in the same time (a decoy hash is verified when
 * there is no account), and backs off per client address, and per account from that address,
 * after failures.
 *
 * Provider sign-in links by verified email: a known identity signs in its account; a new one
 * with a verified address joins the account of that address (or creates one). The demo provider
 * vouches for any address, so its new identities only ever create accounts. The profile the
 * provider sent is kept sealed with its source and time: it is third-party data (GDPR Art. 14).
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import {
  isThirdPartySource,
  noThirdPartyNotices,
  type ThirdPartyNotices,
  type ThirdPartySource,
} from '../../core/third-party-data.ts';
import type { DB } from '../../kit/db/schema.ts';
import { DomainError, InvalidCredentialsError } from '../../kit/errors.ts';
import type { Logger } from '../../kit/log.ts';
import { isLang, type Lang } from '../../kit/web/i18n.ts';
import type { Vault } from '../../kit/vault/vault.ts';
import type { AccountLimits } from '../account-limits.ts';
import { checkEmail, fieldLimits } from '../account-input.ts';
import { sealProfile } from '../customer-profile.ts';
import {
  findCustomerByEmailIndex,
  findCustomerById,
  insertCustomer,
  updateCustomer,
} from '../customers.repository.ts';
import { decoyHash, verifyPassword } from './password.ts';
import { deleteSessionsOf } from './sessions.repository.ts';
import { findSignIn, insertSignIn, updateSignInProfile } from './sign-ins.repository.ts';

/** What an identity provider told us about the person (from the verified ID token). */
export interface ProviderClaims {
  provider: string;
  issuer: string;
  sub: string;
  email?: string | undefined;
  emailVerified: boolean;
  name?: string | undefined;
  /**
   * Whether the provider's verified email may join the account that has this address. True for
   * a real provider (Google and Facebook prove the address); false for the demo stand-in, which
   * accepts any login, so it can only open its own accounts and create new ones.
   */
  vouchesForEmail: boolean;
}

export class UnverifiedProviderEmailError extends DomainError {
  constructor() {
    super(
      'forbidden',
      'Your sign-in provider did not confirm an email address, so we cannot sign you in with it. Register with email and password instead.',
    );
  }
}

/** The demo provider asked for an account it did not create: sign in with its password. */
export class DemoSignInRefusedError extends DomainError {
  constructor() {
    super('conflict', {
      en: 'An account with this email address already exists. The demo sign-in cannot open it: sign in with the account’s password instead.',
      fi: 'Tällä sähköpostiosoitteella on jo tili. Demokirjautuminen ei voi avata sitä: kirjaudu sisään tilin salasanalla.',
      sv: 'Det finns redan ett konto med den här e-postadressen. Demoinloggningen kan inte öppna det: logga in med kontots lösenord i stället.',
    });
  }
}

export interface SignInDeps {
  db: Kysely<DB>;
  vault: Vault;
  log: Logger;
  limits: AccountLimits;
  policyVersion: () => Promise<number>;
  /** Art. 14: a new provider link is data from a third party the person must be told about. */
  notices?: ThirdPartyNotices;
  now?: () => Date;
}

export class SignInService {
  private readonly now: () => Date;
  constructor(private readonly deps: SignInDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  /** The customer id on success; InvalidCredentialsError or RateLimitedError otherwise. */
  async withPassword(email: unknown, password: unknown, client: string): Promise<string> {
    const { limits, vault, db } = this.deps;
    const checked = checkEmail(typeof email === 'string' ? email : undefined);
    const pw = typeof password === 'string' ? password.slice(0, 1024) : '';
    const index = 'email' in checked ? vault.blindIndex('email', checked.email) : 'malformed';
    // Throttled per address, and per account *from that address* (OWASP ASVS 2.2): guesses
    // slow down the guesser, never the owner signing in from elsewhere. No key is the account
    // alone, so nobody can lock a customer out by failing on her address.
    const ip = `ip:${client}`;
    const acct = `acct:${index}|${ip}`;
    await limits.signInFailuresByClient.check(ip);
    await limits.signInFailures.check(acct);
    await limits.signIn.attempt([ip, acct]);

    const row = 'email' in checked ? await findCustomerByEmailIndex(db, index) : undefined;
    const ok = await verifyPassword(row?.password_hash ?? (await decoyHash()), pw);
    if (!row || !row.password_hash || !ok) {
      await limits.signInFailuresByClient.fail(ip);
      await limits.signInFailures.fail(acct);
      this.deps.log.info({ reason: 'bad_credentials' }, 'sign-in refused');
      throw new InvalidCredentialsError();
    }
    await limits.signInFailures.succeed(acct);
    this.deps.log.info({ customerId: row.id }, 'signed in');
    return row.id;
  }

  async withProvider(claims: ProviderClaims, lang: Lang): Promise<string> {
    return (await this.withProviderTold(claims, lang)).customerId;
  }

  /**
   * Signs in as {@link withProvider} does, and says which source this sign-in first gave us data
   * from (Art. 14: the notice is owed and mailed; the next page can say so too).
   */
  async withProviderTold(
    claims: ProviderClaims,
    lang: Lang,
  ): Promise<{ customerId: string; told: ThirdPartySource | undefined }> {
    const { db, vault } = this.deps;
    const subjectIndex = this.subjectIndex(claims.provider, claims.sub);
    const receivedAt = this.now();
    const profile = JSON.stringify({
      sub: claims.sub,
      email: claims.email ?? null,
      email_verified: claims.emailVerified,
      name: claims.name ?? null,
    });

    const notices = this.deps.notices ?? noThirdPartyNotices;
    const { customerId, owed } = await db.transaction().execute(async (trx) => {
      const linked = await findSignIn(trx, claims.provider, subjectIndex);
      if (linked) {
        const sealed = await vault.seal(trx, linked.customer_id, 'profile', profile, 'sign_in');
        await updateSignInProfile(trx, linked.id, sealed, receivedAt);
        this.deps.log.info(
          { customerId: linked.customer_id, provider: claims.provider },
          'signed in',
        );
        return { customerId: linked.customer_id, owed: undefined };
      }
      const checked = checkEmail(claims.email);
      if (!claims.emailVerified || !('email' in checked)) throw new UnverifiedProviderEmailError();
      const emailIndex = vault.blindIndex('email', checked.email);
      let customer = await findCustomerByEmailIndex(trx, emailIndex);
      // Checked before anything changes: the demo provider must not even strip a password.
      if (customer && !claims.vouchesForEmail) throw new DemoSignInRefusedError();
      if (customer && !customer.email_verified_at) {
        // The provider proves the address; an unverified password set by someone else before
        // (account pre-hijacking) must not survive the link.
        await updateCustomer(trx, customer.id, {
          password_hash: null,
          email_verified_at: receivedAt,
        });
        await deleteSessionsOf(trx, customer.id);
      }
      if (!customer) {
        const id = randomUUID();
        const name =
          (claims.name ?? '').trim().slice(0, fieldLimits.name) || checked.email.split('@')[0]!;
        const keys = vault.newSubjectKeys(trx, id);
        const sealed = await sealProfile(vault, trx, id, {
          email: checked.email,
          name,
          phone: null,
          address: null,
          birthday: null,
        });
        const policyVersion = await this.deps.policyVersion();
        await insertCustomer(
          trx,
          {
            id,
            email_index: emailIndex,
            ...sealed,
            password_hash: null,
            email_verified_at: receivedAt,
            policy_version: policyVersion,
            policy_accepted_at: receivedAt,
            lang,
          },
          keys,
        );
        customer = await findCustomerById(trx, id);
        this.deps.log.info({ customerId: id, provider: claims.provider }, 'customer registered');
      }
      const customerId = customer!.id;
      await insertSignIn(trx, {
        id: randomUUID(),
        customer_id: customerId,
        provider: claims.provider,
        subject_index: subjectIndex,
        profile_sealed: await vault.seal(trx, customerId, 'profile', profile, 'sign_in'),
        source: claims.issuer,
        received_at: receivedAt,
      });
      this.deps.log.info({ customerId, provider: claims.provider }, 'sign-in linked');
      // Committed with the link or not at all: a crash before the mail leaves it owed.
      const owed = isThirdPartySource(claims.provider)
        ? await notices.record(trx, {
            source: claims.provider,
            customerId,
            subjectId: customerId,
            emailIndex,
            email: checked.email,
            lang: isLang(customer!.lang) ? customer!.lang : lang,
            receivedAt,
          })
        : undefined;
      return { customerId, owed };
    });
    await notices.deliver(owed);
    return {
      customerId,
      told: owed && isThirdPartySource(claims.provider) ? claims.provider : undefined,
    };
  }

  /**
   * A keyed index of the provider's subject id. The vault's email index key is reused with a
   * namespace that no email address can have (`oidc:` has no @), so it never collides with one.
   */
  private subjectIndex(provider: string, sub: string): string {
    return this.deps.vault.blindIndex('email', `oidc:${provider}:${sub}`);
  }
}
