/**
 * The privacy policy as a document model built from the manifest: sections in the seed's order,
 * each a list of paragraphs, lists, address blocks and tables. The HTML page, the Markdown of
 * `custodian manifest render` and the tests all read this one model, so the page can state
 * nothing the manifest does not.
 *
 * @example
 *   const doc = buildPolicyDocument(manifest, 'fi');
 *   doc.sections.map((s) => s.id); // ['general', 'controller', 'collected', …]
 */
import { cookieBlocks } from './cookie-section.ts';
import type { Block, Inline, PolicyLinks } from './policy-blocks.ts';
import type { Manifest } from '../core/manifest/manifest.ts';
import { euEea, matchesCategory } from './lint-rules.ts';
import { fill, headings, prose } from './policy-messages.ts';
import {
  channelTerms,
  countryName,
  formatDate,
  legalBasisArticle,
  legalBasisTerms,
  recipientRoleTerms,
  rightTerms,
  transferTerms,
  type Lang,
} from './policy-terms.ts';

export type { Block, Inline, PolicyLinks };

export interface Section {
  id: string;
  heading: string;
  blocks: Block[];
}

export interface PolicyDocument {
  lang: Lang;
  title: string;
  /** The date of the last update, as YYYY-MM-DD and formatted for the language. */
  date: string;
  updated: string;
  sections: Section[];
}

const defaultLinks: PolicyLinks = {
  privacyCenter: '/privacy-center',
  cookieSettings: '/cookies#settings',
};

const p = (...content: Inline[]): Block => ({ kind: 'p', content });
const mail = (address: string): Inline => ({ text: address, href: `mailto:${address}` });

/** A published version as the change log shows it (policy.repository.ts has the rows). */
export interface PublishedChange {
  version: number;
  effectiveDate: string;
  significant: boolean;
  notes: { en: string; fi: string; sv: string } | null;
}

/**
 * `history`: the published versions up to the one shown, oldest first. With it, the "last
 * updated" date and the change log are those of the publications (issue 16.4); without it (the
 * CLI's render of a file), the manifest's own change log.
 */
export function buildPolicyDocument(
  m: Manifest,
  lang: Lang,
  links: PolicyLinks = defaultLinks,
  history?: readonly PublishedChange[],
): PolicyDocument {
  const t = (l: { en: string; fi: string; sv: string }) => l[lang];
  const label = (key: string) => (m.categories[key] ? t(m.categories[key].label) : key);
  const labels = (keys: readonly string[]) => keys.map(label).join(', ');
  const c = m.controller;
  const sections: Section[] = [];
  const section = (id: keyof typeof headings, ...blocks: Block[]) =>
    sections.push({ id, heading: t(headings[id]), blocks });

  section('general', p(t(m.intro.summary)), p(t(prose.usesIntro)), {
    kind: 'list',
    items: m.intro.uses.map((u) => [t(u)]),
  });

  const controllerLines: Block = {
    kind: 'lines',
    lines: [
      [`${c.name} (${t(prose.businessId)}: ${c.businessId})`],
      [c.address.street],
      [`${c.address.postalCode} ${c.address.city.toUpperCase()}`],
      [countryName(c.address.country, lang)],
    ],
  };
  const dpo = p(
    `${t(prose.dpo)}: ${c.dpo.name}, `,
    mail(c.dpo.email),
    c.dpo.note ? ` (${t(c.dpo.note)})` : '',
  );
  section(
    'controller',
    p(t(prose.controllerIs)),
    controllerLines,
    p(t(prose.askPrivacy), ' ', mail(c.privacyEmail)),
    dpo,
  );

  const categoryItem = ([, cat]: [string, Manifest['categories'][string]]): Inline[] => [
    cat.description ? `${t(cat.label)}: ${t(cat.description)}` : t(cat.label),
  ];
  const entries = Object.entries(m.categories);
  const mandatory = entries.filter(([, cat]) => cat.mandatoryForPurchase).map(([k]) => label(k));
  section(
    'collected',
    p(t(prose.provided)),
    {
      kind: 'list',
      items: entries.filter(([, cat]) => cat.group === 'provided').map(categoryItem),
    },
    p(t(prose.observed)),
    {
      kind: 'list',
      items: entries.filter(([, cat]) => cat.group === 'observed').map(categoryItem),
    },
    p(fill(t(prose.mandatory), { list: mandatory.join(', ') })),
    p(t(prose.sources)),
    { kind: 'list', items: Object.values(m.sources).map((s) => [t(s.label)]) },
    p(t(prose.thirdPartyNotice)),
  );

  const purposeRows = Object.values(m.purposes).map((purpose) => {
    const basis = purpose.legalBasis
      ? `${t(legalBasisTerms[purpose.legalBasis])} (${legalBasisArticle(purpose.legalBasis, lang)})`
      : '—';
    const consent = purpose.consentCategory
      ? t(m.consent.categories[purpose.consentCategory].label)
      : purpose.consentChannel
        ? t(channelTerms[purpose.consentChannel])
        : undefined;
    return [
      purpose.description ? `${t(purpose.label)}: ${t(purpose.description)}` : t(purpose.label),
      consent ? `${basis}: ${consent}` : basis,
      labels(purpose.categories),
    ];
  });
  const interests = Object.values(m.purposes).flatMap((purpose) =>
    purpose.legitimateInterest ? [[`${t(purpose.label)}: ${t(purpose.legitimateInterest)}`]] : [],
  );
  const automated = Object.values(m.purposes).flatMap((purpose) =>
    purpose.automatedDecision ? [p(`${t(prose.automated)}: ${t(purpose.automatedDecision)}`)] : [],
  );
  section(
    'purposes',
    {
      kind: 'table',
      head: [t(prose.purpose), t(prose.legalBasis), t(prose.categories)],
      rows: purposeRows,
    },
    ...(interests.length
      ? [p(`${t(prose.interest)}:`), { kind: 'list' as const, items: interests }]
      : []),
    ...automated,
  );

  section(
    'security',
    p(fill(t(prose.dataLocation), { place: t(c.dataLocation) })),
    { kind: 'list', items: m.security.map((s) => [t(s)]) },
    p(t(prose.gdprSince)),
  );

  const allKeys = Object.keys(m.categories);
  section(
    'processing',
    p(t(prose.staff)),
    {
      kind: 'table',
      head: [t(prose.role), t(prose.categories)],
      rows: Object.values(m.roles).map((role) => [
        role.description ? `${t(role.label)} (${t(role.description)})` : t(role.label),
        labels(
          allKeys.filter((k) => role.categories.some((pattern) => matchesCategory(pattern, k))),
        ),
      ]),
    },
    p(fill(t(prose.partners), { section: t(headings.disclosures) })),
  );

  const usedRetention = new Set(Object.values(m.categories).map((cat) => cat.retention));
  const otherRetention = Object.entries(m.retention).filter(([k]) => !usedRetention.has(k));
  section(
    'retention',
    p(t(prose.retentionIntro)),
    {
      kind: 'table',
      head: [t(prose.categories), t(prose.retentionPeriod), t(prose.law)],
      rows: entries.map(([key, cat]) => {
        const rule = m.retention[cat.retention];
        return [label(key), rule ? t(rule.label) : '—', rule?.law ? t(rule.law) : '—'];
      }),
    },
    ...(otherRetention.length
      ? [
          p(t(prose.retentionOther)),
          {
            kind: 'list' as const,
            items: otherRetention.map(([, r]) => [
              r.law ? `${t(r.label)} (${t(r.law)})` : t(r.label),
            ]),
          },
        ]
      : []),
    p(t(prose.irreversible)),
  );

  const authority = m.supervisoryAuthority;
  const [before, after] = fill(t(prose.authority), {
    name: t(authority.name),
    url: '\u0000',
  }).split('\u0000');
  section(
    'rights',
    p(t(prose.rightsIntro)),
    {
      kind: 'list',
      items: m.rights.map((r) => [`${t(rightTerms[r].label)}: ${t(rightTerms[r].description)}`]),
    },
    p(t(prose.requestHow), ' ', { text: t(prose.privacyCenter), href: links.privacyCenter }),
    p(before ?? '', { text: authority.url, href: authority.url }, after ?? ''),
  );

  section(
    'access',
    p(t(prose.accessHow), ' ', mail(c.privacyEmail), ' · ', {
      text: t(prose.privacyCenter),
      href: links.privacyCenter,
    }),
    p(fill(t(prose.accessSee), { section: t(headings.collected) })),
  );

  section('influence', p(t(prose.influence)), p(t(prose.influenceNote)));

  const recipientRows = Object.values(m.recipients).flatMap((r) =>
    r.disclosures.map((d) => [
      `${t(r.label)} (${r.name ? `${r.name}, ` : ''}${t(recipientRoleTerms[r.role])})${r.condition ? `: ${t(r.condition)}` : ''}`,
      m.purposes[d.purpose] ? t(m.purposes[d.purpose]!.label) : d.purpose,
      labels(d.categories),
      countryName(r.country, lang),
      `${t(transferTerms[r.transfer.basis])}${r.transfer.note ? `. ${t(r.transfer.note)}` : ''}`,
    ]),
  );
  const thirdCountryBases = [
    ...new Set(
      Object.values(m.recipients)
        .filter((r) => !euEea.has(r.country))
        .map((r) => r.transfer.basis),
    ),
  ];
  section(
    'disclosures',
    p(t(prose.disclosuresIntro)),
    {
      kind: 'table',
      head: [
        t(prose.recipient),
        t(prose.purpose),
        t(prose.categories),
        t(prose.country),
        t(prose.safeguard),
      ],
      rows: recipientRows,
    },
    ...(thirdCountryBases.length
      ? [
          p(t(prose.transfers)),
          { kind: 'list' as const, items: thirdCountryBases.map((b) => [t(transferTerms[b])]) },
        ]
      : [p(t(prose.noTransfers))]),
  );

  section('cookies', ...cookieBlocks(m, lang, links));

  const latest = history?.at(-1);
  const updatedOn = latest?.effectiveDate ?? m.policy.date;
  const changeItems: Inline[][] = latest
    ? [...history!].reverse().map((v) => [
        `${formatDate(v.effectiveDate, lang)}, ${v.version}${v.significant ? ` (${t(prose.significant)})` : ''}: ${v.notes ? t(v.notes) : t(prose.editorial)}`,
        ...(v.version > 1
          ? [
              ' ',
              {
                text: t(prose.whatChanged),
                href: `/privacy/changes?from=${v.version - 1}&to=${v.version}`,
              },
            ]
          : []),
      ])
    : [...m.policy.changes]
        .sort((a, b) => b.version - a.version)
        .map((ch) => [
          `${formatDate(ch.date, lang)}, ${ch.version}${ch.significant ? ` (${t(prose.significant)})` : ''}: ${t(ch.summary)}`,
        ]);
  section(
    'amendments',
    p(t(prose.amendments)),
    p(
      fill(t(prose.lastUpdate), {
        date: formatDate(updatedOn, lang),
        version: String(latest?.version ?? m.policy.version),
      }),
    ),
    p(t(prose.changeLog)),
    { kind: 'list', items: changeItems },
  );

  section(
    'contact',
    p(t(prose.contactPrivacy), ' ', mail(c.privacyEmail)),
    p(t(prose.contactService), ' ', mail(c.customerServiceEmail)),
    dpo,
  );

  const newsletter = Object.values(m.purposes).find(
    (purpose) => purpose.consentChannel === 'newsletter',
  );
  if (newsletter)
    section('newsletter', p(fill(t(prose.newsletter), { purpose: t(newsletter.label) })));

  return {
    lang,
    title: t(headings.title),
    date: updatedOn,
    updated: formatDate(updatedOn, lang),
    sections,
  };
}
