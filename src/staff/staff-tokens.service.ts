/**
 * Personal API tokens: made in the console by a staff member for themself, acting with that
 * person's roles (never more: the roles are read at each use, so a role taken away or an account
 * disabled stops the token at once), stored as a SHA-256 hash, revocable, and audited when made,
 * revoked and used. The secret is shown once: `cst_` and 43 base64url characters.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AuditActor, AuditTrail } from '../core/audit-trail.ts';
import type { DB } from '../kit/db/schema.ts';
import { NotFoundError, ValidationError } from '../kit/errors.ts';
import { hashSecret, isWellFormedSecret, newSecret } from '../customers/secret-token.ts';
import * as repo from './staff.repository.ts';

export const TOKEN_PREFIX = 'cst_';

export interface ApiTokenView {
  id: string;
  label: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export interface TokenHolder {
  tokenId: string;
  staffId: string;
  roles: string[];
}

export class StaffTokenService {
  private readonly now: () => Date;
  constructor(private readonly deps: { db: Kysely<DB>; audit: AuditTrail; now?: () => Date }) {
    this.now = deps.now ?? (() => new Date());
  }

  async create(staffId: string, label: unknown): Promise<{ token: string; view: ApiTokenView }> {
    const l = typeof label === 'string' ? label.trim() : '';
    if (!/^[\p{L}\p{N} ._-]{1,60}$/u.test(l))
      throw new ValidationError('Name the token (1–60 letters, digits, spaces, . _ -).', {
        label: 'Required: 1–60 letters, digits, spaces, . _ -',
      });
    const { secret, hash } = newSecret();
    const id = randomUUID();
    const at = this.now();
    await this.deps.db.transaction().execute(async (trx) => {
      await repo.insertStaffToken(trx, {
        id,
        staff_id: staffId,
        token_hash: hash,
        label: l,
        created_at: at,
        last_used_at: null,
        revoked_at: null,
      });
      await this.deps.audit.record(
        {
          actor: { kind: 'staff', id: staffId },
          action: 'token.create',
          outcome: 'ok',
          detail: { tokenId: id },
        },
        trx,
      );
    });
    return {
      token: `${TOKEN_PREFIX}${secret}`,
      view: { id, label: l, createdAt: at, lastUsedAt: null, revokedAt: null },
    };
  }

  async list(staffId: string): Promise<ApiTokenView[]> {
    return (await repo.listStaffTokens(this.deps.db, staffId)).map((r) => ({
      id: r.id,
      label: r.label,
      createdAt: r.created_at,
      lastUsedAt: r.last_used_at,
      revokedAt: r.revoked_at,
    }));
  }

  /** Revokes one of the holder's own tokens; someone else's is answered like a missing one. */
  async revoke(staffId: string, tokenId: string, actor: AuditActor): Promise<void> {
    await this.deps.db.transaction().execute(async (trx) => {
      const ok = /^[0-9a-f-]{36}$/i.test(tokenId)
        ? await repo.revokeStaffToken(trx, staffId, tokenId, this.now())
        : false;
      if (!ok) throw new NotFoundError('The token');
      await this.deps.audit.record(
        { actor, action: 'token.revoke', outcome: 'ok', detail: { tokenId } },
        trx,
      );
    });
  }

  /** The holder of a live token of an active account, with their roles now; else undefined. */
  async authenticate(bearer: string): Promise<TokenHolder | undefined> {
    if (!bearer.startsWith(TOKEN_PREFIX)) return undefined;
    const secret = bearer.slice(TOKEN_PREFIX.length);
    if (!isWellFormedSecret(secret)) return undefined;
    const { db } = this.deps;
    const token = await repo.findLiveStaffToken(db, hashSecret(secret));
    if (!token) return undefined;
    const staff = await repo.findStaffById(db, token.staff_id);
    if (!staff || staff.disabled_at) return undefined;
    const at = this.now();
    if (!token.last_used_at || at.getTime() - token.last_used_at.getTime() > 60_000)
      await repo.touchStaffToken(db, token.id, at);
    return { tokenId: token.id, staffId: staff.id, roles: staff.roles };
  }
}
