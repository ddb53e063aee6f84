/**
 * The policy document as HTML (hono/jsx): the body of `/privacy` and of
 * `custodian manifest render --format html`. Every table has column headers and every section a
 * heading the table of contents links to.
 */
import { raw } from 'hono/html';
import { htmlString } from '../kit/web/html-string.ts';
import type { Block, Inline, PolicyDocument } from './policy-document.ts';
import { headings } from './policy-messages.ts';

function Text({ parts }: { parts: readonly Inline[] }) {
  return <>{parts.map((i) => (typeof i === 'string' ? i : <a href={i.href}>{i.text}</a>))}</>;
}

/** `label` names a table's scroll region for screen readers (it scrolls sideways on phones). */
function BlockView({ block, label }: { block: Block; label: string }) {
  switch (block.kind) {
    case 'p':
      return (
        <p>
          <Text parts={block.content} />
        </p>
      );
    case 'list':
      return (
        <ul>
          {block.items.map((item) => (
            <li>
              <Text parts={item} />
            </li>
          ))}
        </ul>
      );
    case 'lines':
      return (
        <address>
          {block.lines.map((line) => (
            <>
              <Text parts={line} />
              <br />
            </>
          ))}
        </address>
      );
    case 'table':
      return (
        <section class="table-wrap" aria-label={label} tabindex={0}>
          <table>
            <thead>
              <tr>
                {block.head.map((h) => (
                  <th scope="col">{h}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {block.rows.map((row) => (
                <tr>{row.map((c, i) => (i === 0 ? <th scope="row">{c}</th> : <td>{c}</td>))}</tr>
              ))}
            </tbody>
          </table>
        </section>
      );
  }
}

export function PolicyArticle({ doc }: { doc: PolicyDocument }) {
  return (
    <article class="policy" data-consent-policy="">
      <h1>{doc.title}</h1>
      <p class="muted">
        <time datetime={doc.date}>{doc.updated}</time>
      </p>
      <nav aria-labelledby="policy-contents" class="policy-contents">
        <h2 id="policy-contents">{headings.contents[doc.lang]}</h2>
        <ol>
          {doc.sections.map((s) => (
            <li>
              <a href={`#${s.id}`}>{s.heading}</a>
            </li>
          ))}
        </ol>
      </nav>
      {doc.sections.map((s) => (
        <section id={s.id} aria-labelledby={`${s.id}-heading`}>
          <h2 id={`${s.id}-heading`}>{s.heading}</h2>
          {s.blocks.map((b) => (
            <BlockView block={b} label={`${headings.table[doc.lang]}: ${s.heading}`} />
          ))}
        </section>
      ))}
    </article>
  );
}

/** A standalone HTML file of the policy, for the CLI. */
export function policyHtmlFile(doc: PolicyDocument): string {
  const body = htmlString(<PolicyArticle doc={doc} />);
  return `<!DOCTYPE html>\n${htmlString(
    <html lang={doc.lang}>
      <head>
        <meta charset="utf-8" />
        <title>{doc.title}</title>
      </head>
      <body>{raw(body)}</body>
    </html>,
  )}\n`;
}
