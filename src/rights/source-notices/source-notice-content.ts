/**
 * What an Art. 14 notice says, derived from the manifest in force: for a source, the categories
 * the manifest says come from it, and for those the purposes with their legal bases (and the
 * legitimate interest where one is relied on), the recipients with their country and transfer
 * safeguard, the retention, the automated decisions with their logic, the rights, withdrawal of
 * consent and the complaint route; plus the controller and the DPO. Nothing here is written
 * for HerSecret: another store's manifest gives its own notice.
 *
 * @example
 *   const n = sourceNotice(manifest, 'avarda');
 *   renderNoticeText(manifest, n, 'fi', new Date());
 */
import type { Manifest } from '../../core/manifest/manifest.ts';
import type { ThirdPartySource } from '../../core/third-party-data.ts';
import type { Lang } from '../../kit/web/i18n.ts';
import {
  countryName,
  formatDate,
  legalBasisArticle,
  legalBasisTerms,
  rightTerms,
  transferTerms,
} from '../../policy/policy-terms.ts';
import { fill, noticeText as m } from './source-notices.messages.ts';

/** The manifest's source each arrival comes from. */
export const manifestSourceOf: Record<ThirdPartySource, string> = {
  google: 'sign_in_providers',
  facebook: 'sign_in_providers',
  avarda: 'avarda',
};

/** Proper names, the same in every language (the manifest's label says more). */
export const sourceNames: Record<ThirdPartySource, string> = {
  google: 'Google',
  facebook: 'Facebook',
  avarda: 'Avarda',
};

/** The EU member states and the other EEA states: no transfer mechanism needed (Chapter V). */
const EEA = new Set(
  'AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE IS LI NO'.split(
    ' ',
  ),
);

/** The manifest keys a notice about one source is made of. */
export interface SourceNotice {
  source: ThirdPartySource;
  manifestSource: string;
  categories: string[];
  purposes: string[];
  recipients: string[];
}

export function sourceNotice(manifest: Manifest, source: ThirdPartySource): SourceNotice {
  const manifestSource = manifestSourceOf[source];
  const categories = Object.entries(manifest.categories)
    .filter(([, c]) => c.sources.includes(manifestSource))
    .map(([key]) => key);
  const ours = new Set(categories);
  const purposes = Object.entries(manifest.purposes)
    .filter(([, p]) => p.categories.some((c) => ours.has(c)))
    .map(([key]) => key);
  const recipients = Object.entries(manifest.recipients)
    .filter(([, r]) => r.disclosures.some((d) => (d.categories ?? []).some((c) => ours.has(c))))
    .map(([key]) => key);
  return { source, manifestSource, categories, purposes, recipients };
}

/** The notice as plain text in `lang` (the mail's body; the page shows the same sections). */
export function renderNoticeText(
  manifest: Manifest,
  notice: SourceNotice,
  lang: Lang,
  receivedAt: Date,
): { subject: string; text: string } {
  const t = (msg: Record<Lang, string>, values: Record<string, string> = {}) =>
    fill(msg[lang], values);
  const name = sourceNames[notice.source];
  const c = manifest.controller;
  const lines: string[] = [];
  const heading = (text: string) => lines.push('', text.toUpperCase());
  const item = (text: string, more: string[] = []) =>
    lines.push(`- ${text}`, ...more.map((x) => `  ${x}`));

  lines.push(t(m.intro, { source: name, date: formatDate(isoDay(receivedAt), lang) }));

  heading(t(m.controllerHeading));
  lines.push(
    t(m.controller, {
      name: c.name,
      businessId: c.businessId,
      address: `${c.address.street}, ${c.address.postalCode} ${c.address.city}, ${countryName(c.address.country, lang)}`,
      email: c.privacyEmail,
    }),
  );
  if (c.dpo) {
    lines.push(
      t(m.dpo, {
        name: c.dpo.name,
        email: c.dpo.email,
        note: c.dpo.note ? ` (${c.dpo.note[lang]})` : '',
      }),
    );
  }

  heading(t(m.sourceHeading));
  const label = manifest.sources[notice.manifestSource]?.label[lang] ?? name;
  lines.push(t(m.source, { source: label.includes(name) ? label : `${name} (${label})` }));

  heading(t(m.categoriesHeading));
  for (const key of notice.categories) {
    const category = manifest.categories[key]!;
    const retention = manifest.retention[category.retention];
    const period = retention
      ? retention.law
        ? `${retention.label[lang]} (${retention.law[lang]})`
        : retention.label[lang]
      : category.retention;
    item(category.label[lang], [
      ...(category.description ? [category.description[lang]] : []),
      t(m.kept, { period }),
    ]);
  }

  heading(t(m.purposesHeading));
  for (const key of notice.purposes) {
    const p = manifest.purposes[key]!;
    const basis = p.legalBasis
      ? `${legalBasisTerms[p.legalBasis][lang]} (${legalBasisArticle(p.legalBasis, lang)})`
      : '';
    item(`${p.label[lang]}: ${basis}`, [
      ...(p.legitimateInterest ? [t(m.interest, { text: p.legitimateInterest[lang] })] : []),
    ]);
  }

  heading(t(m.recipientsHeading));
  if (notice.recipients.length === 0) lines.push(t(m.noRecipients));
  let outside = false;
  for (const key of notice.recipients) {
    const r = manifest.recipients[key]!;
    const third = !EEA.has(r.country);
    outside ||= third;
    const where = third
      ? `${countryName(r.country, lang)} (${t(m.thirdCountry)})`
      : countryName(r.country, lang);
    const safeguard = r.transfer.note
      ? `${transferTerms[r.transfer.basis][lang]}; ${r.transfer.note[lang]}`
      : transferTerms[r.transfer.basis][lang];
    item(`${r.name ? `${r.label[lang]} (${r.name})` : r.label[lang]}, ${where}`, [
      ...(r.condition ? [r.condition[lang]] : []),
      t(m.safeguard, { text: safeguard }),
    ]);
  }
  if (notice.recipients.length > 0 && !outside) lines.push(t(m.noThirdCountry));

  heading(t(m.automatedHeading));
  const automated = notice.purposes
    .map((k) => manifest.purposes[k]!)
    .filter((p) => p.automatedDecision);
  if (automated.length === 0) lines.push(t(m.noAutomated));
  for (const p of automated) item(`${p.label[lang]}: ${p.automatedDecision![lang]}`);

  heading(t(m.rightsHeading));
  for (const right of manifest.rights) {
    if (right === 'complaint') continue;
    item(`${rightTerms[right].label[lang]}: ${rightTerms[right].description[lang]}`);
  }
  lines.push(
    t(m.useRights, { url: `${manifest.store.url}/privacy-center`, email: c.privacyEmail }),
  );

  heading(t(m.complaintHeading));
  const authority = manifest.supervisoryAuthority;
  lines.push(
    `${rightTerms.complaint.description[lang]} ${t(m.complaint, {
      authority: authority.name[lang],
      url: authority.url,
      address: authority.address?.[lang] ?? '',
    })}`,
  );

  return { subject: t(m.subject, { source: name }), text: lines.join('\n') };
}

function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}
