/**
 * Walks the seed policy's sections and checks that the rendered policy states each one's facts,
 * taken from the manifest, in English, Finnish and Swedish.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadShipped } from '../../test/policy/manifest-fixtures.ts';
import { htmlString } from '../kit/web/html-string.ts';
import { euEea } from './lint-rules.ts';
import type { Manifest } from '../core/manifest/manifest.ts';
import { PolicyArticle } from './policy-article.tsx';
import { buildPolicyDocument } from './policy-document.ts';
import { policyMarkdown } from './policy-markdown.ts';
import { prose } from './policy-messages.ts';
import {
  countryName,
  formatDate,
  formatDuration,
  legalBasisTerms,
  rightTerms,
  transferTerms,
  type Lang,
} from './policy-terms.ts';
import { proves } from '../../test/support/proves.ts';

const decode = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

/**
 * The text of each `<section id>` of the rendered page: up to the next one (a section holds
 * unnamed sections of its own, its tables' scroll regions).
 */
function sectionsOf(html: string): Record<string, string> {
  const out: Record<string, string> = {};
  const starts = [...html.matchAll(/<section id="([^"]+)"[^>]*>/g)];
  starts.forEach((m, i) => {
    const end = starts[i + 1]?.index ?? html.length;
    out[m[1]!] = decode(html.slice(m.index + m[0].length, end));
  });
  return out;
}

const seedSections = [
  'general',
  'controller',
  'collected',
  'purposes',
  'security',
  'processing',
  'retention',
  'rights',
  'access',
  'influence',
  'disclosures',
  'cookies',
  'amendments',
  'contact',
  'newsletter',
];

describe.each(['en', 'fi', 'sv'] as Lang[])('the rendered privacy policy in %s', (lang) => {
  let m: Manifest;
  let s: Record<string, string>;
  const t = (l: Record<Lang, string>) => l[lang];
  beforeAll(async () => {
    m = (await loadShipped()).manifest;
    s = sectionsOf(htmlString(<PolicyArticle doc={buildPolicyDocument(m, lang)} />));
  });

  it('has every section of the seed, in the seed’s order', () => {
    expect(Object.keys(s)).toEqual(seedSections);
  });

  it('General: the summary and every use', () => {
    expect(s.general).toContain(t(m.intro.summary));
    for (const use of m.intro.uses) expect(s.general).toContain(t(use));
  });

  it('Controller: name, business ID, address, privacy email and DPO', () => {
    const c = m.controller;
    for (const fact of [
      c.name,
      c.businessId,
      c.address.street,
      c.address.postalCode,
      c.privacyEmail,
      c.dpo.name,
      c.dpo.email,
    ])
      expect(s.controller).toContain(fact);
    expect(s.controller).toContain(c.address.city.toUpperCase());
    expect(s.controller).toContain(t(c.dpo.note!));
  });

  it('What information: every category, its group, the mandatory ones and every source', () => {
    for (const cat of Object.values(m.categories)) {
      expect(s.collected).toContain(t(cat.label));
      if (cat.description) expect(s.collected).toContain(t(cat.description));
    }
    const mandatory = Object.values(m.categories).filter((c) => c.mandatoryForPurchase);
    expect(mandatory.length).toBeGreaterThan(0);
    expect(s.collected).toContain(mandatory.map((c) => t(c.label)).join(', '));
    for (const source of Object.values(m.sources)) expect(s.collected).toContain(t(source.label));
  });

  it('What used for: every purpose with its legal basis and stated interest', () => {
    for (const p of Object.values(m.purposes)) {
      expect(s.purposes).toContain(t(p.label));
      expect(s.purposes).toContain(t(legalBasisTerms[p.legalBasis!]));
      if (p.legitimateInterest) expect(s.purposes).toContain(t(p.legitimateInterest));
      if (p.automatedDecision) expect(s.purposes).toContain(t(p.automatedDecision));
    }
  });

  it('Stored and protected: the data location and every security measure', () => {
    expect(s.security).toContain(t(m.controller.dataLocation));
    for (const measure of m.security) expect(s.security).toContain(t(measure));
  });

  it('Who processes: every staff role', () => {
    for (const role of Object.values(m.roles)) expect(s.processing).toContain(t(role.label));
  });

  it('How long: every category’s retention and the laws', () => {
    for (const rule of Object.values(m.retention)) {
      expect(s.retention).toContain(t(rule.label));
      if (rule.law) expect(s.retention).toContain(t(rule.law));
    }
  });

  it('Rights: every right and the complaint authority', proves('right:complaint'), () => {
    for (const r of m.rights) expect(s.rights).toContain(t(rightTerms[r].label));
    expect(s.rights).toContain(t(m.supervisoryAuthority.name));
    expect(s.rights).toContain(m.supervisoryAuthority.url);
  });

  it('How to get data and Influence: the contact and the account choices', () => {
    expect(s.access).toContain(m.controller.privacyEmail);
    expect(s.influence).toContain(t(prose.influence));
  });

  it('Disclosed to third parties: every recipient, country and transfer basis', () => {
    for (const r of Object.values(m.recipients)) {
      expect(s.disclosures).toContain(t(r.label));
      if (r.name) expect(s.disclosures).toContain(r.name);
      expect(s.disclosures).toContain(countryName(r.country, lang));
      expect(s.disclosures).toContain(t(transferTerms[r.transfer.basis]));
      for (const d of r.disclosures)
        expect(s.disclosures).toContain(t(m.purposes[d.purpose]!.label));
    }
    const us = Object.values(m.recipients).filter((r) => !euEea.has(r.country));
    expect(us.length).toBeGreaterThan(0);
    expect(s.disclosures).not.toMatch(/Privacy Shield/);
  });

  it('Cookies: every cookie with its lifetime, and each category’s range', () => {
    for (const c of m.cookies) {
      expect(s.cookies).toContain(c.name);
      expect(s.cookies).toContain(`${c.name} ${t(m.consent.categories[c.category].label)}`);
      expect(s.cookies).toContain(formatDuration(c.lifetime, lang));
    }
    expect(s.cookies).toContain(`${formatDuration('15m', lang)}–${formatDuration('12mo', lang)}`);
    expect(s.cookies).toContain(`${formatDuration('1m', lang)}–${formatDuration('13mo', lang)}`);
  });

  it('Amendments: the date of the last update and the change log', () => {
    expect(s.amendments).toContain(formatDate(m.policy.date, lang));
    expect(s.amendments).toContain(t(m.policy.changes[0]!.summary));
  });

  it('Contact: privacy and customer-service emails and the DPO', () => {
    for (const fact of [
      m.controller.privacyEmail,
      m.controller.customerServiceEmail,
      m.controller.dpo.email,
    ])
      expect(s.contact).toContain(fact);
  });

  it('Newsletter: the newsletter purpose', () => {
    expect(s.newsletter).toContain(t(m.purposes.newsletter!.label));
  });
});

describe('policy formats', () => {
  it('formats the update date the way each language writes it', () => {
    expect(formatDate('2021-06-08', 'en')).toBe('8 June 2021');
    expect(formatDate('2021-06-08', 'fi')).toBe('8.6.2021');
    expect(formatDate('2021-06-08', 'sv')).toBe('8 juni 2021');
  });

  it('renders Markdown with every section heading and table', async () => {
    const doc = buildPolicyDocument((await loadShipped()).manifest, 'fi');
    const md = policyMarkdown(doc);
    for (const section of doc.sections) expect(md).toContain(`## ${section.heading}`);
    expect(md).toContain('[tietosuoja@hersecret.se](mailto:tietosuoja@hersecret.se)');
    expect(md).toMatch(/^\| Nimi \| Luokka \|/m);
  });
});
