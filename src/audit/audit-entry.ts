/**
 * One audit entry as it is chained: the canonical encoding of its fields and its hash.
 *
 * The encoding is a JSON array in a fixed field order (a version tag first), with `detail`'s keys
 * sorted, so the same entry always gives the same bytes whichever database stored it and in
 * whatever key order jsonb hands it back. The entry hash is SHA-256 over those bytes, which
 * include the entry's position and the previous entry's hash: editing, removing, inserting or
 * moving one entry changes what the next entry should point at.
 *
 * @example
 *   const hash = entryHash({ position: 1, prevHash: GENESIS_HASH, at, actorKind: 'system', ... });
 */
import { createHash } from 'node:crypto';

/** The "previous hash" of entry 1. */
export const GENESIS_HASH = '0'.repeat(64);

const FORMAT = 'custodian.audit/1';

export type AuditDetail = Record<string, string | number | boolean | null>;

/** The stored fields of an entry, as the chain covers them. */
export interface ChainedEntry {
  position: number;
  prevHash: string;
  /** ISO 8601 with milliseconds, as stored. */
  at: string;
  actorKind: string;
  actorId: string;
  actorStaffId: string | null;
  action: string;
  subject: string | null;
  categories: readonly string[];
  access: string | null;
  outcome: string | null;
  reasonSealed: string | null;
  detail: AuditDetail | null;
}

export function canonicalEntry(e: ChainedEntry): string {
  return JSON.stringify([
    FORMAT,
    e.position,
    e.prevHash,
    e.at,
    e.actorKind,
    e.actorId,
    e.actorStaffId,
    e.action,
    e.subject,
    e.categories,
    e.access,
    e.outcome,
    e.reasonSealed,
    e.detail === null ? null : sortedEntries(e.detail),
  ]);
}

export function entryHash(e: ChainedEntry): string {
  return createHash('sha256').update(canonicalEntry(e)).digest('hex');
}

/** Key-value pairs in code-unit order: an array, so no JSON engine can reorder them. */
function sortedEntries(detail: AuditDetail): [string, AuditDetail[string]][] {
  return Object.keys(detail)
    .sort()
    .map((k) => [k, detail[k] ?? null]);
}

/**
 * The digest of the entries a cut kept at or before its position (held ones): their positions and
 * hashes in chain order. Written with the cut, in the database and the checkpoint file, so
 * removing, adding or changing a kept entry afterwards shows.
 */
export function keptDigest(kept: readonly { position: number; hash: string }[]): string {
  const pairs = kept.map((e) => [e.position, e.hash]);
  return createHash('sha256')
    .update(JSON.stringify(['custodian.audit-kept/1', pairs]))
    .digest('hex');
}
