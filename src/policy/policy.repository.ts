/**
 * Published policy versions (`policy_versions`): each distinct manifest content the service has
 * run with, numbered in order of publication. Only this file touches the table.
 */
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../kit/db/schema.ts';
import type { PolicyNotes } from './policy.tables.ts';

export type { PolicyNotes };

type Db = Kysely<DB> | Transaction<DB>;

export interface PolicyVersionRow {
  version: number;
  label: string;
  effectiveDate: string;
  contentHash: string;
  significant: boolean;
  publishedAt: Date;
  /** The change note in each language; undefined for versions published before notes existed. */
  notes: PolicyNotes | null;
  touchesConsent: boolean;
}

export interface PolicyVersionWithManifest extends PolicyVersionRow {
  manifest: unknown;
}

const columns = [
  'version',
  'label',
  'effective_date as effectiveDate',
  'content_hash as contentHash',
  'significant',
  'published_at as publishedAt',
  'notes',
  'touches_consent as touchesConsent',
] as const;

export async function findVersionByHash(
  db: Db,
  contentHash: string,
): Promise<PolicyVersionRow | undefined> {
  return db
    .selectFrom('policy_versions')
    .select(columns)
    .where('content_hash', '=', contentHash)
    .executeTakeFirst();
}

export async function findVersion(
  db: Db,
  version: number,
): Promise<PolicyVersionWithManifest | undefined> {
  return db
    .selectFrom('policy_versions')
    .select([...columns, 'manifest'])
    .where('version', '=', version)
    .executeTakeFirst();
}

export async function latestVersion(db: Db): Promise<PolicyVersionWithManifest | undefined> {
  return db
    .selectFrom('policy_versions')
    .select([...columns, 'manifest'])
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function listVersions(db: Db): Promise<PolicyVersionRow[]> {
  return db.selectFrom('policy_versions').select(columns).orderBy('version', 'asc').execute();
}

/**
 * Inserts the next version number; does nothing when another process published the same content
 * or took the number first (the caller looks the hash up again and retries).
 */
export async function insertNextVersion(
  db: Db,
  row: {
    label: string;
    effectiveDate: string;
    contentHash: string;
    manifest: string;
    significant: boolean;
    notes?: PolicyNotes | undefined;
    touchesConsent?: boolean | undefined;
  },
): Promise<void> {
  await db
    .insertInto('policy_versions')
    .columns([
      'version',
      'label',
      'effective_date',
      'content_hash',
      'manifest',
      'significant',
      'notes',
      'touches_consent',
    ])
    .expression((eb) =>
      eb
        .selectFrom('policy_versions')
        .select((s) => [
          s(s.fn.coalesce(s.fn.max('version'), s.lit(0)), '+', s.lit(1)).as('version'),
          s.cast(s.val(row.label), 'text').as('label'),
          s.cast(s.val(row.effectiveDate), 'date').as('effective_date'),
          s.cast(s.val(row.contentHash), 'text').as('content_hash'),
          s.cast(s.val(row.manifest), 'jsonb').as('manifest'),
          s.cast(s.val(row.significant), 'boolean').as('significant'),
          s.cast(s.val(row.notes ? JSON.stringify(row.notes) : null), 'jsonb').as('notes'),
          s.cast(s.val(row.touchesConsent ?? row.significant), 'boolean').as('touches_consent'),
        ]),
    )
    .onConflict((oc) => oc.doNothing())
    .execute();
}
