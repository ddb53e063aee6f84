/** The records of processing (Art. 30) as HTML: the `/privacy/records` page and the CLI file. */
import { raw } from 'hono/html';
import { htmlString } from '../kit/web/html-string.ts';
import type { Localized } from '../core/manifest/manifest.ts';
import type { Lang } from './policy-terms.ts';
import type { RecordsOfProcessing } from './records.ts';

export const recordsText = {
  title: {
    en: 'Records of processing activities',
    fi: 'Seloste käsittelytoimista',
    sv: 'Register över behandling',
  },
  basis: {
    en: 'GDPR Art. 30(1). Download as CSV:',
    fi: 'GDPR 30 art. 1 kohta. Lataa CSV-tiedostona:',
    sv: 'GDPR art. 30.1. Ladda ner som CSV:',
  },
  controller: { en: 'Controller', fi: 'Rekisterinpitäjä', sv: 'Personuppgiftsansvarig' },
  dpo: { en: 'Data protection officer', fi: 'Tietosuojavastaava', sv: 'Dataskyddsombud' },
  security: {
    en: 'Technical and organisational security measures',
    fi: 'Tekniset ja organisatoriset turvatoimet',
    sv: 'Tekniska och organisatoriska säkerhetsåtgärder',
  },
  purpose: { en: 'Purpose', fi: 'Käyttötarkoitus', sv: 'Ändamål' },
  legalBasis: { en: 'Legal basis', fi: 'Käsittelyperuste', sv: 'Rättslig grund' },
  subjects: { en: 'Data subjects', fi: 'Rekisteröidyt', sv: 'Registrerade' },
  categories: { en: 'Personal data', fi: 'Henkilötiedot', sv: 'Personuppgifter' },
  recipients: { en: 'Recipients', fi: 'Vastaanottajat', sv: 'Mottagare' },
  transfers: {
    en: 'Third-country transfers and safeguards',
    fi: 'Siirrot kolmansiin maihin ja suojatoimet',
    sv: 'Överföringar till tredjeland och skyddsåtgärder',
  },
  erasure: {
    en: 'Time limits for erasure',
    fi: 'Poistamisen määräajat',
    sv: 'Tidsfrister för radering',
  },
  none: { en: 'none', fi: 'ei ole', sv: 'inga' },
  contracts: {
    en: 'Recipients, agreements and sub-processors',
    fi: 'Vastaanottajat, sopimukset ja alihankkijat',
    sv: 'Mottagare, avtal och underbiträden',
  },
  recipient: { en: 'Recipient', fi: 'Vastaanottaja', sv: 'Mottagare' },
  role: { en: 'Role', fi: 'Rooli', sv: 'Roll' },
  location: { en: 'Location', fi: 'Sijainti', sv: 'Plats' },
  agreement: {
    en: 'Agreement (GDPR Art. 28(3))',
    fi: 'Sopimus (GDPR 28 art. 3 kohta)',
    sv: 'Avtal (GDPR art. 28.3)',
  },
  subProcessors: { en: 'Sub-processors', fi: 'Alihankkijat', sv: 'Underbiträden' },
  transferSafeguard: {
    en: 'Transfer safeguard',
    fi: 'Siirron suojatoimet',
    sv: 'Skyddsåtgärd för överföring',
  },
} satisfies Record<string, Localized>;

function Items({ items, none }: { items: string[]; none: string }) {
  if (items.length === 0) return <>{none}</>;
  return (
    <ul>
      {items.map((i) => (
        <li>{i}</li>
      ))}
    </ul>
  );
}

export function RecordsArticle({ ropa, lang }: { ropa: RecordsOfProcessing; lang: Lang }) {
  const t = (m: Localized) => m[lang];
  const none = t(recordsText.none);
  return (
    <article class="records" data-consent-policy="">
      <h1>{t(recordsText.title)}</h1>
      <p>
        {t(recordsText.basis)} <a href={`/privacy/records.csv?lang=${lang}`}>records.csv</a>
      </p>
      <dl>
        <dt>{t(recordsText.controller)}</dt>
        <dd>{ropa.controller}</dd>
        <dt>{t(recordsText.dpo)}</dt>
        <dd>{ropa.dpo}</dd>
        <dt>{t(recordsText.security)}</dt>
        <dd>
          <Items items={ropa.security} none={none} />
        </dd>
      </dl>
      <section class="table-wrap" aria-label={t(recordsText.title)} tabindex={0}>
        <table>
          <thead>
            <tr>
              {[
                recordsText.purpose,
                recordsText.legalBasis,
                recordsText.subjects,
                recordsText.categories,
                recordsText.recipients,
                recordsText.transfers,
                recordsText.erasure,
              ].map((h) => (
                <th scope="col">{t(h)}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {ropa.records.map((r) => (
              <tr id={`record-${r.key}`}>
                <th scope="row">{r.purpose}</th>
                <td>{r.legalBasis}</td>
                <td>
                  <Items items={r.subjects} none={none} />
                </td>
                <td>
                  <Items items={r.categories} none={none} />
                </td>
                <td>
                  <Items items={r.recipients} none={none} />
                </td>
                <td>
                  <Items items={r.transfers} none={none} />
                </td>
                <td>
                  <Items items={r.retention} none={none} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <h2 id="contracts">{t(recordsText.contracts)}</h2>
      <section class="table-wrap" aria-label={t(recordsText.contracts)} tabindex={0}>
        <table>
          <thead>
            <tr>
              {[
                recordsText.recipient,
                recordsText.role,
                recordsText.location,
                recordsText.agreement,
                recordsText.subProcessors,
                recordsText.transferSafeguard,
              ].map((h) => (
                <th scope="col">{t(h)}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {ropa.contracts.map((r) => (
              <tr id={`contract-${r.key}`}>
                <th scope="row">{r.recipient}</th>
                <td>{r.role}</td>
                <td>{r.location}</td>
                <td>{r.agreement || none}</td>
                <td>
                  <Items items={r.subProcessors} none={none} />
                </td>
                <td>{r.transfer}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </article>
  );
}

export function recordsHtmlFile(ropa: RecordsOfProcessing, lang: Lang): string {
  const body = htmlString(<RecordsArticle ropa={ropa} lang={lang} />);
  return `<!DOCTYPE html>\n${htmlString(
    <html lang={lang}>
      <head>
        <meta charset="utf-8" />
        <title>{recordsText.title[lang]}</title>
      </head>
      <body>{raw(body)}</body>
    </html>,
  )}\n`;
}
