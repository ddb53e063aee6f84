/**
 * Start-up and deliberate publishing (issue 14): a store (`hold`) never publishes an edited
 * manifest by itself; it keeps serving the published version until staff publish with a note.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/support/database.ts';
import { loadShipped } from '../../test/policy/manifest-fixtures.ts';
import { createLogger } from '../kit/log.ts';
import { DomainError, ValidationError } from '../kit/errors.ts';
import type { LoadedManifest } from '../core/manifest/manifest-loader.ts';
import { createPolicyService } from './policy.service.ts';

const log = createLogger('silent');
const notes = {
  en: 'A new address for customer service.',
  fi: 'Asiakaspalvelulla on uusi osoite.',
  sv: 'Kundtjänsten har en ny adress.',
};

describe('start-up holds an edited manifest until it is published', () => {
  let database: TestDatabase;
  let shipped: LoadedManifest;
  beforeAll(async () => {
    database = await createTestDatabase();
    shipped = await loadShipped();
  });
  afterAll(() => database?.drop());

  it('publishes the first version on a fresh database, then serves the published one', async () => {
    const first = await createPolicyService(database, shipped, log, { unpublished: 'hold' });
    expect(first.currentVersion.version).toBe(1);
    expect(first.pending).toBeUndefined();
    // The first version's note is the change log's latest entry.
    expect(first.currentVersion.notes?.fi).toBe(shipped.manifest.policy.changes.at(-1)?.summary.fi);

    const manifest = structuredClone(shipped.manifest);
    manifest.controller.customerServiceEmail = 'palvelu@hersecret.se';
    manifest.policy.version = shipped.manifest.policy.version + 1;
    const held = await createPolicyService(database, { ...shipped, manifest }, log, {
      unpublished: 'hold',
    });
    expect(held.currentVersion.version).toBe(1);
    expect(held.manifest.controller.customerServiceEmail).toBe('asiakaspalvelu@hersecret.se');
    expect(held.pending?.controller.customerServiceEmail).toBe('palvelu@hersecret.se');
    expect(await held.listVersions()).toHaveLength(1);

    // A note missing in a language is refused; nothing is published.
    await expect(held.publish({ significant: true, notes: { ...notes, sv: ' ' } })).rejects.toThrow(
      ValidationError,
    );
    const row = await held.publish({ significant: true, notes, effectiveDate: '2026-12-04' });
    expect(row).toMatchObject({
      version: 2,
      significant: true,
      effectiveDate: '2026-12-04',
      notes,
    });
    expect(held.currentVersion.version).toBe(2);
    expect(held.manifest.controller.customerServiceEmail).toBe('palvelu@hersecret.se');
    expect(held.pending).toBeUndefined();
    // The same content again is not a new version.
    await expect(held.publish({ significant: false, notes })).rejects.toThrow(DomainError);
  });

  it('refuses changed content under a policy.version already published', async () => {
    const manifest = structuredClone(shipped.manifest);
    manifest.controller.customerServiceEmail = 'third@hersecret.se';
    manifest.policy.version = shipped.manifest.policy.version + 1;
    const held = await createPolicyService(database, { ...shipped, manifest }, log, {
      unpublished: 'hold',
    });
    expect(held.currentVersion.version).toBe(2);
    await expect(held.publish({ significant: false, notes })).rejects.toThrow(
      /higher policy.version/,
    );
  });
});
