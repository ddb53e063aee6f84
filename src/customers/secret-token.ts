/**
 * Random bearer secrets (session cookies, emailed links) and the hash the database keeps. The
 * secret has 256 bits, so a plain SHA-256 is enough: nothing to brute-force, unlike a password.
 */
import { createHash, randomBytes } from 'node:crypto';

export function newSecret(): { secret: string; hash: string } {
  const secret = randomBytes(32).toString('base64url');
  return { secret, hash: hashSecret(secret) };
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url');
}

/** Only well-formed secrets reach the database; anything else is simply not found. */
export function isWellFormedSecret(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9_-]{43}$/.test(value);
}
