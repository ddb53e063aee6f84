import { beforeAll, describe, expect, it } from 'vitest';
import { shippedManifest } from '../../test/support/consent.ts';
import type { Manifest } from '../core/manifest/manifest.ts';
import type { LatestDecision, LatestDecisions } from './consent.ts';
import { ConsentGate } from './consent-gate.ts';

const decided = (
  granted: boolean,
  seq: number,
  over: Partial<LatestDecision> = {},
): LatestDecision => ({
  granted,
  seq,
  recordId: `r${seq}`,
  decidedAt: new Date('2026-01-10T00:00:00Z'),
  policyVersion: 1,
  explicit: true,
  gpc: false,
  dnt: false,
  ...over,
});

describe('consent gate', () => {
  let manifest: Manifest;
  beforeAll(async () => {
    manifest = await shippedManifest();
  });
  const gate = (latest: LatestDecisions, m = manifest) =>
    new ConsentGate({
      manifest: () => m,
      latest: async () => latest,
      significantVersion: async () => undefined,
      now: () => new Date('2026-02-01T00:00:00Z'),
    });

  it('decides each consent-based purpose by its own category or channel', async () => {
    const g = gate({
      analytics: decided(true, 1),
      marketing: decided(false, 1),
      sms: decided(true, 2),
    });
    const verdicts = Object.fromEntries(
      await Promise.all(
        [
          'analytics',
          'targeted_marketing',
          'personalisation',
          'newsletter',
          'sms_marketing',
          'payment',
        ].map(async (p) => [p, (await g.explain({ visitorId: 'v' }, p)).reason] as const),
      ),
    );
    expect(verdicts).toEqual({
      analytics: 'consent_given',
      targeted_marketing: 'refused',
      personalisation: 'no_decision',
      newsletter: 'no_decision',
      sms_marketing: 'consent_given',
      payment: 'not_consent_based',
    });
  });

  it('treats a GPC/DNT refusal of marketing as an objection to marketing on legitimate interests', async () => {
    const m = structuredClone(manifest);
    const purpose = m.purposes.targeted_marketing!;
    purpose.legalBasis = 'legitimate_interests';
    delete purpose.consentCategory;
    const signalled = gate({ marketing: decided(false, 1, { gpc: true, explicit: false }) }, m);
    expect(await signalled.explain({ visitorId: 'v' }, 'targeted_marketing')).toEqual({
      allowed: false,
      reason: 'objected',
    });
    expect(await gate({}, m).allows({ visitorId: 'v' }, 'targeted_marketing')).toBe(true);
  });

  it('asks again only for a published version that touches consent, not for the manifest file', async () => {
    // A manifest edited to a higher, significant version but not yet published (or published
    // without touching consent) asks nobody again: the published versions decide.
    const m = structuredClone(manifest);
    m.policy.version += 1;
    m.policy.significant = true;
    const choice = { analytics: decided(true, 1, { policyVersion: manifest.policy.version }) };
    expect(await gate(choice, m).needsRenewal({ visitorId: 'v' })).toBe(false);
    const published = new ConsentGate({
      manifest: () => m,
      latest: async () => choice,
      significantVersion: async () => m.policy.version,
      now: () => new Date('2026-02-01T00:00:00Z'),
    });
    expect(await published.needsRenewal({ visitorId: 'v' })).toBe(true);
  });

  it('lets a processing block (restriction, objection) refuse any purpose', async () => {
    const g = gate({ analytics: decided(true, 1) });
    g.addBlock({ name: 'restricted', blocks: (s) => s.customerId === 'c-restricted' });
    expect(await g.explain({ customerId: 'c-restricted' }, 'order_fulfilment')).toEqual({
      allowed: false,
      reason: 'blocked:restricted',
    });
    expect(await g.allows({ customerId: 'c-ok' }, 'order_fulfilment')).toBe(true);
  });
});
