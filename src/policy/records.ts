/**
 * Records of processing activities (GDPR Art. 30(1)) from the manifest: one record per purpose
 * with (a) controller and DPO contacts, (b) the purpose, (c) categories of data subjects and of
 * personal data, (d) categories of recipients, incl. third countries, (e) transfers and their
 * safeguards, (f) time limits for erasure and (g) a general description of security measures.
 */
import type { Manifest } from '../core/manifest/manifest.ts';
import { euEea } from './lint-rules.ts';
import {
  channelTerms,
  countryName,
  formatDate,
  legalBasisArticle,
  legalBasisTerms,
  recipientRoleTerms,
  transferTerms,
  type Lang,
} from './policy-terms.ts';

export interface ProcessingRecord {
  key: string;
  purpose: string;
  legalBasis: string;
  subjects: string[];
  categories: string[];
  recipients: string[];
  transfers: string[];
  retention: string[];
}

/** One recipient's contract facts (Art. 28(3), 30(1)(d)–(e)): who, under which agreement, where. */
export interface ContractRecord {
  key: string;
  recipient: string;
  role: string;
  location: string;
  /** `title, version, date; kept at …`, or '' when the manifest states none. */
  agreement: string;
  subProcessors: string[];
  transfer: string;
}

export interface RecordsOfProcessing {
  controller: string;
  dpo: string;
  security: string[];
  records: ProcessingRecord[];
  contracts: ContractRecord[];
}

export function buildRecords(m: Manifest, lang: Lang): RecordsOfProcessing {
  const t = (l: { en: string; fi: string; sv: string }) => l[lang];
  const c = m.controller;
  const records = Object.entries(m.purposes).map(([key, purpose]): ProcessingRecord => {
    const recipients = Object.values(m.recipients).filter((r) =>
      r.disclosures.some((d) => d.purpose === key),
    );
    const consent = purpose.consentCategory
      ? t(m.consent.categories[purpose.consentCategory].label)
      : purpose.consentChannel
        ? t(channelTerms[purpose.consentChannel])
        : undefined;
    return {
      key,
      purpose: t(purpose.label),
      legalBasis: purpose.legalBasis
        ? `${t(legalBasisTerms[purpose.legalBasis])} (${legalBasisArticle(purpose.legalBasis, lang)})${consent ? `: ${consent}` : ''}${purpose.legitimateInterest ? `: ${t(purpose.legitimateInterest)}` : ''}`
        : '',
      subjects: purpose.subjects.map((s) => (m.subjects[s] ? t(m.subjects[s].label) : s)),
      categories: purpose.categories.map((k) => (m.categories[k] ? t(m.categories[k].label) : k)),
      recipients: recipients.map(
        (r) => `${t(r.label)} (${r.name ? `${r.name}, ` : ''}${countryName(r.country, lang)})`,
      ),
      transfers: recipients
        .filter((r) => !euEea.has(r.country))
        .map(
          (r) =>
            `${r.name ?? t(r.label)} → ${countryName(r.country, lang)}: ${t(transferTerms[r.transfer.basis])}`,
        ),
      retention: purpose.categories.map((k) => {
        const rule = m.retention[m.categories[k]?.retention ?? ''];
        const name = m.categories[k] ? t(m.categories[k].label) : k;
        return `${name}: ${rule ? t(rule.label) : '—'}`;
      }),
    };
  });
  return {
    controller: `${c.name}, ${c.businessId}, ${c.address.street}, ${c.address.postalCode} ${c.address.city}, ${c.address.country}, ${c.privacyEmail}`,
    dpo: `${c.dpo.name}, ${c.dpo.email}`,
    security: m.security.map((s) => t(s)),
    records,
    contracts: buildContracts(m, lang),
  };
}

const keptAtText = { en: 'kept at', fi: 'säilytyspaikka', sv: 'förvaras' } as const;

function buildContracts(m: Manifest, lang: Lang): ContractRecord[] {
  const t = (l: { en: string; fi: string; sv: string }) => l[lang];
  return Object.entries(m.recipients).map(([key, r]) => {
    const a = r.agreement;
    return {
      key,
      recipient: r.name ? `${t(r.label)} (${r.name})` : t(r.label),
      role: t(recipientRoleTerms[r.role]),
      location: r.location ? t(r.location) : countryName(r.country, lang),
      agreement: a
        ? `${a.title}, ${a.version}, ${formatDate(a.date, lang)}; ${keptAtText[lang]}: ${a.keptAt}`
        : '',
      subProcessors: (r.subProcessors ?? []).map(
        (s) =>
          `${s.name}: ${s.service} (${countryName(s.country, lang)}${
            s.transfer && !euEea.has(s.country) ? `; ${t(transferTerms[s.transfer])}` : ''
          })`,
      ),
      transfer: `${countryName(r.country, lang)}: ${t(transferTerms[r.transfer.basis])}`,
    };
  });
}

export const csvColumns = [
  'controller',
  'dpo',
  'purpose_key',
  'purpose',
  'legal_basis',
  'data_subjects',
  'data_categories',
  'recipients',
  'third_country_transfers',
  'erasure_time_limits',
  'security_measures',
] as const;

/**
 * RFC 4180 CSV. A cell that a spreadsheet would read as a formula gets a leading apostrophe, so
 * a manifest text can never run as a formula in the DPO's spreadsheet.
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function recordsCsv(ropa: RecordsOfProcessing): string {
  const join = (items: string[]) => items.join('; ');
  const rows = ropa.records.map((r) => [
    ropa.controller,
    ropa.dpo,
    r.key,
    r.purpose,
    r.legalBasis,
    join(r.subjects),
    join(r.categories),
    join(r.recipients),
    join(r.transfers),
    join(r.retention),
    join(ropa.security),
  ]);
  return [[...csvColumns], ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
