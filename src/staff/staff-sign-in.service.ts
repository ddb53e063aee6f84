/**
 * Staff sign-in: a password, then a second factor that cannot be skipped. The password step opens
 * a *pending* session that reaches only the TOTP step (or, before enrolment, the enrolment page);
 * the second factor replaces it with a full session (a new secret: a planted or observed pending
 * id is worthless afterwards).
 *
 * Sessions end after {@link staffSessionPolicy}'s idle timeout and absolute lifetime; revealing or
 * exporting personal data needs a re-authentication (password and a fresh code) within
 * `reauthMs`. Failures back off per account and per client address like the customers' sign-in,
 * and every sign-in, failed sign-in, enrolment and re-authentication is audited.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { AuditActor, AuditTrail } from '../core/audit-trail.ts';
import type { DB } from '../kit/db/schema.ts';
import { DomainError, InvalidCredentialsError, ValidationError } from '../kit/errors.ts';
import type { Vault } from '../kit/vault/vault.ts';
import { isErased } from '../kit/vault/vault.ts';
import { RateLimits, type Backoff, type RateLimiter } from '../kit/web/rate-limit.ts';
import { hashSecret, isWellFormedSecret, newSecret } from '../customers/secret-token.ts';
import { decoyHash, hashPassword, verifyPassword } from '../customers/sign-in/password.ts';
import { checkPassword } from './staff-accounts.service.ts';
import * as repo from './staff.repository.ts';
import { acceptTotp, newTotpSecret, totpQrDataUrl, totpUri } from './totp.ts';

const minute = 60_000;

export const staffSessionPolicy = {
  /** Signed out after this long without a request. */
  idleMs: 15 * minute,
  /** Signed out this long after signing in, however active. */
  absoluteMs: 8 * 60 * minute,
  /** The password step is good for this long; the code must follow within it. */
  pendingMs: 5 * minute,
  /** A reveal or an export needs a re-authentication at most this old. */
  reauthMs: 5 * minute,
} as const;

export interface StaffLimits {
  attempts: RateLimiter;
  failures: Backoff;
  failuresByClient: Backoff;
}

/** On `limits` (shared by the app processes on PostgreSQL); in memory when none is given. */
export function defaultStaffLimits(limits: RateLimits = RateLimits.memory()): StaffLimits {
  return {
    attempts: limits.window('staff-sign-in', { limit: 30, windowMs: 15 * minute }),
    failures: limits.backoff('staff-sign-in', { free: 5, baseMs: 1000, maxMs: 15 * minute }),
    failuresByClient: limits.backoff('staff-sign-in-client', {
      free: 20,
      baseMs: 1000,
      maxMs: 15 * minute,
    }),
  };
}

export interface StaffSession {
  staffId: string;
  username: string;
  roles: string[];
  /** The stored hash, never the cookie value: safe to log or compare. */
  idHash: string;
  /** False while only the password step has passed. */
  mfa: boolean;
  enrolled: boolean;
  reauthAt: Date | null;
}

export class ReauthRequiredError extends DomainError {
  constructor() {
    super('forbidden', 'Confirm your password and a fresh code to continue.');
  }
}

const RECOVERY_CODES = 10;

/** 80 random bits in five groups of four base32 characters: easy to type, not guessable. */
function newRecoveryCode(): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyz23456789';
  const bytes = randomBytes(20);
  const chars = [...bytes].map((b) => alphabet[b % 32]).join('');
  return chars.match(/.{4}/g)!.join('-');
}

export function hashRecoveryCode(code: string): string {
  const normal = code.trim().toLowerCase().replace(/[\s-]/g, '');
  return createHash('sha256').update(`staff-recovery:${normal}`).digest('base64url');
}

export interface StaffSignInDeps {
  db: Kysely<DB>;
  vault: Vault;
  audit: AuditTrail;
  limits?: StaffLimits;
  /** Where the default limits count (src/app/services.ts: PostgreSQL's store when on it). */
  rateLimits?: RateLimits;
  now?: () => Date;
}

export class StaffSignInService {
  private readonly now: () => Date;
  private readonly limits: StaffLimits;
  constructor(private readonly deps: StaffSignInDeps) {
    this.now = deps.now ?? (() => new Date());
    this.limits = deps.limits ?? defaultStaffLimits(deps.rateLimits);
  }

  /** The password step: a pending session secret. An unknown name and a wrong password look alike. */
  async password(username: unknown, password: unknown, client: string): Promise<string> {
    const name = typeof username === 'string' ? username.trim().toLowerCase().slice(0, 64) : '';
    const pw = typeof password === 'string' ? password.slice(0, 1024) : '';
    const ip = `ip:${client}`;
    const acct = `acct:${hashSecret(`staff:${name}`)}`;
    await this.limits.failuresByClient.check(ip);
    await this.limits.failures.check(acct);
    await this.limits.attempts.attempt([ip, acct]);
    const { db, audit } = this.deps;
    const row = name ? await repo.findStaffByUsername(db, name) : undefined;
    const ok = await verifyPassword(row?.password_hash ?? (await decoyHash()), pw);
    if (!row || !ok || row.disabled_at) {
      await this.limits.failures.fail(acct);
      await this.limits.failuresByClient.fail(ip);
      // The typed name is not recorded: a mistyped one may be someone's email address.
      await audit.record({
        actor: row ? { kind: 'staff', id: row.id } : { kind: 'system', id: 'staff-sign-in' },
        action: 'staff.sign_in_failed',
        outcome: 'denied',
        detail: {
          stage: 'password',
          reason: !row ? 'unknown' : row.disabled_at ? 'disabled' : 'password',
        },
      });
      throw new InvalidCredentialsError('The username or password is not correct.');
    }
    const { secret, hash } = newSecret();
    const at = this.now();
    await repo.insertStaffSession(db, {
      id_hash: hash,
      staff_id: row.id,
      created_at: at,
      last_seen_at: at,
      mfa_at: null,
      reauth_at: null,
    });
    return secret;
  }

  /** The session behind a cookie, or undefined once it has expired (then it is deleted). */
  async resolve(secret: string | undefined): Promise<StaffSession | undefined> {
    if (!isWellFormedSecret(secret)) return undefined;
    const idHash = hashSecret(secret);
    const { db } = this.deps;
    const s = await repo.findStaffSession(db, idHash);
    if (!s) return undefined;
    const staff = await repo.findStaffById(db, s.staff_id);
    const now = this.now().getTime();
    const expired =
      !staff ||
      staff.disabled_at !== null ||
      now - s.created_at.getTime() > staffSessionPolicy.absoluteMs ||
      now - s.last_seen_at.getTime() > staffSessionPolicy.idleMs ||
      (s.mfa_at === null && now - s.created_at.getTime() > staffSessionPolicy.pendingMs);
    if (expired) {
      await repo.deleteStaffSession(db, idHash);
      return undefined;
    }
    // Written at most every 30 s: each page view need not be a write.
    if (now - s.last_seen_at.getTime() > 30_000)
      await repo.updateStaffSession(db, idHash, { last_seen_at: new Date(now) });
    return {
      staffId: staff.id,
      username: staff.username,
      roles: staff.roles,
      idHash,
      mfa: s.mfa_at !== null,
      enrolled: staff.totp_enrolled_at !== null,
      reauthAt: s.reauth_at,
    };
  }

  /** Starts (or restarts) TOTP enrolment for a pending session that has none. */
  async beginEnrolment(
    session: StaffSession,
  ): Promise<{ secret: string; uri: string; qr: string }> {
    if (session.enrolled) throw new DomainError('conflict', 'A second factor is already enrolled.');
    const secret = newTotpSecret();
    const { db, vault } = this.deps;
    const sealed = await vault.seal(db, session.staffId, 'profile', secret, 'staff_totp');
    await repo.updateStaff(db, session.staffId, {
      totp_secret_sealed: sealed,
      totp_last_step: null,
    });
    const uri = totpUri(secret, session.username);
    return { secret, uri, qr: await totpQrDataUrl(uri) };
  }

  /**
   * Confirms enrolment with a first code: the factor is enrolled, the session becomes a full one
   * (a new secret), and the one-time recovery codes are returned, to be shown once.
   */
  async confirmEnrolment(
    session: StaffSession,
    code: unknown,
    client: string,
  ): Promise<{ secret: string; recoveryCodes: string[] }> {
    if (session.enrolled) throw new DomainError('conflict', 'A second factor is already enrolled.');
    const codes = Array.from({ length: RECOVERY_CODES }, newRecoveryCode);
    const secret = await this.passSecondFactor(session, code, client, 'enrol', async (trx, at) => {
      await repo.updateStaff(trx, session.staffId, { totp_enrolled_at: at });
      await repo.replaceRecoveryCodes(trx, session.staffId, codes.map(hashRecoveryCode));
    });
    return { secret, recoveryCodes: codes };
  }

  /** The second factor: a TOTP code, or one unused recovery code. A new full session secret. */
  async secondFactor(session: StaffSession, code: unknown, client: string): Promise<string> {
    if (!session.enrolled) throw new DomainError('forbidden', 'Enrol a second factor first.');
    return this.passSecondFactor(session, code, client, 'totp', async () => {});
  }

  /** Before a reveal or an export: the password and a fresh code, again. */
  async reauthenticate(
    session: StaffSession,
    password: unknown,
    code: unknown,
    client: string,
  ): Promise<void> {
    const step = await this.#confirmIdentity(session, password, code, client, 'staff.reauth');
    const actor: AuditActor = { kind: 'staff', id: session.staffId };
    await this.deps.db.transaction().execute(async (trx) => {
      await repo.updateStaff(trx, session.staffId, { totp_last_step: step });
      await repo.updateStaffSession(trx, session.idHash, { reauth_at: this.now() });
      await this.deps.audit.record({ actor, action: 'staff.reauth', outcome: 'ok' }, trx);
    });
  }

  /**
   * One's own password, after the current one and a fresh code (a re-authentication: a session
   * left open on a shared screen cannot take the account over). The new password follows the
   * staff rules and is stored as an argon2id hash; every other session of the member ends (a
   * password changed because it leaked must also close what the leak opened), this one stays.
   * The change, the sessions ended and the audit entry commit together.
   */
  async changePassword(
    session: StaffSession,
    input: { current: unknown; code: unknown; next: unknown },
    client: string,
  ): Promise<{ sessionsEnded: number }> {
    // The new password is checked first: a refused one does not use up a code.
    const next = checkPassword(input.next);
    if (next === input.current)
      throw new ValidationError('Choose a password other than the current one.', {
        password: 'Same as the current one.',
      });
    const step = await this.#confirmIdentity(
      session,
      input.current,
      input.code,
      client,
      'staff.password_change',
    );
    const hash = await hashPassword(next);
    const actor: AuditActor = { kind: 'staff', id: session.staffId };
    return this.deps.db.transaction().execute(async (trx) => {
      await repo.updateStaff(trx, session.staffId, { password_hash: hash, totp_last_step: step });
      const ended = await repo.deleteOtherStaffSessions(trx, session.staffId, session.idHash);
      await repo.updateStaffSession(trx, session.idHash, { reauth_at: this.now() });
      await this.deps.audit.record(
        {
          actor,
          action: 'staff.password_change',
          outcome: 'ok',
          detail: { staffId: session.staffId, sessionsEnded: ended },
        },
        trx,
      );
      return { sessionsEnded: ended };
    });
  }

  /** The password and a fresh TOTP code of the signed-in member: the code's time step. */
  async #confirmIdentity(
    session: StaffSession,
    password: unknown,
    code: unknown,
    client: string,
    action: 'staff.reauth' | 'staff.password_change',
  ): Promise<number> {
    const acct = `acct:${hashSecret(`staff:${session.username}`)}`;
    await this.limits.failures.check(acct);
    await this.limits.failuresByClient.check(`ip:${client}`);
    const { db, audit } = this.deps;
    const row = await repo.findStaffById(db, session.staffId);
    const pwOk = row
      ? await verifyPassword(
          row.password_hash,
          typeof password === 'string' ? password.slice(0, 1024) : '',
        )
      : false;
    const step = row && pwOk ? await this.totpStep(row, code) : undefined;
    if (step === undefined) {
      await this.limits.failures.fail(acct);
      await this.limits.failuresByClient.fail(`ip:${client}`);
      await audit.record({
        actor: { kind: 'staff', id: session.staffId },
        action,
        outcome: 'denied',
      });
      throw new InvalidCredentialsError('The password or code is not correct.');
    }
    await this.limits.failures.succeed(acct);
    return step;
  }

  /** Throws {@link ReauthRequiredError} unless the session re-authenticated recently. */
  requireRecentReauth(session: StaffSession): void {
    const at = session.reauthAt?.getTime();
    if (at === undefined || this.now().getTime() - at > staffSessionPolicy.reauthMs)
      throw new ReauthRequiredError();
  }

  async signOut(secret: string | undefined): Promise<void> {
    if (isWellFormedSecret(secret)) await repo.deleteStaffSession(this.deps.db, hashSecret(secret));
  }

  /** Ends every session of the staff member, on every device. */
  async signOutEverywhere(staffId: string, actor: AuditActor): Promise<number> {
    return this.deps.db.transaction().execute(async (trx) => {
      const n = await repo.deleteStaffSessionsOf(trx, staffId);
      await this.deps.audit.record(
        {
          actor,
          action: 'staff.sign_out_everywhere',
          outcome: 'ok',
          detail: { staffId, sessions: n },
        },
        trx,
      );
      return n;
    });
  }

  private async passSecondFactor(
    session: StaffSession,
    code: unknown,
    client: string,
    stage: 'enrol' | 'totp',
    onSuccess: (trx: Transaction<DB>, at: Date) => Promise<void>,
  ): Promise<string> {
    const acct = `acct:${hashSecret(`staff:${session.username}`)}`;
    const ip = `ip:${client}`;
    await this.limits.failuresByClient.check(ip);
    await this.limits.failures.check(acct);
    const { db, audit } = this.deps;
    const actor: AuditActor = { kind: 'staff', id: session.staffId };
    const row = await repo.findStaffById(db, session.staffId);
    const typed = typeof code === 'string' ? code.trim() : '';
    const step = row ? await this.totpStep(row, typed) : undefined;
    const recovery =
      step === undefined && stage === 'totp' && /[a-z]/i.test(typed)
        ? hashRecoveryCode(typed)
        : undefined;
    const at = this.now();
    const { secret, hash } = newSecret();
    const passed = await db.transaction().execute(async (trx) => {
      if (
        step === undefined &&
        !(recovery && (await repo.useRecoveryCode(trx, session.staffId, recovery, at)))
      )
        return false;
      if (step !== undefined)
        await repo.updateStaff(trx, session.staffId, { totp_last_step: step });
      await onSuccess(trx, at);
      await repo.deleteStaffSession(trx, session.idHash);
      await repo.insertStaffSession(trx, {
        id_hash: hash,
        staff_id: session.staffId,
        created_at: at,
        last_seen_at: at,
        mfa_at: at,
        reauth_at: null,
      });
      await audit.record(
        {
          actor,
          action: 'staff.sign_in',
          outcome: 'ok',
          detail: {
            factor: step !== undefined ? 'totp' : 'recovery_code',
            enrolled: stage === 'enrol',
          },
        },
        trx,
      );
      return true;
    });
    if (!passed) {
      await this.limits.failures.fail(acct);
      await this.limits.failuresByClient.fail(ip);
      await audit.record({
        actor,
        action: 'staff.sign_in_failed',
        outcome: 'denied',
        detail: { stage },
      });
      throw new InvalidCredentialsError('The code is not correct.');
    }
    await this.limits.failures.succeed(acct);
    return secret;
  }

  private async totpStep(row: repo.StaffRow, code: unknown): Promise<number | undefined> {
    if (!row.totp_secret_sealed || typeof code !== 'string') return undefined;
    const secret = await this.deps.vault.open(
      this.deps.db,
      row.id,
      'profile',
      row.totp_secret_sealed,
      'staff_totp',
    );
    if (isErased(secret)) return undefined;
    return acceptTotp(secret, code.trim(), this.now(), row.totp_last_step);
  }
}
