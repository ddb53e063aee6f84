/**
 * The proof page's content: each promise of the policy by kind, how it is checked, and the
 * latest result. Test names are the tests' own words (English), marked `lang="en"`; everything
 * else is in the page language.
 */
import type { Localized } from '../core/manifest/manifest.ts';
import { fill } from '../policy/policy-messages.ts';
import { formatDate, type Lang } from '../policy/policy-terms.ts';
import type { StatementProof } from './conformance-map.ts';
import type { ProofRecord } from './proof-run.ts';
import {
  databaseNames,
  howChecked,
  kindHeadings,
  proofText,
  testsInEnglish,
} from './proof.messages.ts';
import { statementKinds } from './statement-kind.ts';

const day = (iso: string, lang: Lang) => formatDate(iso.slice(0, 10), lang);

function Result({ proof, ran, lang }: { proof: StatementProof; ran: boolean; lang: Lang }) {
  const t = (m: Localized) => m[lang];
  if (!ran) return <span class="proof-none">{t(proofText.notYetRun)}</span>;
  const label = {
    proven: proofText.proven,
    failed: proofText.failed,
    unproven: proofText.unproven,
  };
  return (
    <>
      <strong class={`proof-${proof.status}`}>{t(label[proof.status])}</strong>
      {proof.lastProven && (
        <>
          <br />
          {fill(t(proofText.lastPassed), { date: day(proof.lastProven, lang) })}
        </>
      )}
    </>
  );
}

export function ProofArticle(props: { map: StatementProof[]; record: ProofRecord; lang: Lang }) {
  const { map, record, lang } = props;
  const t = (m: Localized) => m[lang];
  const ran = record.runs.length > 0;
  const latest = record.runs
    .map((r) => r.finishedAt)
    .sort()
    .at(-1);
  return (
    <article class="proof" data-consent-policy="">
      <h1>{t(proofText.title)}</h1>
      <p>{t(proofText.intro)}</p>
      <p>
        <a href="/privacy">{t(proofText.policyLink)}</a>
      </p>
      {ran && latest ? (
        <p>
          {fill(t(proofText.lastRun), {
            date: day(latest, lang),
            databases: record.runs.map((r) => databaseNames[r.database]).join(', '),
          })}{' '}
          {fill(t(proofText.summary), {
            proven: String(map.filter((p) => p.status === 'proven').length),
            total: String(map.length),
          })}
        </p>
      ) : (
        <p class="notice" role="note">
          {t(proofText.notRun)}
        </p>
      )}
      {statementKinds.map((kind) => {
        const rows = map.filter((p) => p.statement.kind === kind);
        if (rows.length === 0) return null;
        return (
          <div class="proof-kind">
            <h2 id={`proof-${kind}`}>{t(kindHeadings[kind])}</h2>
            <p>{t(howChecked[kind])}</p>
            <section class="table-wrap" aria-labelledby={`proof-${kind}`} tabindex={0}>
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t(proofText.promise)}</th>
                    <th scope="col">{t(proofText.howKept)}</th>
                    <th scope="col">{t(proofText.result)}</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((proof) => {
                    const names = [...new Set(proof.tests.map((x) => x.name))];
                    return (
                      <tr
                        id={proof.statement.id.replaceAll(':', '-')}
                        data-statement={proof.statement.id}
                      >
                        <th scope="row">{t(proof.statement.text)}</th>
                        <td>
                          {names.length === 0 ? (
                            t(ran ? proofText.noTests : proofText.notYetRun)
                          ) : (
                            <>
                              {t(testsInEnglish)}:
                              <ul lang="en">
                                {names.map((name) => (
                                  <li>{name}</li>
                                ))}
                              </ul>
                            </>
                          )}
                        </td>
                        <td>
                          <Result proof={proof} ran={ran} lang={lang} />
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </section>
          </div>
        );
      })}
    </article>
  );
}
