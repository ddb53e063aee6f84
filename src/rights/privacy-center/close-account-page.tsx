/** The close-account pages: what will be deleted and kept, the confirmation form, the after. */
import type { Manifest } from '../../core/manifest/manifest.ts';
import { FormField } from '../../kit/web/form-field.tsx';
import { text, type Lang } from '../../kit/web/i18n.ts';
import { Layout } from '../../kit/web/layout.tsx';
import { deletedItems, messages as m, problemTexts } from './close-account.messages.ts';
import type { CloseField, ClosePreview, CloseProblem } from './close-account.service.ts';

export type CloseProblems = Partial<Record<CloseField, CloseProblem>>;

export interface CloseAccountPageProps {
  lang: Lang;
  path: string;
  preview: ClosePreview;
  manifest: Manifest;
  problems: CloseProblems;
}

function problemText(field: CloseField, problem: CloseProblem | undefined, lang: Lang) {
  const msg = problem ? problemTexts[field][problem] : undefined;
  return msg ? text(msg, lang) : undefined;
}

export function CloseAccountPage({
  lang,
  path,
  preview,
  manifest,
  problems,
}: CloseAccountPageProps) {
  const t = (msg: (typeof m)[keyof typeof m]) => text(msg, lang);
  const label = (c: string) => manifest.categories[c]?.label[lang] ?? c;
  const lawOf = (retention: string | null) =>
    retention ? manifest.retention[retention]?.law?.[lang] : undefined;
  const errors = (Object.entries(problems) as [CloseField, CloseProblem][])
    .map(([field, p]) => [field, problemText(field, p, lang)] as const)
    .filter(([, msg]) => msg);
  const understoodError = problemText('understood', problems.understood, lang);
  return (
    <Layout lang={lang} title={t(m.title)} path={path}>
      <h1>{t(m.title)}</h1>
      {errors.length > 0 ? (
        <div class="error-summary" role="alert" tabindex={-1}>
          <p>{t(m.notClosed)}</p>
          <ul>
            {errors.map(([field, msg]) => (
              <li>
                <a href={`#f-${field}`}>{msg}</a>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <p>{t(m.intro)}</p>
      <h2>{t(m.deletedTitle)}</h2>
      <ul>
        {deletedItems.map((item) => (
          <li>{text(item, lang)}</li>
        ))}
      </ul>
      <h2>{t(m.kept)}</h2>
      {preview.kept.length === 0 ? (
        <p>{t(m.nothingKept)}</p>
      ) : (
        <>
          <p>{t(m.keptIntro)}</p>
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t(m.order)}</th>
                  <th scope="col">{t(m.date)}</th>
                  <th scope="col">{t(m.what)}</th>
                  <th scope="col">{t(m.until)}</th>
                  <th scope="col">{t(m.why)}</th>
                </tr>
              </thead>
              <tbody>
                {preview.kept.map((k) => (
                  <tr>
                    <td>{k.label}</td>
                    <td>{k.date}</td>
                    <td>{k.categories.map(label).join(', ')}</td>
                    <td>{k.until ?? '—'}</td>
                    <td>
                      {k.retention ? (manifest.retention[k.retention]?.label[lang] ?? '') : ''}
                      {lawOf(k.retention) ? ` (${lawOf(k.retention)})` : ''}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      {preview.held ? (
        <section aria-labelledby="held-title" data-legal-hold={preview.held.until}>
          <h2 id="held-title">{t(m.heldTitle)}</h2>
          <p>{t(m.heldIntro)}</p>
          <ul>
            {preview.held.orders.map((ref) => (
              <li>{t(m.heldOrder).replace('{ref}', ref)}</li>
            ))}
            {preview.held.categories.map((c) => (
              <li>{label(c)}</li>
            ))}
          </ul>
          <p>{t(m.heldUntil).replace('{date}', preview.held.until)}</p>
        </section>
      ) : null}
      <p>
        <strong>{t(m.irreversible)}</strong>
      </p>
      <p>{t(m.emailNote)}</p>
      <h2>{t(m.confirmTitle)}</h2>
      <form method="post" action="/privacy-center/close-account">
        <div class={understoodError ? 'field field-check field-invalid' : 'field field-check'}>
          {understoodError ? (
            <p class="field-error" id="f-understood-error">
              {understoodError}
            </p>
          ) : null}
          <input
            type="checkbox"
            id="f-understood"
            name="understood"
            value="yes"
            required
            aria-invalid={understoodError ? 'true' : undefined}
            aria-describedby={understoodError ? 'f-understood-error' : undefined}
          />
          <label for="f-understood">{t(m.understood)}</label>
        </div>
        {preview.hasPassword ? (
          <FormField
            name="password"
            type="password"
            label={t(m.password)}
            autocomplete="current-password"
            required
            maxlength={1024}
            error={problemText('password', problems.password, lang)}
          />
        ) : (
          <FormField
            name="confirmation"
            label={t(m.typeWord)}
            hint={t(m.typeWordHint)}
            autocomplete="off"
            required
            maxlength={50}
            error={problemText('confirmation', problems.confirmation, lang)}
          />
        )}
        <button type="submit">{t(m.submit)}</button>
      </form>
      <p>
        <a href="/privacy-center">{t(m.back)}</a>
      </p>
    </Layout>
  );
}

export function AccountClosedPage({ lang, path }: { lang: Lang; path: string }) {
  return (
    <Layout lang={lang} title={text(m.closedTitle, lang)} path={path}>
      <h1>{text(m.closedTitle, lang)}</h1>
      <p role="status">{text(m.closed, lang)}</p>
      <p>{text(m.irreversible, lang)}</p>
    </Layout>
  );
}
