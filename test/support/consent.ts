/** The shipped manifest and a consent service over a test database, for the consent tests. */
import { loadManifest } from '../../src/core/manifest/manifest-loader.ts';
import type { Manifest } from '../../src/core/manifest/manifest.ts';
import { ConsentService, type ConsentServiceDeps } from '../../src/consent/consent.service.ts';
import type { ConsentChoice } from '../../src/consent/consent.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';

export async function shippedManifest(): Promise<Manifest> {
  return (await loadManifest('privacy/hersecret.yaml')).manifest;
}

export async function createConsentTest(
  options: Partial<Omit<ConsentServiceDeps, 'database'>> = {},
): Promise<{ database: TestDatabase; consent: ConsentService; manifest: Manifest }> {
  const database = await createTestDatabase();
  const manifest = await shippedManifest();
  const consent = new ConsentService({ database, manifest: () => manifest, ...options });
  return { database, consent, manifest };
}

/** A banner choice with the current text in English; override any part. */
export function bannerChoice(
  consent: ConsentService,
  overrides: Partial<ConsentChoice> = {},
): ConsentChoice {
  const config = consent.config('en');
  return {
    subject: { visitorId: 'v-test' },
    decisions: { analytics: false, marketing: false, personalisation: false },
    policyVersion: config.policyVersion,
    textHash: config.textHash,
    signals: { gpc: false, dnt: false },
    explicit: true,
    source: 'banner',
    lang: 'en',
    ...overrides,
  };
}
