/**
 * summary.html of the access package: a readable answer to an access request with every item of
 * GDPR Art. 15(1)–(2), in the customer's language, built from the manifest in force and the
 * customer's own exported rows and disclosure log:
 *
 * (a) purposes and (b) categories of the data we hold, (c) the recipients the disclosure log shows
 * actually received it and those the policy names, (d) retention per category, (e) the rights,
 * (f) the complaint route, (g) sources other than the person, (h) automated decisions with their
 * logic and significance, and Art. 15(2) the transfer safeguard of each recipient.
 *
 * The file is downloaded, not served, so its own <style> is fine; it has no scripts and no
 * external resources, so it opens offline.
 */
import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import type { AccessLogRecord } from '../../audit/audit-access-log.ts';
import type { DisclosureRecord } from '../../disclosures/disclosures.repository.ts';
import { htmlString } from '../../kit/web/html-string.ts';
import type { Manifest } from '../../core/manifest/manifest.ts';
import {
  countryName,
  formatDate,
  legalBasisArticle,
  legalBasisTerms,
  recipientRoleTerms,
  rightTerms,
  transferTerms,
} from '../../policy/policy-terms.ts';
import type { Lang } from '../../kit/web/i18n.ts';
import type { SourceNoticeRecord } from '../source-notices/source-notices.personal-data.ts';
import { fill, summaryText as m } from './access-summary.messages.ts';

export type ExportedModules = Record<string, Record<string, Record<string, unknown>[]>>;

export interface SummaryInput {
  manifest: Manifest;
  lang: Lang;
  receivedAt: Date;
  generatedAt: Date;
  /** Every exporter's rows, by module and category (dates as ISO strings). */
  modules: ExportedModules;
  /** The disclosure log's rows about the person that were sent. */
  disclosures: DisclosureRecord[];
  /** The audit log's entries about the person (Art. 15(1)(c): who looked, by role, and when). */
  accessLog?: AccessLogRecord[] | undefined;
  /** The Art. 14 notices given or owed about data from others (src/rights/source-notices). */
  sourceNotices?: SourceNoticeRecord[] | undefined;
}

/** The EU member states and the other EEA states: no transfer mechanism needed (Chapter V). */
const EEA = new Set(
  'AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE IS LI NO'.split(
    ' ',
  ),
);

const STYLE = `
body { font: 16px/1.5 system-ui, sans-serif; color: #1a1a1a; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.25rem; margin-top: 2rem; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
th, td { text-align: left; vertical-align: top; border: 1px solid #ccc; padding: .35rem .5rem; }
thead th { background: #f2f2f2; }
.muted { color: #555; font-size: .9rem; }
`;

/** Sign-in providers by the name customers know them by (a proper name in every language). */
const providerNames: Record<string, string> = { google: 'Google', facebook: 'Facebook' };

function day(iso: unknown, lang: Lang): string {
  const s = iso instanceof Date ? iso.toISOString() : typeof iso === 'string' ? iso : '';
  return /^\d{4}-\d{2}-\d{2}/.test(s) ? formatDate(s.slice(0, 10), lang) : s;
}

/** A value of an exported row as text (rows are JSON: strings, numbers, booleans). */
function shown(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : '';
}

function Table({ head, rows }: { head: string[]; rows: Child[][] }) {
  return (
    <table>
      <thead>
        <tr>
          {head.map((h) => (
            <th scope="col">{h}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr>{row.map((c, i) => (i === 0 ? <th scope="row">{c}</th> : <td>{c}</td>))}</tr>
        ))}
      </tbody>
    </table>
  );
}

function Summary({
  manifest,
  lang,
  receivedAt,
  generatedAt,
  modules,
  disclosures,
  accessLog = [],
  sourceNotices: notices = [],
}: SummaryInput) {
  const t = (msg: Record<Lang, string>, values: Record<string, string> = {}) =>
    fill(msg[lang], values);
  const categoryLabel = (key: string) => manifest.categories[key]?.label[lang] ?? key;
  const purposeLabel = (key: string) => manifest.purposes[key]?.label[lang] ?? key;
  // A company's legal name after its label; a generic recipient ("Authorities") by label only.
  const named = (r: Manifest['recipients'][string]) =>
    r.name ? `${r.label[lang]} (${r.name})` : r.label[lang];
  const accessor = (a: AccessLogRecord) => {
    if (a.actor === 'system') return t(m.automatedActor, { name: a.system ?? '' });
    if (a.actor === 'customer') return t(m.yourself);
    if (a.roles.length === 0) return t(m.staff);
    const roles = a.roles.map((r) => manifest.roles[r]?.label[lang] ?? r).join(', ');
    return t(m.staffRoles, { roles });
  };
  const actionText = (action: string) =>
    action === 'customer.view'
      ? t(m.actionView)
      : action === 'customer.reveal'
        ? t(m.actionReveal)
        : action === 'disclosure.sent'
          ? t(m.actionDisclosure)
          : t(m.actionOther, { action });
  const recipientName = (key: string) => {
    const r = manifest.recipients[key];
    return r ? named(r) : key;
  };

  // What the person's data actually contains, and how many records of each category.
  const counts = new Map<string, number>();
  const rowsOf = new Map<string, Record<string, unknown>[]>();
  for (const section of Object.values(modules)) {
    for (const [category, rows] of Object.entries(section)) {
      counts.set(category, (counts.get(category) ?? 0) + rows.length);
      rowsOf.set(category, [...(rowsOf.get(category) ?? []), ...rows]);
    }
  }
  const held = [...counts.keys()].sort((a, b) => categoryLabel(a).localeCompare(categoryLabel(b)));
  const heldSet = new Set(held);

  const purposes = Object.entries(manifest.purposes).filter(([, p]) =>
    p.categories.some((c) => heldSet.has(c)),
  );

  // Sources other than the person (Art. 15(1)(g)): partners and sign-in providers. A sign-in
  // provider is named only when the person's data shows it supplied something (a linked sign-in):
  // a customer who never used Google must not read that Google is a source of her data.
  const usedSignIn = held.some((c) => {
    const sources = manifest.categories[c]?.sources ?? [];
    return (
      sources.length > 0 && sources.every((s) => manifest.sources[s]?.kind === 'sign_in_provider')
    );
  });
  const otherSources = new Map<string, string[]>();
  for (const c of held) {
    for (const s of manifest.categories[c]?.sources ?? []) {
      const kind = manifest.sources[s]?.kind;
      if (kind === 'partner' || (kind === 'sign_in_provider' && usedSignIn))
        otherSources.set(s, [...(otherSources.get(s) ?? []), c]);
    }
  }
  // The records that came only from elsewhere, each with where and when.
  const received: string[] = [];
  for (const c of held) {
    const sources = manifest.categories[c]?.sources ?? [];
    const elsewhere = (s: string) => {
      const kind = manifest.sources[s]?.kind;
      return kind === 'partner' || kind === 'sign_in_provider';
    };
    if (sources.length === 0 || !sources.every(elsewhere)) continue;
    const label = sources.map((s) => manifest.sources[s]?.label[lang] ?? s).join(', ');
    for (const row of rowsOf.get(c) ?? []) {
      const source = row.source as Record<string, unknown> | string | undefined;
      const when =
        row.receivedAt ?? (typeof source === 'object' ? source.receivedAt : undefined) ?? row.at;
      // The provider that actually supplied the row, by name, instead of the policy's "Google or
      // Facebook".
      const provider =
        typeof row.provider === 'string' ? (providerNames[row.provider] ?? row.provider) : label;
      received.push(
        `${categoryLabel(c)}: ${t(m.receivedFrom, { source: provider, date: day(when, lang) })}`,
      );
    }
  }

  const automated = Object.values(manifest.purposes).filter((p) => p.automatedDecision);
  const decisions = [...rowsOf.values()].flat().filter((r) => r.automatedDecision === true);

  const c = manifest.controller;
  const address = `${c.address.street}, ${c.address.postalCode} ${c.address.city}`;
  const authority = manifest.supervisoryAuthority;
  const title = t(m.title, { store: manifest.store.name });

  return (
    <html lang={lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
        <style>{raw(STYLE)}</style>
      </head>
      <body>
        <main>
          <h1>{title}</h1>
          <p>{t(m.intro, { date: day(receivedAt, lang) })}</p>
          <p>
            {t(m.controller, {
              name: c.name,
              businessId: c.businessId,
              address,
              email: c.privacyEmail,
            })}
          </p>

          <h2 id="purposes">{t(m.purposes)}</h2>
          <Table
            head={[t(m.purpose), t(m.legalBasis), t(m.yourData)]}
            rows={purposes.map(([, p]) => [
              <>
                {p.label[lang]}
                {p.description ? <div class="muted">{p.description[lang]}</div> : null}
              </>,
              p.legalBasis ? (
                <>
                  {`${legalBasisTerms[p.legalBasis][lang]} (${legalBasisArticle(p.legalBasis, lang)})`}
                  {p.legitimateInterest ? (
                    <div class="muted">{t(m.interest, { text: p.legitimateInterest[lang] })}</div>
                  ) : null}
                </>
              ) : (
                ''
              ),
              p.categories
                .filter((k) => heldSet.has(k))
                .map(categoryLabel)
                .join(', '),
            ])}
          />

          <h2 id="categories">{t(m.categories)}</h2>
          <Table
            head={[t(m.category), t(m.records), t(m.source), t(m.retention)]}
            rows={held.map((k) => {
              const category = manifest.categories[k];
              const retention = category ? manifest.retention[category.retention] : undefined;
              return [
                <>
                  {categoryLabel(k)}
                  {category?.description ? (
                    <div class="muted">{category.description[lang]}</div>
                  ) : null}
                </>,
                String(counts.get(k) ?? 0),
                (category?.sources ?? [])
                  .map((s) => manifest.sources[s]?.label[lang] ?? s)
                  .join(', '),
                retention ? (
                  <>
                    {retention.label[lang]}
                    {retention.law ? (
                      <div class="muted">{t(m.law, { law: retention.law[lang] })}</div>
                    ) : null}
                  </>
                ) : (
                  ''
                ),
              ];
            })}
          />

          <h2 id="disclosed">{t(m.disclosed)}</h2>
          <p>{t(m.disclosedIntro)}</p>
          {disclosures.length === 0 ? (
            <p>{t(m.none)}</p>
          ) : (
            <Table
              head={[t(m.recipient), t(m.purpose), t(m.dataSent), t(m.when)]}
              rows={disclosures.map((d) => [
                d.authority
                  ? `${recipientName(d.recipient)}: ${d.authority.name} (${d.authority.provision})`
                  : recipientName(d.recipient),
                purposeLabel(d.purpose),
                d.categories.map(categoryLabel).join(', '),
                day(d.disclosedAt, lang),
              ])}
            />
          )}

          <h2 id="accessed">{t(m.accessed)}</h2>
          <p>{t(m.accessedIntro)}</p>
          {accessLog.length === 0 ? (
            <p>{t(m.none)}</p>
          ) : (
            <Table
              head={[t(m.when), t(m.who), t(m.what), t(m.shownAs)]}
              rows={accessLog.map((a) => [
                day(a.at, lang),
                accessor(a),
                <>
                  {actionText(a.action)}
                  {a.categories.length ? (
                    <div class="muted">{a.categories.map(categoryLabel).join(', ')}</div>
                  ) : null}
                </>,
                a.access ? t(m[a.access]) : '',
              ])}
            />
          )}

          <h2 id="recipients">{t(m.declared)}</h2>
          <p>{t(m.declaredIntro)}</p>
          <Table
            head={[t(m.recipient), t(m.purpose), t(m.country), t(m.safeguard)]}
            rows={Object.values(manifest.recipients).map((r) => [
              <>
                {`${named(r)}, ${recipientRoleTerms[r.role][lang]}`}
                {r.condition ? <div class="muted">{r.condition[lang]}</div> : null}
              </>,
              [...new Set(r.disclosures.map((d) => purposeLabel(d.purpose)))].join(', '),
              EEA.has(r.country)
                ? countryName(r.country, lang)
                : `${countryName(r.country, lang)} (${t(m.thirdCountry)})`,
              <>
                {transferTerms[r.transfer.basis][lang]}
                {r.transfer.note ? <div class="muted">{r.transfer.note[lang]}</div> : null}
              </>,
            ])}
          />

          <h2 id="sources">{t(m.sources)}</h2>
          {otherSources.size === 0 ? (
            <p>{t(m.noOtherSources)}</p>
          ) : (
            <>
              <ul>
                {[...otherSources].map(([s, categories]) => (
                  <li>
                    {`${manifest.sources[s]?.label[lang] ?? s}: ${categories.map(categoryLabel).join(', ')}`}
                  </li>
                ))}
              </ul>
              {received.length > 0 ? (
                <ul>
                  {received.map((line) => (
                    <li>{line}</li>
                  ))}
                </ul>
              ) : null}
            </>
          )}

          <h2 id="notices">{t(m.notices)}</h2>
          <p>{t(m.noticesIntro)}</p>
          {notices.length === 0 ? (
            <p>{t(m.none)}</p>
          ) : (
            <Table
              head={[t(m.source), t(m.noticeReceived), t(m.noticeDue), t(m.noticeSent)]}
              rows={notices.map((n) => [
                n.sourceName,
                day(n.receivedAt, lang),
                day(n.dueBy, lang),
                n.sentAt ? day(n.sentAt, lang) : t(m.noticePending),
              ])}
            />
          )}

          <h2 id="automated">{t(m.automated)}</h2>
          {automated.length === 0 ? (
            <p>{t(m.none)}</p>
          ) : (
            automated.map((p) => (
              <>
                <h3>{p.label[lang]}</h3>
                <p>{p.automatedDecision?.[lang]}</p>
              </>
            ))
          )}
          <h3>{t(m.decisionsAboutYou)}</h3>
          {decisions.length === 0 ? (
            <p>{t(m.none)}</p>
          ) : (
            <ul>
              {decisions.map((d) => (
                <li>
                  {t(m.decision, {
                    date: day(d.decidedAt, lang),
                    product: shown(d.product),
                    outcome: `${t(m.outcome)}: ${shown(d.outcome)}`,
                  })}
                  {typeof d.logicSummary === 'string' ? (
                    <div class="muted">{d.logicSummary}</div>
                  ) : null}
                </li>
              ))}
            </ul>
          )}

          <h2 id="rights">{t(m.rights)}</h2>
          <ul>
            {manifest.rights
              .filter((r) => r !== 'complaint')
              .map((r) => (
                <li>
                  <strong>{rightTerms[r].label[lang]}</strong>
                  {`: ${rightTerms[r].description[lang]}`}
                </li>
              ))}
          </ul>
          <p>
            {t(m.useRights, {
              url: `${manifest.store.url}/privacy-center`,
              email: c.privacyEmail,
            })}
          </p>

          <h2 id="complaint">{t(m.complaint)}</h2>
          <p>
            {t(m.complaintText, {
              authority: authority.name[lang],
              url: authority.url,
              address: authority.address?.[lang] ?? '',
            })}
          </p>
          <p class="muted">{t(m.generated, { date: day(generatedAt, lang) })}</p>
        </main>
      </body>
    </html>
  );
}

/** The whole summary.html document. */
export function renderAccessSummary(input: SummaryInput): string {
  return `<!DOCTYPE html>\n${htmlString(<Summary {...input} />)}`;
}
