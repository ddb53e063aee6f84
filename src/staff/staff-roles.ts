/**
 * A staff member's roles: the privacy manifest's `roles` (which data categories they see), plus
 * `owner`, which manages staff accounts and sees no personal data by itself.
 */
import type { Manifest } from '../core/manifest/manifest.ts';
import { ValidationError } from '../kit/errors.ts';

export const OWNER_ROLE = 'owner';

export function knownRoles(manifest: Manifest): string[] {
  return [OWNER_ROLE, ...Object.keys(manifest.roles)];
}

/** The roles, deduplicated and sorted; a role the manifest does not declare is refused. */
export function checkRoles(manifest: Manifest, roles: readonly string[]): string[] {
  const known = new Set(knownRoles(manifest));
  const unknown = roles.filter((r) => !known.has(r));
  if (roles.length === 0)
    throw new ValidationError('Give at least one role.', { roles: 'Required.' });
  if (unknown.length)
    throw new ValidationError(`Unknown role: ${unknown.join(', ')}.`, {
      roles: `One of: ${[...known].join(', ')}.`,
    });
  return [...new Set(roles)].sort();
}

/** Work usernames: lower-case letters, digits, dots, dashes; not an email address. */
export function checkUsername(value: unknown): string {
  const v = typeof value === 'string' ? value.trim().toLowerCase() : '';
  if (!/^[a-z][a-z0-9.-]{1,39}$/.test(v))
    throw new ValidationError('A username is 2–40 lower-case letters, digits, dots or dashes.', {
      username: 'Use 2–40 letters a–z, digits, dots or dashes, starting with a letter.',
    });
  return v;
}
