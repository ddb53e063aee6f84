/**
 * The policy in force: the manifest loaded from `config.manifestPath`, published as a policy
 * version at start-up, and the older published versions for `/privacy?version=N`.
 *
 * Publishing stores the manifest with a content hash; a new version row appears only when the
 * content changes, so restarts and many processes on one database agree on one number. A new
 * row is `significant` (customers are told and consent is asked again) only when the manifest's
 * own `policy.version` moved and the manifest marks it significant: fixing a typo never re-asks.
 *
 * @example
 *   services.policy.manifest.recipients.posti.country; // 'FI'
 *   services.policy.currentVersion.version; // the number consent records cite
 *   await services.policy.findVersion(1); // { version, manifest } or undefined
 */
import { createHash } from 'node:crypto';
import type { Database } from '../kit/db/database.ts';
import { DomainError } from '../kit/errors.ts';
import type { Logger } from '../kit/log.ts';
import { manifestSchema, type Manifest } from '../core/manifest/manifest.ts';
import type { LoadedManifest, ManifestLocations } from '../core/manifest/manifest-loader.ts';
import { lintManifest } from './manifest-linter.ts';
import * as repo from './policy.repository.ts';
import type { PolicyVersionRow } from './policy.repository.ts';

export type { PolicyVersionRow };

export interface PublishedPolicy {
  version: PolicyVersionRow;
  manifest: Manifest;
}

export interface PolicyService {
  readonly manifest: Manifest;
  readonly locations: ManifestLocations;
  readonly currentVersion: PolicyVersionRow;
  /** A published version with its manifest, or undefined when there is no such version. */
  findVersion(version: number): Promise<PublishedPolicy | undefined>;
  listVersions(): Promise<PolicyVersionRow[]>;
}

/** The manifest as JSON with sorted keys: equal content gives an equal hash whatever the YAML layout. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

export function contentHash(manifest: Manifest): string {
  return createHash('sha256').update(canonicalJson(manifest)).digest('hex');
}

export async function publishManifest(
  database: Database,
  manifest: Manifest,
): Promise<PolicyVersionRow> {
  const hash = contentHash(manifest);
  for (let attempt = 0; attempt < 5; attempt++) {
    const existing = await repo.findVersionByHash(database.db, hash);
    if (existing) return existing;
    const previous = await repo.latestVersion(database.db);
    const previousPolicyVersion = (previous?.manifest as Manifest | undefined)?.policy?.version;
    await repo.insertNextVersion(database.db, {
      label: `${manifest.policy.version} (${manifest.policy.date})`,
      effectiveDate: manifest.policy.date,
      contentHash: hash,
      manifest: canonicalJson(manifest),
      significant: manifest.policy.significant && previousPolicyVersion !== manifest.policy.version,
    });
  }
  throw new DomainError('conflict', 'The privacy manifest could not be published; try again.');
}

export async function createPolicyService(
  database: Database,
  loaded: LoadedManifest,
  log: Logger,
): Promise<PolicyService> {
  const findings = lintManifest(loaded.manifest);
  const errors = findings.filter((f) => f.severity === 'error');
  if (errors.length > 0)
    log.warn(
      { file: loaded.locations.file, codes: errors.map((f) => f.code) },
      'the privacy manifest has lint errors; run `custodian manifest lint`',
    );
  const currentVersion = await publishManifest(database, loaded.manifest);
  const cache = new Map<number, PublishedPolicy>();
  return {
    manifest: loaded.manifest,
    locations: loaded.locations,
    currentVersion,
    async findVersion(version) {
      if (version === currentVersion.version)
        return { version: currentVersion, manifest: loaded.manifest };
      const cached = cache.get(version);
      if (cached) return cached;
      const row = await repo.findVersion(database.db, version);
      if (!row) return undefined;
      const parsed = manifestSchema.safeParse(row.manifest);
      if (!parsed.success)
        throw new DomainError(
          'conflict',
          `Policy version ${version} was stored in an older manifest format and cannot be shown.`,
        );
      const { manifest: _stored, ...meta } = row;
      const published = { version: meta, manifest: parsed.data };
      cache.set(version, published);
      return published;
    },
    listVersions: () => repo.listVersions(database.db),
  };
}
