/**
 * Proof of each purpose with its legal basis: the policy publishes it with that basis in every
 * language, and the one decision point every processing asks (`ConsentGate`) applies that basis
 * with the shipped manifest. A consent-based purpose runs only with its own consent, refused or
 * undecided it does not; a purpose on contract, legal obligation or legitimate interests runs
 * without asking consent (it must not hang on a cookie choice), and an upheld objection or a
 * restriction stops it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app/app.ts';
import type { LatestDecision, LatestDecisions } from '../../src/consent/consent.ts';
import { ConsentGate } from '../../src/consent/consent-gate.ts';
import { loadManifest } from '../../src/core/manifest/manifest-loader.ts';
import { legalBasisArticle, legalBasisTerms } from '../../src/policy/policy-terms.ts';
import { proves } from '../support/proves.ts';
import { createTestServices, type TestServices } from '../support/services.ts';

const { manifest } = await loadManifest('privacy/hersecret.yaml');
const langs = ['en', 'fi', 'sv'] as const;

const decided = (granted: boolean): LatestDecision => ({
  granted,
  seq: 1,
  recordId: 'r1',
  decidedAt: new Date('2026-01-10T00:00:00Z'),
  policyVersion: manifest.policy.version,
  explicit: true,
  gpc: false,
  dnt: false,
});

const gate = (latest: LatestDecisions) =>
  new ConsentGate({
    manifest: () => manifest,
    latest: async () => latest,
    significantVersion: async () => undefined,
    now: () => new Date('2026-02-01T00:00:00Z'),
  });

/** Every category and channel refused: what a visitor who says no to everything leaves. */
const allRefused: LatestDecisions = Object.fromEntries(
  ['analytics', 'marketing', 'personalisation', 'newsletter', 'sms', 'whatsapp'].map((k) => [
    k,
    decided(false),
  ]),
);

describe('each purpose is published and applied on its legal basis', () => {
  let services: TestServices;
  const policyPages: Partial<Record<(typeof langs)[number], string>> = {};
  beforeAll(async () => {
    services = await createTestServices();
    const app = createApp(services);
    for (const lang of langs) {
      const res = await app.request(`/privacy?lang=${lang}`, { headers: { accept: 'text/html' } });
      policyPages[lang] = (await res.text()).replaceAll('&#39;', "'").replaceAll('&amp;', '&');
    }
  });
  afterAll(() => services?.close());

  for (const [key, purpose] of Object.entries(manifest.purposes)) {
    const basis = purpose.legalBasis;
    it(`${key}: ${basis ?? 'no basis'}`, proves(`purpose:${key}`), async () => {
      expect(basis, 'a published purpose states its legal basis').toBeDefined();
      if (!basis) return;
      for (const lang of langs) {
        const page = policyPages[lang]!;
        expect(page).toContain(purpose.label[lang]);
        expect(page).toContain(legalBasisTerms[basis][lang]);
        expect(page).toContain(legalBasisArticle(basis, lang));
      }
      const subject = { visitorId: 'v-proof', customerId: 'c-proof' };
      if (basis === 'consent') {
        const needs = purpose.consentCategory ?? purpose.consentChannel;
        expect(needs, 'a consent-based purpose names the consent it needs').toBeDefined();
        expect(await gate({}).explain(subject, key)).toEqual({
          allowed: false,
          reason: 'no_decision',
        });
        expect(await gate(allRefused).allows(subject, key)).toBe(false);
        expect(await gate({ ...allRefused, [needs!]: decided(true) }).allows(subject, key)).toBe(
          true,
        );
        // Its own consent only: every other consent given does not allow it.
        const others = Object.fromEntries(
          Object.keys(allRefused).map((k) => [k, decided(k !== needs)]),
        );
        expect(await gate(others).allows(subject, key)).toBe(false);
        return;
      }
      expect(purpose.consentCategory ?? purpose.consentChannel).toBeUndefined();
      expect(await gate(allRefused).explain(subject, key)).toEqual({
        allowed: true,
        reason: 'not_consent_based',
      });
      const stopped = gate({});
      stopped.addBlock({ name: 'objection', blocks: (_s, purposeKey) => purposeKey === key });
      expect(await stopped.explain(subject, key)).toEqual({
        allowed: false,
        reason: 'blocked:objection',
      });
    });
  }
});
