/**
 * The policy in force: the manifest this process serves, the published version it is, the older
 * published versions for `/privacy?version=N`, and publishing a new version (policy-publisher.ts).
 *
 * Start-up and publishing (issue 14): a running store never publishes a significant change on its
 * own. At start-up the manifest file is compared with the published versions:
 *
 * - same content as a published version: that version is served (restarts, many processes);
 * - no version yet (a fresh database): the file is published as the first version, with the note
 *   of its own change log;
 * - changed content, mode `hold` (`custodian serve`, a store): the store keeps serving the last
 *   published version and holds the file as `pending`, with a lint error in the log, until staff
 *   publish it with a change note (the console, or `custodian policy publish`);
 * - changed content, mode `publish` (`serve --demo`, development, tests): it is published at once
 *   as before, significant only when the manifest moved its `policy.version` and says so, with
 *   the manifest's change-log entry as its note. Customers are notified only by a deliberate
 *   publication, never by a start-up.
 *
 * @example
 *   services.policy.manifest.recipients.posti.country; // 'FI'
 *   services.policy.currentVersion.version; // the number accounts and consent records cite
 *   await services.policy.findVersion(1); // { version, manifest } or undefined
 */
import type { Database } from '../kit/db/database.ts';
import { DomainError } from '../kit/errors.ts';
import type { Logger } from '../kit/log.ts';
import { manifestSchema, type Manifest } from '../core/manifest/manifest.ts';
import type { LoadedManifest, ManifestLocations } from '../core/manifest/manifest-loader.ts';
import { lintManifest } from './manifest-linter.ts';
import { lintAgainstPublished } from './published-lint.ts';
import { canonicalJson, contentHash } from './policy-hash.ts';
import { publishPolicyVersion } from './policy-publisher.ts';
import * as repo from './policy.repository.ts';
import type { PolicyNotes, PolicyVersionRow } from './policy.repository.ts';

export { canonicalJson, contentHash };
export type { PolicyNotes, PolicyVersionRow };

export interface PublishedPolicy {
  version: PolicyVersionRow;
  manifest: Manifest;
}

export interface PublishInput {
  significant: boolean;
  notes: PolicyNotes;
  manifest?: Manifest;
  /** The publication day (YYYY-MM-DD); default today. */
  effectiveDate?: string;
}

/** What start-up does with a manifest file whose content is not published yet (see above). */
export type UnpublishedMode = 'publish' | 'hold';

export interface PolicyService {
  /** The manifest served: the current published version's. */
  readonly manifest: Manifest;
  readonly locations: ManifestLocations;
  readonly currentVersion: PolicyVersionRow;
  /** The manifest file's content when it differs from every published version (mode `hold`). */
  readonly pending: Manifest | undefined;
  /** A published version with its manifest, or undefined when there is no such version. */
  findVersion(version: number): Promise<PublishedPolicy | undefined>;
  listVersions(): Promise<PolicyVersionRow[]>;
  /**
   * Publishes a manifest (default: the pending one, else the file this process loaded) and serves
   * it from now on.
   */
  publish(request: PublishInput): Promise<PolicyVersionRow>;
}

/** The note a manifest's own change log gives its current `policy.version`, if any. */
export function changeLogNote(manifest: Manifest): PolicyNotes | undefined {
  const entry = manifest.policy.changes.find((c) => c.version === manifest.policy.version);
  return entry ? { en: entry.summary.en, fi: entry.summary.fi, sv: entry.summary.sv } : undefined;
}

/** Start-up publication (mode `publish`, and a fresh database in every mode). */
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
    const moved = previousPolicyVersion !== manifest.policy.version;
    await repo.insertNextVersion(database.db, {
      label: `${manifest.policy.version} (${manifest.policy.date})`,
      effectiveDate: manifest.policy.date,
      contentHash: hash,
      manifest: canonicalJson(manifest),
      significant: manifest.policy.significant && moved,
      // The change log describes a version, not a typo fix under the same number.
      notes: moved ? changeLogNote(manifest) : undefined,
    });
  }
  throw new DomainError('conflict', 'The privacy manifest could not be published; try again.');
}

function parseStored(version: number, stored: unknown): Manifest {
  const parsed = manifestSchema.safeParse(stored);
  if (!parsed.success)
    throw new DomainError(
      'conflict',
      `Policy version ${version} was stored in an older manifest format and cannot be shown.`,
    );
  return parsed.data;
}

export async function createPolicyService(
  database: Database,
  loaded: LoadedManifest,
  log: Logger,
  options: { unpublished?: UnpublishedMode } = {},
): Promise<PolicyService> {
  const findings = lintManifest(loaded.manifest);
  const errors = findings.filter((f) => f.severity === 'error');
  if (errors.length > 0)
    log.warn(
      { file: loaded.locations.file, codes: errors.map((f) => f.code) },
      'the privacy manifest has lint errors; run `custodian manifest lint`',
    );
  const mode = options.unpublished ?? 'publish';
  const latest = await repo.latestVersion(database.db);
  const published = await repo.findVersionByHash(database.db, contentHash(loaded.manifest));
  let served: PublishedPolicy;
  let pending: Manifest | undefined;
  if (published || !latest || mode === 'publish') {
    if (latest && !published) {
      const drift = lintAgainstPublished(loaded.manifest, {
        policyVersion: (latest.manifest as Manifest).policy?.version ?? 0,
        contentHash: latest.contentHash,
        version: latest.version,
      });
      if (drift.some((f) => f.severity === 'error'))
        log.warn(
          { file: loaded.locations.file, codes: drift.map((f) => f.code) },
          'the privacy manifest changed without a new policy.version; published as a correction',
        );
    }
    served = {
      version: await publishManifest(database, loaded.manifest),
      manifest: loaded.manifest,
    };
  } else {
    // A store keeps its published policy until staff publish the change with its note.
    const { manifest: stored, ...row } = latest;
    served = { version: row, manifest: parseStored(row.version, stored) };
    pending = loaded.manifest;
    log.error(
      { file: loaded.locations.file, servedVersion: row.version, code: 'unpublished-change' },
      'the privacy manifest file differs from the published policy, which is still served; publish it with `custodian policy publish` or from the staff console',
    );
  }
  const cache = new Map<number, PublishedPolicy>();
  return {
    get manifest() {
      return served.manifest;
    },
    locations: loaded.locations,
    get currentVersion() {
      return served.version;
    },
    get pending() {
      return pending;
    },
    async findVersion(version) {
      if (version === served.version.version) return served;
      const cached = cache.get(version);
      if (cached) return cached;
      const row = await repo.findVersion(database.db, version);
      if (!row) return undefined;
      const { manifest: stored, ...meta } = row;
      const found = { version: meta, manifest: parseStored(version, stored) };
      cache.set(version, found);
      return found;
    },
    listVersions: () => repo.listVersions(database.db),
    async publish(request) {
      const manifest = request.manifest ?? pending ?? loaded.manifest;
      const row = await publishPolicyVersion(database, { ...request, manifest });
      served = { version: row, manifest };
      pending = undefined;
      return row;
    },
  };
}
