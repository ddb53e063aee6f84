/**
 * Art. 15 from the audit log: who looked at or acted on a person's data, and when, for the
 * access package (src/rights/engine/access-package.ts).
 *
 * Staff are shown by role, never by name or account id: the roles the entry recorded at the time
 * (`detail.roles`, comma-separated manifest role keys, or `detail.role`), since a staff member's
 * roles change. Automated actors are shown by their job name ('disclosure-gate').
 */
import { pseudonymsOfSubject } from '../disclosures/disclosures.personal-data.ts';
import type { Executor, SubjectRef } from '../core/personal-data-registry.ts';
import type { Vault } from '../kit/vault/vault.ts';
import { entriesAboutSubjects, type StoredEntry } from './audit.repository.ts';

export interface AccessLogRecord {
  at: string;
  action: string;
  /** Who: 'staff' (in person or by API token), 'system' or the customer themself. */
  actor: 'staff' | 'system' | 'customer';
  /** The staff member's roles (manifest role keys) when it was staff. */
  roles: string[];
  /** The job's name when it was the system. */
  system: string | null;
  categories: string[];
  access: 'masked' | 'revealed' | null;
  outcome: string | null;
}

export function toAccessLogRecord(e: StoredEntry): AccessLogRecord {
  const roles = [e.detail?.roles, e.detail?.role]
    .filter((v): v is string => typeof v === 'string')
    .flatMap((v) => v.split(','))
    .map((r) => r.trim())
    .filter(Boolean);
  const actor =
    e.actorKind === 'system' ? 'system' : e.actorKind === 'customer' ? 'customer' : 'staff';
  return {
    at: e.at,
    action: e.action,
    actor,
    roles: [...new Set(roles)],
    system: actor === 'system' ? e.actorId : null,
    categories: [...e.categories],
    access: e.access === 'masked' || e.access === 'revealed' ? e.access : null,
    outcome: e.outcome,
  };
}

/** The audit entries about a person (under each of their pseudonyms), oldest first. */
export function auditAccessLog(vault: Pick<Vault, 'existingPseudonym'>) {
  return async (db: Executor, subject: SubjectRef): Promise<AccessLogRecord[]> => {
    const pseudonyms = await pseudonymsOfSubject(vault, db, subject);
    return (await entriesAboutSubjects(db, pseudonyms)).map(toAccessLogRecord);
  };
}
