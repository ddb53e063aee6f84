/**
 * The linter's rules, one small generator each. docs/manifest.md lists the codes; a rule that
 * cites the law names the article in its message so the DPO can check it.
 */
import { durationSeconds, parseDuration } from '../core/manifest/duration.ts';
import type { Manifest, Right } from '../core/manifest/manifest.ts';
import type { LintRule, RawFinding } from './lint-finding.ts';

/** EU member states and the EEA (Iceland, Liechtenstein, Norway): no Chapter V transfer. */
export const euEea = new Set(
  'AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE IS LI NO'.split(
    ' ',
  ),
);

/** Countries with a general adequacy decision (Art. 45); the US only through the DPF. */
export const adequateCountries = new Set('AD AR CA FO GG IL IM JP JE NZ KR CH GB UY'.split(' '));

const thirteenMonths = durationSeconds({ amount: 13, unit: 'mo' });
const twelveMonths = durationSeconds({ amount: 12, unit: 'mo' });

const categoryKeys = (m: Manifest) => new Set(Object.keys(m.categories));

function* danglingReferences(m: Manifest): Iterable<RawFinding> {
  const categories = categoryKeys(m);
  for (const [key, c] of Object.entries(m.categories)) {
    for (const [i, source] of c.sources.entries())
      if (!m.sources[source])
        yield error(
          'dangling-source',
          ['categories', key, 'sources', i],
          `no source "${source}" is declared under sources`,
        );
  }
  for (const [key, p] of Object.entries(m.purposes)) {
    for (const [i, c] of p.categories.entries())
      if (!categories.has(c))
        yield error(
          'dangling-category',
          ['purposes', key, 'categories', i],
          `no data category "${c}" is declared under categories`,
        );
    for (const [i, s] of p.subjects.entries())
      if (!m.subjects[s])
        yield error(
          'dangling-subject',
          ['purposes', key, 'subjects', i],
          `no data-subject category "${s}" is declared under subjects`,
        );
  }
  for (const [key, r] of Object.entries(m.recipients)) {
    for (const [d, disclosure] of r.disclosures.entries()) {
      if (!m.purposes[disclosure.purpose])
        yield error(
          'dangling-purpose',
          ['recipients', key, 'disclosures', d, 'purpose'],
          `no purpose "${disclosure.purpose}" is declared under purposes`,
        );
      for (const [i, c] of disclosure.categories.entries())
        if (!categories.has(c))
          yield error(
            'dangling-category',
            ['recipients', key, 'disclosures', d, 'categories', i],
            `no data category "${c}" is declared under categories`,
          );
    }
  }
  for (const [key, role] of Object.entries(m.roles)) {
    for (const [i, pattern] of role.categories.entries())
      if (![...categories].some((c) => matchesCategory(pattern, c)))
        yield error(
          'dangling-role-category',
          ['roles', key, 'categories', i],
          `"${pattern}" matches no declared data category`,
        );
  }
}

/** `user.contact.*` covers the subtree; a plain key covers itself and its children. */
export function matchesCategory(pattern: string, category: string): boolean {
  const base = pattern.endsWith('.*') ? pattern.slice(0, -2) : pattern;
  return category === base || category.startsWith(`${base}.`);
}

function* retention(m: Manifest): Iterable<RawFinding> {
  const used = new Set<string>();
  for (const [key, c] of Object.entries(m.categories)) {
    used.add(c.retention);
    const rule = m.retention[c.retention];
    if (!rule)
      yield error(
        'missing-retention',
        ['categories', key, 'retention'],
        `the retention rule "${c.retention}" is not declared under retention, so this category has no retention period (Art. 5(1)(e), Art. 13(2)(a))`,
      );
    else if (rule.period === 'indefinite')
      yield warning(
        'indefinite-retention',
        ['categories', key, 'retention'],
        `kept indefinitely under "${c.retention}": storage limitation (Art. 5(1)(e)) needs a period or criteria`,
      );
  }
  for (const key of Object.keys(m.retention))
    if (!used.has(key))
      yield info(
        'unused-retention',
        ['retention', key],
        'no data category uses this rule; it is only stated in the policy',
      );
}

function* purposes(m: Manifest): Iterable<RawFinding> {
  for (const [key, p] of Object.entries(m.purposes)) {
    const at = ['purposes', key];
    if (!p.legalBasis) {
      yield error(
        'missing-legal-basis',
        at,
        'a purpose needs a legal basis (Art. 6(1), Art. 13(1)(c))',
      );
      continue;
    }
    if (p.legalBasis === 'consent' && !p.consentCategory && !p.consentChannel)
      yield error(
        'consent-without-category',
        [...at, 'legalBasis'],
        'a consent-based purpose must name the consentCategory (cookie banner) or consentChannel (newsletter, sms…) whose consent it needs',
      );
    if (p.legalBasis !== 'consent' && (p.consentCategory || p.consentChannel))
      yield warning(
        'consent-reference-unused',
        [...at, p.consentCategory ? 'consentCategory' : 'consentChannel'],
        `names a consent but its legal basis is ${p.legalBasis}; withdrawing the consent would not stop it`,
      );
    if (p.legalBasis === 'legitimate_interests' && !p.legitimateInterest)
      yield error(
        'legitimate-interest-unstated',
        [...at, 'legalBasis'],
        'legitimate interests must be stated to the data subject (Art. 13(1)(d)): add legitimateInterest',
      );
    if (p.consentCategory === 'functional')
      yield error(
        'consent-functional',
        [...at, 'consentCategory'],
        'functional cookies are always on, so they cannot carry consent',
      );
  }
}

function* unusedCategories(m: Manifest): Iterable<RawFinding> {
  const used = new Set(Object.values(m.purposes).flatMap((p) => p.categories));
  for (const key of Object.keys(m.categories))
    if (!used.has(key))
      yield error(
        'unused-category',
        ['categories', key],
        'collected but used by no purpose (purpose limitation, Art. 5(1)(b))',
      );
  const usedSources = new Set(Object.values(m.categories).flatMap((c) => c.sources));
  for (const key of Object.keys(m.sources))
    if (!usedSources.has(key))
      yield info('unused-source', ['sources', key], 'no data category comes from this source');
}

function* recipients(m: Manifest): Iterable<RawFinding> {
  for (const [key, r] of Object.entries(m.recipients)) {
    const at = ['recipients', key];
    const basis = r.transfer.basis;
    const mentionsShield = [r.transfer.note, r.condition, r.label]
      .flatMap((t) => (t ? Object.values(t) : []))
      .some((t) => /privacy\s*shield/i.test(t));
    if (basis === 'privacy_shield' || mentionsShield)
      yield error(
        'privacy-shield',
        [...at, 'transfer', basis === 'privacy_shield' ? 'basis' : 'note'],
        'the EU–US Privacy Shield was invalidated by the CJEU on 16 July 2020 (C-311/18, Schrems II); use eu_us_dpf (EU–US Data Privacy Framework, 10 July 2023) for certified US recipients, or scc',
      );
    else if (!euEea.has(r.country)) {
      if (basis === 'none_needed')
        yield error(
          'third-country-transfer',
          [...at, 'country'],
          `${r.country} is outside the EU/EEA: a transfer needs a valid basis under GDPR Chapter V (adequacy, eu_us_dpf, scc, bcr)`,
        );
      else if (basis === 'eu_us_dpf' && r.country !== 'US')
        yield error(
          'third-country-transfer',
          [...at, 'transfer', 'basis'],
          `the EU–US Data Privacy Framework covers only certified US organisations, not ${r.country}`,
        );
      else if (basis === 'adequacy' && !adequateCountries.has(r.country))
        yield error(
          'third-country-transfer',
          [...at, 'transfer', 'basis'],
          `the Commission has adopted no general adequacy decision for ${r.country}`,
        );
      else if (basis === 'derogation')
        yield warning(
          'transfer-derogation',
          [...at, 'transfer', 'basis'],
          'Art. 49 derogations are for occasional transfers, not for a regular processor',
        );
    }
    for (const [d, disclosure] of r.disclosures.entries()) {
      const purpose = m.purposes[disclosure.purpose];
      if (!purpose) continue;
      for (const [i, c] of disclosure.categories.entries())
        if (m.categories[c] && !purpose.categories.includes(c))
          yield error(
            'disclosure-outside-purpose',
            [...at, 'disclosures', d, 'categories', i],
            `"${c}" is disclosed for ${disclosure.purpose}, but that purpose does not process it`,
          );
      if (disclosure.fields?.length === 0)
        yield warning(
          'disclosure-no-fields',
          [...at, 'disclosures', d, 'fields'],
          'an empty field list lets the disclosure gate send nothing',
        );
    }
  }
}

/**
 * Contracts (Art. 28): a processor may receive data only under a written agreement, and each of
 * its sub-processors outside the EU/EEA needs a Chapter V safeguard of its own.
 */
function* contracts(m: Manifest): Iterable<RawFinding> {
  for (const [key, r] of Object.entries(m.recipients)) {
    const at = ['recipients', key];
    if (r.role === 'processor' && !r.agreement)
      yield error(
        'processor-without-agreement',
        [...at, 'role'],
        'a processor processes data only under a written agreement (GDPR Art. 28(3)): state its agreement (title, version, date, where it is kept)',
      );
    else if (r.role === 'processor' && r.agreement?.kind !== 'dpa')
      yield error(
        'processor-without-agreement',
        [...at, 'agreement', 'kind'],
        'a processor needs a data processing agreement (kind: dpa, GDPR Art. 28(3))',
      );
    for (const [i, sub] of (r.subProcessors ?? []).entries()) {
      if (euEea.has(sub.country)) continue;
      const basis = sub.transfer;
      if (!basis || basis === 'none_needed' || basis === 'privacy_shield')
        yield error(
          'third-country-transfer',
          [...at, 'subProcessors', i, 'country'],
          `sub-processor ${sub.name} is in ${sub.country}, outside the EU/EEA: it needs a valid basis under GDPR Chapter V (adequacy, eu_us_dpf, scc, bcr)`,
        );
      else if (basis === 'eu_us_dpf' && sub.country !== 'US')
        yield error(
          'third-country-transfer',
          [...at, 'subProcessors', i, 'transfer'],
          `the EU–US Data Privacy Framework covers only certified US organisations, not ${sub.country}`,
        );
      else if (basis === 'adequacy' && !adequateCountries.has(sub.country))
        yield error(
          'third-country-transfer',
          [...at, 'subProcessors', i, 'transfer'],
          `the Commission has adopted no general adequacy decision for ${sub.country}`,
        );
    }
  }
}

function* cookies(m: Manifest): Iterable<RawFinding> {
  const seen = new Map<string, number>();
  for (const [i, cookie] of m.cookies.entries()) {
    const at = ['cookies', i];
    if (seen.has(cookie.name))
      yield error(
        'cookie-duplicate',
        [...at, 'name'],
        `"${cookie.name}" is declared twice (also cookies[${seen.get(cookie.name)}])`,
      );
    seen.set(cookie.name, i);
    const d = parseDuration(cookie.lifetime);
    if (
      cookie.category !== 'functional' &&
      d &&
      d !== 'session' &&
      durationSeconds(d) > thirteenMonths
    )
      yield warning(
        'cookie-lifetime',
        [...at, 'lifetime'],
        `${cookie.name} (${cookie.category}) lives ${cookie.lifetime}, longer than 13 months (CNIL guidance on audience measurement)`,
      );
  }
  const renew = parseDuration(m.consent.renewAfter);
  if (renew && renew !== 'session' && durationSeconds(renew) > twelveMonths)
    yield warning(
      'consent-renewal',
      ['consent', 'renewAfter'],
      'ask again about every 6 months (CNIL); more than 12 months is too long',
    );
}

const required: Right[] = [
  'access',
  'rectification',
  'erasure',
  'restriction',
  'objection',
  'complaint',
];

function* rightsStated(m: Manifest): Iterable<RawFinding> {
  const stated = new Set<Right>(m.rights);
  for (const r of required)
    if (!stated.has(r))
      yield error(
        'missing-right',
        ['rights'],
        `the right "${r}" must be stated (Art. 13(2)(b), (d))`,
      );
  if (
    Object.values(m.purposes).some((p) => p.legalBasis === 'consent') &&
    !stated.has('withdraw_consent')
  )
    yield error(
      'missing-right',
      ['rights'],
      'purposes rest on consent, so the right to withdraw it must be stated (Art. 13(2)(c))',
    );
  if (!stated.has('portability'))
    yield warning(
      'missing-right',
      ['rights'],
      'data portability (Art. 20) applies to data processed on consent or contract; state it',
    );
}

function* policyVersion(m: Manifest): Iterable<RawFinding> {
  const latest = [...m.policy.changes].sort((a, b) => b.version - a.version)[0];
  if (latest && (latest.version !== m.policy.version || latest.date !== m.policy.date))
    yield error(
      'policy-change-log',
      ['policy', 'version'],
      `policy.version ${m.policy.version} (${m.policy.date}) must match the latest change-log entry, version ${latest.version} (${latest.date})`,
    );
}

function error(code: string, path: (string | number)[], message: string): RawFinding {
  return { code, severity: 'error', path, message };
}
function warning(code: string, path: (string | number)[], message: string): RawFinding {
  return { code, severity: 'warning', path, message };
}
function info(code: string, path: (string | number)[], message: string): RawFinding {
  return { code, severity: 'info', path, message };
}

export const lintRules: LintRule[] = [
  danglingReferences,
  retention,
  purposes,
  unusedCategories,
  recipients,
  contracts,
  cookies,
  rightsStated,
  policyVersion,
];
