/**
 * Passwords by NIST SP 800-63B: at least 8 characters, at most 256, no composition rules, refused
 * when on a list of common passwords. Hashed with argon2id (OWASP's recommended parameters:
 * 19 MiB memory, 2 iterations, 1 lane).
 */
import { hash, verify } from '@node-rs/argon2';
import { commonPasswords } from './common-passwords.ts';

export const passwordLimits = { min: 8, max: 256 } as const;

export type PasswordProblem =
  'password_required' | 'password_short' | 'password_long' | 'password_common';

/** The problem with a new password, or undefined when it is acceptable. Counts code points. */
export function passwordProblem(password: string): PasswordProblem | undefined {
  const length = [...password].length;
  if (length === 0) return 'password_required';
  if (length < passwordLimits.min) return 'password_short';
  if (length > passwordLimits.max) return 'password_long';
  if (commonPasswords.has(password.toLowerCase())) return 'password_common';
  return undefined;
}

// `Algorithm.Argon2id` is an ambient const enum, which isolatedModules cannot inline.
const options = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, options);
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/**
 * A hash to verify against when the account does not exist, so an unknown email costs the same
 * time as a wrong password and the response cannot tell them apart.
 */
let decoy: Promise<string> | undefined;
export function decoyHash(): Promise<string> {
  return (decoy ??= hashPassword('decoy password that no account has'));
}
