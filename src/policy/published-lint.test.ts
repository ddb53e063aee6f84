import { describe, expect, it } from 'vitest';
import { loadShipped } from '../../test/policy/manifest-fixtures.ts';
import { lintManifest } from './manifest-linter.ts';
import { contentHash } from './policy-hash.ts';
import { lastPublished, readPublishedRecord } from './published-record.ts';

describe('the manifest against the last published version (issue 16.4)', () => {
  it('is clean when the shipped manifest is what its committed record says was published', async () => {
    const shipped = await loadShipped();
    const record = await readPublishedRecord(shipped.locations.file);
    const last = record && lastPublished(record);
    expect(last?.contentHash).toBe(contentHash(shipped.manifest));
    expect(
      lintManifest(shipped.manifest, shipped.locations, last).map((f) => f.code),
    ).not.toContain('unpublished-change');
  });

  it('is an error to change what is published without a new policy.version', async () => {
    const { manifest, locations } = await loadShipped();
    const shippedVersion = manifest.policy.version;
    const last = { version: 1, policyVersion: shippedVersion, contentHash: contentHash(manifest) };
    const edited = structuredClone(manifest);
    edited.controller.customerServiceEmail = 'other@hersecret.se';
    const findings = lintManifest(edited, locations, last);
    const finding = findings.find((f) => f.code === 'unpublished-change');
    expect(finding).toMatchObject({ severity: 'error', path: 'policy.version' });
    expect(finding?.line).toBeGreaterThan(0);

    edited.policy.version = shippedVersion + 1;
    const bumped = lintManifest(edited, locations, last);
    expect(bumped.find((f) => f.code === 'unpublished-version')?.severity).toBe('info');

    edited.policy.version = shippedVersion;
    const behind = lintManifest(edited, locations, { ...last, policyVersion: shippedVersion + 2 });
    expect(behind.find((f) => f.code === 'policy-version-behind')?.severity).toBe('error');
  });
});
