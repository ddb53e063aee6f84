/**
 * Staff accounts: add, list, change roles, disable, reset the second factor. Every change is an
 * audit entry committed in the same transaction. The last active owner cannot be disabled or lose
 * the owner role, so the console always has someone who can manage staff.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { AuditActor, AuditTrail } from '../core/audit-trail.ts';
import type { Manifest } from '../core/manifest/manifest.ts';
import type { DB } from '../kit/db/schema.ts';
import { DomainError, NotFoundError, ValidationError } from '../kit/errors.ts';
import { hashPassword, passwordProblem } from '../customers/sign-in/password.ts';
import * as repo from './staff.repository.ts';
import { checkRoles, checkUsername, OWNER_ROLE } from './staff-roles.ts';

export interface StaffMember {
  id: string;
  username: string;
  roles: string[];
  mfaEnrolled: boolean;
  createdAt: Date;
  disabledAt: Date | null;
}

export interface StaffDeps {
  db: Kysely<DB>;
  audit: AuditTrail;
  manifest: () => Manifest;
  now?: () => Date;
}

const passwordMessages = {
  password_required: 'Give a password.',
  password_short: 'The password must be at least 8 characters.',
  password_long: 'The password must be at most 256 characters.',
  password_common: 'This password is too common: choose another.',
} as const;

export function checkPassword(password: unknown): string {
  const pw = typeof password === 'string' ? password : '';
  const problem = passwordProblem(pw);
  if (problem)
    throw new ValidationError(passwordMessages[problem], { password: passwordMessages[problem] });
  return pw;
}

export function toMember(row: repo.StaffRow): StaffMember {
  return {
    id: row.id,
    username: row.username,
    roles: row.roles,
    mfaEnrolled: row.totp_enrolled_at !== null,
    createdAt: row.created_at,
    disabledAt: row.disabled_at,
  };
}

export class StaffAccountsService {
  private readonly now: () => Date;
  constructor(private readonly deps: StaffDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  /** Adds an account; the person enrols their second factor at first sign-in. */
  async add(
    input: { username: unknown; password: unknown; roles: readonly string[] },
    actor: AuditActor,
  ): Promise<StaffMember> {
    const username = checkUsername(input.username);
    const password = checkPassword(input.password);
    const roles = checkRoles(this.deps.manifest(), input.roles);
    const id = randomUUID();
    const password_hash = await hashPassword(password);
    return this.deps.db.transaction().execute(async (trx) => {
      if (await repo.findStaffByUsername(trx, username))
        throw new DomainError('conflict', 'That username is taken.', { username: 'Taken.' });
      await repo.insertStaff(trx, {
        id,
        username,
        password_hash,
        roles,
        totp_secret_sealed: null,
        totp_enrolled_at: null,
        totp_last_step: null,
        disabled_at: null,
      });
      await this.deps.audit.record(
        {
          actor,
          action: 'staff.add',
          outcome: 'ok',
          detail: { staffId: id, roles: roles.join(',') },
        },
        trx,
      );
      return toMember((await repo.findStaffById(trx, id))!);
    });
  }

  async list(): Promise<StaffMember[]> {
    return (await repo.listStaff(this.deps.db)).map(toMember);
  }

  async get(id: string): Promise<StaffMember> {
    const row = isUuid(id) ? await repo.findStaffById(this.deps.db, id) : undefined;
    if (!row) throw new NotFoundError('The staff member');
    return toMember(row);
  }

  async findByUsername(username: string): Promise<StaffMember | undefined> {
    const row = await repo.findStaffByUsername(this.deps.db, username.trim().toLowerCase());
    return row ? toMember(row) : undefined;
  }

  async setRoles(id: string, roles: readonly string[], actor: AuditActor): Promise<StaffMember> {
    const checked = checkRoles(this.deps.manifest(), roles);
    return this.change(id, actor, 'staff.roles', async (trx, row) => {
      if (row.roles.includes(OWNER_ROLE) && !checked.includes(OWNER_ROLE))
        await this.keepAnOwner(trx);
      await repo.updateStaff(trx, id, { roles: checked });
      return { roles: checked.join(',') };
    });
  }

  /** Disables the account: its sessions end and its API tokens are revoked at once. */
  async disable(id: string, actor: AuditActor): Promise<StaffMember> {
    return this.change(id, actor, 'staff.disable', async (trx, row) => {
      if (row.disabled_at) return {};
      if (row.roles.includes(OWNER_ROLE)) await this.keepAnOwner(trx);
      const at = this.now();
      await repo.updateStaff(trx, id, { disabled_at: at });
      await repo.deleteStaffSessionsOf(trx, id);
      await repo.revokeStaffTokensOf(trx, id, at);
      return {};
    });
  }

  /** A lost phone: the second factor is enrolled again at the next sign-in. */
  async resetMfa(id: string, actor: AuditActor): Promise<StaffMember> {
    return this.change(id, actor, 'staff.reset_mfa', async (trx) => {
      await repo.updateStaff(trx, id, {
        totp_secret_sealed: null,
        totp_enrolled_at: null,
        totp_last_step: null,
      });
      await repo.replaceRecoveryCodes(trx, id, []);
      await repo.deleteStaffSessionsOf(trx, id);
      return {};
    });
  }

  private async change(
    id: string,
    actor: AuditActor,
    action: string,
    apply: (trx: Transaction<DB>, row: repo.StaffRow) => Promise<Record<string, string>>,
  ): Promise<StaffMember> {
    if (!isUuid(id)) throw new NotFoundError('The staff member');
    return this.deps.db.transaction().execute(async (trx) => {
      const row = await repo.findStaffById(trx, id, true);
      if (!row) throw new NotFoundError('The staff member');
      const detail = await apply(trx, row);
      await this.deps.audit.record(
        { actor, action, outcome: 'ok', detail: { staffId: id, ...detail } },
        trx,
      );
      return toMember((await repo.findStaffById(trx, id))!);
    });
  }

  private async keepAnOwner(db: Transaction<DB>): Promise<void> {
    if ((await repo.countActiveOwners(db)) <= 1)
      throw new DomainError('conflict', 'The last active owner cannot be removed.');
  }
}

export function isUuid(v: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v);
}
