import { describe, expect, it } from 'vitest';
import { loadShipped, seedFaithfulPath, shippedCopy } from '../../test/policy/manifest-fixtures.ts';
import type { Manifest } from '../core/manifest/manifest.ts';
import { loadManifest } from '../core/manifest/manifest-loader.ts';
import { hasErrors, lintManifest, type Finding } from './manifest-linter.ts';

const codes = (findings: Finding[]) => findings.map((f) => `${f.severity}:${f.code}:${f.path}`);

async function lintChanged(change: (m: Manifest) => void): Promise<string[]> {
  const m = await shippedCopy();
  change(m);
  return codes(lintManifest(m));
}

describe('manifest linter', () => {
  it('finds no errors or warnings in the shipped manifest', async () => {
    const { manifest, locations } = await loadShipped();
    const findings = lintManifest(manifest, locations);
    expect(findings.filter((f) => f.severity !== 'info')).toEqual([]);
    expect(hasErrors(findings)).toBe(false);
  });

  it('catches the seed’s Privacy Shield and 24-month analytics cookies, with their lines', async () => {
    const { manifest, locations } = await loadManifest(seedFaithfulPath);
    const findings = lintManifest(manifest, locations);
    const shield = findings.filter((f) => f.code === 'privacy-shield');
    expect(shield.map((f) => f.path).sort()).toEqual([
      'recipients.google_analytics.transfer.basis',
      'recipients.whatsapp.transfer.basis',
    ]);
    expect(shield.every((f) => f.severity === 'error' && (f.line ?? 0) > 1)).toBe(true);
    const cookies = findings.filter((f) => f.code === 'cookie-lifetime');
    expect(cookies.map((f) => f.severity)).toEqual(['warning', 'warning']);
    expect(cookies[0]!.message).toMatch(/_ga .*24mo/);
  });

  const cases: [string, (m: Manifest) => void, string][] = [
    [
      'a source that does not exist',
      (m) => m.categories['user.name']!.sources.push('nowhere'),
      'error:dangling-source:categories["user.name"].sources[1]',
    ],
    [
      'a retention rule that does not exist',
      (m) => (m.categories['user.name']!.retention = 'forever'),
      'error:missing-retention:categories["user.name"].retention',
    ],
    [
      'a purpose naming an unknown category',
      (m) => m.purposes.payment!.categories.push('user.shoe_size'),
      'error:dangling-category:purposes.payment.categories[3]',
    ],
    [
      'a purpose naming an unknown subject',
      (m) => m.purposes.payment!.subjects.push('aliens'),
      'error:dangling-subject:purposes.payment.subjects[1]',
    ],
    [
      'a recipient naming an unknown purpose',
      (m) => (m.recipients.posti!.disclosures[0]!.purpose = 'fun'),
      'error:dangling-purpose:recipients.posti.disclosures[0].purpose',
    ],
    [
      'a recipient naming an unknown category',
      (m) => m.recipients.posti!.disclosures[0]!.categories.push('user.nope'),
      'error:dangling-category:recipients.posti.disclosures[0].categories[5]',
    ],
    [
      'a role naming an unknown category',
      (m) => m.roles.logistics!.categories.push('user.medical.*'),
      'error:dangling-role-category:roles.logistics.categories[4]',
    ],
    [
      'a purpose without a legal basis',
      (m) => delete m.purposes.payment!.legalBasis,
      'error:missing-legal-basis:purposes.payment',
    ],
    [
      'a consent purpose without consent category or channel',
      (m) => delete m.purposes.newsletter!.consentChannel,
      'error:consent-without-category:purposes.newsletter.legalBasis',
    ],
    [
      'a consent reference on a contract purpose',
      (m) => (m.purposes.payment!.consentCategory = 'marketing'),
      'warning:consent-reference-unused:purposes.payment.consentCategory',
    ],
    [
      'legitimate interests without the interest',
      (m) => delete m.purposes.abuse_prevention!.legitimateInterest,
      'error:legitimate-interest-unstated:purposes.abuse_prevention.legalBasis',
    ],
    [
      'consent on functional cookies',
      (m) => (m.purposes.analytics!.consentCategory = 'functional'),
      'error:consent-functional:purposes.analytics.consentCategory',
    ],
    [
      'a category no purpose uses',
      (m) => {
        m.categories['user.shoe_size'] = { ...m.categories['user.birthday']! };
      },
      'error:unused-category:categories["user.shoe_size"]',
    ],
    [
      'indefinite retention',
      (m) => (m.retention.account!.period = 'indefinite'),
      'warning:indefinite-retention:categories["user.birthday"].retention',
    ],
    [
      'a US recipient with no transfer basis',
      (m) => (m.recipients.google_analytics!.transfer.basis = 'none_needed'),
      'error:third-country-transfer:recipients.google_analytics.country',
    ],
    [
      'the DPF outside the US',
      (m) => {
        m.recipients.sms_partner!.country = 'IN';
        m.recipients.sms_partner!.transfer.basis = 'eu_us_dpf';
      },
      'error:third-country-transfer:recipients.sms_partner.transfer.basis',
    ],
    [
      'adequacy for a country without a decision',
      (m) => {
        m.recipients.sms_partner!.country = 'IN';
        m.recipients.sms_partner!.transfer.basis = 'adequacy';
      },
      'error:third-country-transfer:recipients.sms_partner.transfer.basis',
    ],
    [
      'the Privacy Shield as a basis',
      (m) => (m.recipients.google_analytics!.transfer.basis = 'privacy_shield'),
      'error:privacy-shield:recipients.google_analytics.transfer.basis',
    ],
    [
      'the Privacy Shield named in a note',
      (m) =>
        (m.recipients.google_analytics!.transfer.note = { en: 'Privacy Shield', fi: 'x', sv: 'x' }),
      'error:privacy-shield:recipients.google_analytics.transfer.note',
    ],
    [
      'a processor without an agreement (Art. 28(3))',
      (m) => delete m.recipients.google_analytics!.agreement,
      'error:processor-without-agreement:recipients.google_analytics.role',
    ],
    [
      'a processor under mere controller terms',
      (m) => (m.recipients.sms_partner!.agreement!.kind = 'controller_terms'),
      'error:processor-without-agreement:recipients.sms_partner.agreement.kind',
    ],
    [
      'a US processor without a transfer safeguard',
      (m) => {
        m.recipients.recommendation_partner!.country = 'US';
        m.recipients.recommendation_partner!.transfer.basis = 'none_needed';
      },
      'error:third-country-transfer:recipients.recommendation_partner.country',
    ],
    [
      'a US sub-processor without a transfer safeguard',
      (m) => delete m.recipients.google_analytics!.subProcessors![0]!.transfer,
      'error:third-country-transfer:recipients.google_analytics.subProcessors[0].country',
    ],
    [
      'a sub-processor on adequacy where there is none',
      (m) =>
        m.recipients.sms_partner!.subProcessors!.push({
          name: 'Gateway',
          service: 'delivery',
          country: 'IN',
          transfer: 'adequacy',
        }),
      'error:third-country-transfer:recipients.sms_partner.subProcessors[1].transfer',
    ],
    [
      'a derogation for a regular processor',
      (m) => (m.recipients.google_analytics!.transfer.basis = 'derogation'),
      'warning:transfer-derogation:recipients.google_analytics.transfer.basis',
    ],
    [
      'a disclosure outside its purpose',
      (m) => m.recipients.posti!.disclosures[0]!.categories.push('user.browsing'),
      'error:disclosure-outside-purpose:recipients.posti.disclosures[0].categories[5]',
    ],
    [
      'an empty field list',
      (m) => (m.recipients.posti!.disclosures[0]!.fields = []),
      'warning:disclosure-no-fields:recipients.posti.disclosures[0].fields',
    ],
    [
      'a marketing cookie living two years',
      (m) => (m.cookies.find((c) => c.name === 'fr')!.lifetime = '2y'),
      'warning:cookie-lifetime:cookies[13].lifetime',
    ],
    [
      'a cookie declared twice',
      (m) => m.cookies.push({ ...m.cookies[0]! }),
      'error:cookie-duplicate:cookies[14].name',
    ],
    [
      'asking again only after two years',
      (m) => (m.consent.renewAfter = '24mo'),
      'warning:consent-renewal:consent.renewAfter',
    ],
    [
      'a missing right',
      (m) => (m.rights = m.rights.filter((r) => r !== 'erasure')),
      'error:missing-right:rights',
    ],
    [
      'no right to withdraw consent',
      (m) => (m.rights = m.rights.filter((r) => r !== 'withdraw_consent')),
      'error:missing-right:rights',
    ],
    [
      'no portability',
      (m) => (m.rights = m.rights.filter((r) => r !== 'portability')),
      'warning:missing-right:rights',
    ],
    [
      'a version not in the change log',
      (m) => (m.policy.version += 1),
      'error:policy-change-log:policy.version',
    ],
    [
      'a retention rule no category uses',
      (m) => (m.retention.spare = { ...m.retention.account! }),
      'info:unused-retention:retention.spare',
    ],
    [
      'a source no category uses',
      (m) => (m.sources.spare = { ...m.sources.customer! }),
      'info:unused-source:sources.spare',
    ],
  ];

  it.each(cases)('reports %s', async (_name, change, expected) => {
    expect(await lintChanged(change)).toContain(expected);
  });

  it('finds every shipped processor under a data processing agreement', async () => {
    const { manifest } = await loadShipped();
    const processors = Object.entries(manifest.recipients).filter(
      ([, r]) => r.role === 'processor',
    );
    expect(processors.length).toBeGreaterThan(0);
    for (const [key, r] of processors) expect(r.agreement?.kind, key).toBe('dpa');
  });

  it('gives each finding the line of the part it is about', async () => {
    const loaded = await loadShipped();
    const m = structuredClone(loaded.manifest);
    m.recipients.google_analytics!.transfer.basis = 'none_needed';
    const [finding] = lintManifest(m, loaded.locations).filter(
      (f) => f.code === 'third-country-transfer',
    );
    expect(finding?.line).toBe(
      loaded.locations.at(['recipients', 'google_analytics', 'country'])?.line,
    );
  });
});
