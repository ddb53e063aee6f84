/**
 * Server-side sessions. The cookie carries a random secret; the database keeps only its hash and
 * the customer id, so a leaked database copy signs nobody in. Signing in always makes a new
 * session (rotation: a session id planted before sign-in is worthless afterwards).
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../kit/db/schema.ts';
import { hashSecret, isWellFormedSecret, newSecret } from '../secret-token.ts';
import { deleteStaleTokens } from '../tokens.repository.ts';
import {
  deleteExpiredSessions,
  deleteSession,
  deleteSessionsOf,
  findLiveSession,
  insertSession,
} from './sessions.repository.ts';

export const sessionTtlMs = 30 * 24 * 60 * 60 * 1000;

export interface Session {
  customerId: string;
  /** The stored hash: an id that can be logged or compared, never the cookie value. */
  idHash: string;
  expiresAt: Date;
}

export class SessionService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Starts a session and ends the one it replaces; returns the cookie value. */
  async start(
    customerId: string,
    replacing?: string,
  ): Promise<{ secret: string; expiresAt: Date }> {
    const { secret, hash } = newSecret();
    const expiresAt = new Date(this.now().getTime() + sessionTtlMs);
    await this.db.transaction().execute(async (trx) => {
      if (isWellFormedSecret(replacing)) await deleteSession(trx, hashSecret(replacing));
      await insertSession(trx, { id_hash: hash, customer_id: customerId, expires_at: expiresAt });
    });
    return { secret, expiresAt };
  }

  async resolve(secret: string | undefined): Promise<Session | undefined> {
    if (!isWellFormedSecret(secret)) return undefined;
    const idHash = hashSecret(secret);
    const row = await findLiveSession(this.db, idHash, this.now());
    return row ? { customerId: row.customer_id, idHash, expiresAt: row.expires_at } : undefined;
  }

  async end(secret: string | undefined): Promise<void> {
    if (isWellFormedSecret(secret)) await deleteSession(this.db, hashSecret(secret));
  }

  /** After a password reset or email change: every other device is signed out. */
  async endAllOf(customerId: string, exceptIdHash?: string): Promise<void> {
    await deleteSessionsOf(this.db, customerId, exceptIdHash);
  }

  /** For a periodic job (retention): expired sessions and spent or expired one-time tokens. */
  async purgeExpired(): Promise<{ sessions: number }> {
    const now = this.now();
    const sessions = await deleteExpiredSessions(this.db, now);
    await deleteStaleTokens(this.db, now);
    return { sessions };
  }
}
