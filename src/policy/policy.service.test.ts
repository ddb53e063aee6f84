import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/support/database.ts';
import { loadShipped } from '../../test/policy/manifest-fixtures.ts';
import { DomainError } from '../kit/errors.ts';
import { createLogger } from '../kit/log.ts';
import type { LoadedManifest } from '../core/manifest/manifest-loader.ts';
import { insertNextVersion } from './policy.repository.ts';
import {
  canonicalJson,
  contentHash,
  createPolicyService,
  publishManifest,
} from './policy.service.ts';

const log = createLogger('silent');

describe('policy service: published versions', () => {
  let database: TestDatabase;
  let shipped: LoadedManifest;
  beforeAll(async () => {
    database = await createTestDatabase();
    shipped = await loadShipped();
  });
  afterAll(() => database?.drop());

  const edited = (change: (m: LoadedManifest['manifest']) => void): LoadedManifest => {
    const manifest = structuredClone(shipped.manifest);
    change(manifest);
    return { ...shipped, manifest };
  };

  it('publishes the manifest once, however often the service starts', async () => {
    const first = await createPolicyService(database, shipped, log);
    const again = await createPolicyService(database, shipped, log);
    expect(first.currentVersion.version).toBe(1);
    expect(again.currentVersion).toEqual(first.currentVersion);
    expect(first.currentVersion).toMatchObject({
      effectiveDate: shipped.manifest.policy.date,
      contentHash: contentHash(shipped.manifest),
      significant: false,
    });
    expect(await first.listVersions()).toHaveLength(1);
  });

  it('stores a new version only when the content changes, and keeps the old one readable', async () => {
    const changed = edited((m) => (m.controller.customerServiceEmail = 'help@hersecret.se'));
    const service = await createPolicyService(database, changed, log);
    expect(service.currentVersion.version).toBe(2);
    expect(service.currentVersion.significant).toBe(false); // policy.version did not move
    const old = await service.findVersion(1);
    expect(old?.manifest.controller.customerServiceEmail).toBe('asiakaspalvelu@hersecret.se');
    expect((await service.findVersion(2))?.manifest.controller.customerServiceEmail).toBe(
      'help@hersecret.se',
    );
    expect(await service.findVersion(99)).toBeUndefined();
  });

  it('marks a version significant when the manifest bumps its policy version as significant', async () => {
    const bumped = edited((m) => {
      m.policy.version += 1;
      m.policy.date = '2027-01-15';
      m.policy.significant = true;
      m.policy.changes.push({
        ...m.policy.changes[0]!,
        version: m.policy.version,
        date: '2027-01-15',
        significant: true,
      });
    });
    const service = await createPolicyService(database, bumped, log);
    expect(service.currentVersion).toMatchObject({
      version: 3,
      significant: true,
      effectiveDate: '2027-01-15',
    });
    expect(service.currentVersion.label).toBe(
      `${shipped.manifest.policy.version + 1} (2027-01-15)`,
    );
  });

  it('returns to an earlier version row when the content returns to it', async () => {
    const service = await createPolicyService(database, shipped, log);
    expect(service.currentVersion.version).toBe(1);
  });

  it('agrees on one version number when many processes publish at once', async () => {
    const m = edited((x) => (x.store.name = 'HerSecret'));
    const rows = await Promise.all(
      Array.from({ length: 5 }, () => publishManifest(database, m.manifest)),
    );
    expect(new Set(rows.map((r) => r.version)).size).toBe(1);
  });

  it('refuses to show a stored version the current schema cannot read, with a domain error', async () => {
    await insertNextVersion(database.db, {
      label: 'old format',
      effectiveDate: '2020-01-01',
      contentHash: 'old-format',
      manifest: JSON.stringify({ manifest: 0 }),
      significant: false,
    });
    const service = await createPolicyService(database, shipped, log);
    const [row] = (await service.listVersions()).filter((v) => v.contentHash === 'old-format');
    const attempt = service.findVersion(row!.version);
    await expect(attempt).rejects.toBeInstanceOf(DomainError);
    await expect(attempt).rejects.toMatchObject({ code: 'conflict' });
  });

  it('hashes content, not key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: 3 } })).toBe(
      '{"a":{"c":3,"d":[2,{"y":2,"z":1}]},"b":1}',
    );
  });
});
