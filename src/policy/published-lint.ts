/**
 * Dates that cannot lie (issue 16.4): the manifest compared with the last published version.
 * Content that differs from it under the same `policy.version` would change what customers read
 * without a new version, a new date or a change note: an error. A higher `policy.version` is a
 * version waiting to be published: a note. The last published version comes from the database
 * at start-up and from the committed record (published-record.ts) for `custodian manifest lint`.
 */
import type { Manifest } from '../core/manifest/manifest.ts';
import type { RawFinding } from './lint-finding.ts';
import { contentHash } from './policy-hash.ts';

export interface LastPublished {
  /** The publication number (`policy_versions.version`). */
  version: number;
  /** The manifest's own `policy.version` of that publication. */
  policyVersion: number;
  contentHash: string;
}

export function lintAgainstPublished(m: Manifest, last: LastPublished): RawFinding[] {
  if (contentHash(m) === last.contentHash) return [];
  if (m.policy.version < last.policyVersion)
    return [
      {
        code: 'policy-version-behind',
        severity: 'error',
        path: ['policy', 'version'],
        message: `policy.version ${m.policy.version} is older than the published policy version ${last.policyVersion} (publication ${last.version})`,
      },
    ];
  if (m.policy.version === last.policyVersion)
    return [
      {
        code: 'unpublished-change',
        severity: 'error',
        path: ['policy', 'version'],
        message: `the content differs from what is published as policy version ${last.policyVersion} (publication ${last.version}): raise policy.version, add a change-log entry and run \`custodian policy publish\``,
      },
    ];
  return [
    {
      code: 'unpublished-version',
      severity: 'info',
      path: ['policy', 'version'],
      message: `policy version ${m.policy.version} is not published yet: \`custodian policy publish\` publishes it with its change note`,
    },
  ];
}
