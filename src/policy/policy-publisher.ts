/**
 * Publishing a new policy version on purpose (`custodian policy publish`, the staff console):
 * the manifest as it is now, with a change note in en/fi/sv, significant or not. The version's
 * date is the day it is published: the policy's "last updated" is read from here, never from a
 * hand-written field.
 *
 * What it refuses: content already published (nothing changed), a note missing in a language,
 * and changed content under the `policy.version` already published (a change needs a new number:
 * the same rule `custodian manifest lint` checks, see published-record.ts).
 *
 * A significant version re-asks consent only when it changes what the banner or a consent-based
 * purpose says (`touchesConsent`): a new processor for deliveries is told to everyone, but does
 * not make anyone choose their cookies again.
 */
import type { Database } from '../kit/db/database.ts';
import { DomainError, ValidationError } from '../kit/errors.ts';
import type { Manifest } from '../core/manifest/manifest.ts';
import { canonicalJson, contentHash } from './policy-hash.ts';
import * as repo from './policy.repository.ts';
import type { PolicyNotes, PolicyVersionRow } from './policy.repository.ts';

export interface PublishRequest {
  manifest: Manifest;
  significant: boolean;
  notes: PolicyNotes;
  /** The publication day, YYYY-MM-DD (UTC); default today. */
  effectiveDate?: string;
}

export const NOTE_MAX = 2000;

export function validateNotes(notes: Partial<Record<string, unknown>>): PolicyNotes {
  const fields: Record<string, string> = {};
  const out: Partial<PolicyNotes> = {};
  for (const lang of ['en', 'fi', 'sv'] as const) {
    const v = notes[lang];
    const text = typeof v === 'string' ? v.trim() : '';
    if (!text) fields[`note_${lang}`] = `the change note in ${lang} is required`;
    else if (text.length > NOTE_MAX)
      fields[`note_${lang}`] = `the change note in ${lang} is longer than ${NOTE_MAX} characters`;
    else out[lang] = text;
  }
  if (Object.keys(fields).length > 0)
    throw new ValidationError(
      `A policy version needs its change note in English, Finnish and Swedish: ${Object.values(fields).join('; ')}.`,
      fields,
    );
  return out as PolicyNotes;
}

/** What a consent choice is made about: the banner's categories, the cookies, consent purposes. */
export function consentSlice(m: Manifest): string {
  const purposes = Object.entries(m.purposes)
    .filter(
      ([, p]) =>
        p.legalBasis === 'consent' ||
        p.consentChannel !== undefined ||
        (p.consentCategory !== undefined && p.consentCategory !== 'functional'),
    )
    .sort(([a], [b]) => (a < b ? -1 : 1));
  return canonicalJson({ consent: m.consent, cookies: m.cookies, purposes });
}

export function todayUtc(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}

export async function publishPolicyVersion(
  database: Database,
  request: PublishRequest,
): Promise<PolicyVersionRow> {
  const notes = validateNotes(request.notes);
  const { manifest } = request;
  const effectiveDate = request.effectiveDate ?? todayUtc();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(effectiveDate) || Number.isNaN(Date.parse(effectiveDate)))
    throw new ValidationError('The date must be a day, YYYY-MM-DD.', { date: 'YYYY-MM-DD' });
  const hash = contentHash(manifest);
  const db = database.db;
  const already = await repo.findVersionByHash(db, hash);
  if (already)
    throw new DomainError(
      'conflict',
      `This manifest is already published as version ${already.version}; change it before publishing.`,
    );
  const previous = await repo.latestVersion(db);
  const previousManifest = previous?.manifest as Manifest | undefined;
  const previousPolicyVersion = previousManifest?.policy?.version ?? 0;
  if (manifest.policy.version <= previousPolicyVersion)
    throw new ValidationError(
      `The manifest's policy.version is ${manifest.policy.version}, but version ${previousPolicyVersion} is already published: a change needs a higher policy.version.`,
      { version: `greater than ${previousPolicyVersion}` },
    );
  const touchesConsent =
    request.significant &&
    (previousManifest === undefined || consentSlice(previousManifest) !== consentSlice(manifest));
  await repo.insertNextVersion(db, {
    label: `${manifest.policy.version} (${effectiveDate})`,
    effectiveDate,
    contentHash: hash,
    manifest: canonicalJson(manifest),
    significant: request.significant,
    notes,
    touchesConsent,
  });
  const row = await repo.findVersionByHash(db, hash);
  // Another publisher took the number with other content at the same instant: say so, do not guess.
  if (!row)
    throw new DomainError('conflict', 'Another version was published at the same time; try again.');
  return row;
}
