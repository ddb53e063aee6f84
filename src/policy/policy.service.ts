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
 * Several app processes on one PostgreSQL (docs/deploy.md): a publication made by one (or by the
 * `custodian policy publish` command) is announced with NOTIFY, and every other process serves
 * it at once. A notification lost while a listener was down is caught by a re-check of the latest
 * version at most every POLICY_RECHECK_MS, started by a read of the policy in force.
 *
 * @example
 *   services.policy.manifest.recipients.posti.country; // 'FI'
 *   services.policy.currentVersion.version; // the number accounts and consent records cite
 *   await services.policy.findVersion(1); // { version, manifest } or undefined
 */
import type { Database } from '../kit/db/database.ts';
import { noInvalidations, type CacheInvalidations } from '../kit/db/invalidations.ts';
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

/**
 * How stale a process's policy may get when it missed a publication's notification: a read of
 * the policy in force after this long starts a check of the latest version (PostgreSQL only;
 * PGlite is one process, which always knows its own publications).
 */
export const POLICY_RECHECK_MS = 60_000;

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
  options: {
    unpublished?: UnpublishedMode;
    invalidations?: CacheInvalidations;
    now?: () => number;
  } = {},
): Promise<PolicyService> {
  const invalidations = options.invalidations ?? noInvalidations;
  const now = options.now ?? Date.now;
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
  // The newest version this process knows was published: a later one is served when it learns
  // of it (a rollback to an older published file is served as such, and not undone here).
  let newest = Math.max(latest?.version ?? 0, served.version.version);
  let checkedAt = now();
  let checking = false;
  const adopt = (found: PublishedPolicy) => {
    if (found.version.version <= newest) return;
    newest = found.version.version;
    served = found;
    // A node holding the file that another node published has nothing pending any more.
    if (pending && contentHash(pending) === found.version.contentHash) pending = undefined;
    log.info({ version: newest }, 'serving the policy version another process published');
  };
  /** Reads `version` (default: the latest) and serves it if it is newer than any known. */
  const load = async (version?: number) => {
    try {
      const row =
        version === undefined
          ? await repo.latestVersion(database.db)
          : await repo.findVersion(database.db, version);
      if (!row) return;
      const { manifest: stored, ...meta } = row;
      adopt({ version: meta, manifest: parseStored(meta.version, stored) });
    } catch (err) {
      log.warn(
        { errType: err instanceof Error ? err.name : typeof err },
        'a published policy version could not be read; the served one stays',
      );
    }
  };
  // Another process published: serve that version from now on.
  invalidations.on('policy', (key) => {
    const version = Number(key);
    if (Number.isSafeInteger(version) && version > newest) void load(version);
  });
  const recheck = () => {
    if (database.kind !== 'postgres' || checking || now() - checkedAt < POLICY_RECHECK_MS) return;
    checkedAt = now();
    checking = true;
    void load().finally(() => (checking = false));
  };
  return {
    get manifest() {
      recheck();
      return served.manifest;
    },
    locations: loaded.locations,
    get currentVersion() {
      recheck();
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
      newest = Math.max(newest, row.version);
      pending = undefined;
      // Awaited: `custodian policy publish` closes its connections as soon as this returns.
      await invalidations
        .send(database.db, 'policy', String(row.version))
        .catch((err: unknown) =>
          log.warn(
            { errType: err instanceof Error ? err.name : typeof err },
            'policy publication not announced; other processes serve it within their re-check',
          ),
        );
      return row;
    },
  };
}
