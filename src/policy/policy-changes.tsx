/** The body of `/privacy/changes`: the change note of the newer version and each section's diff. */
import type { Lang } from '../kit/web/i18n.ts';
import type { SectionDiff } from './policy-diff.ts';
import { changesText as m } from './policy-changes.messages.ts';
import { fill } from './policy-messages.ts';

export interface ChangesView {
  lang: Lang;
  from: { version: number; date: string };
  to: { version: number; date: string; note: string | undefined };
  sections: SectionDiff[];
}

export function PolicyChanges({ view }: { view: ChangesView }) {
  const { lang } = view;
  return (
    <article class="policy">
      <h1>{m.title[lang]}</h1>
      <p>
        {fill(m.compared[lang], {
          from: String(view.from.version),
          fromDate: view.from.date,
          to: String(view.to.version),
          toDate: view.to.date,
        })}
      </p>
      {view.to.note && (
        <section aria-labelledby="change-note">
          <h2 id="change-note">{m.note[lang]}</h2>
          <p>{view.to.note}</p>
        </section>
      )}
      {view.sections.length === 0 && <p>{m.unchanged[lang]}</p>}
      {view.sections.map((s) => (
        <section aria-labelledby={`diff-${s.id}`}>
          <h2 id={`diff-${s.id}`}>{s.heading}</h2>
          {s.removed.length > 0 && (
            <>
              <h3>{m.removed[lang]}</h3>
              <ul class="diff-removed">
                {s.removed.map((line) => (
                  <li>
                    <del>{line}</del>
                  </li>
                ))}
              </ul>
            </>
          )}
          {s.added.length > 0 && (
            <>
              <h3>{m.added[lang]}</h3>
              <ul class="diff-added">
                {s.added.map((line) => (
                  <li>
                    <ins>{line}</ins>
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>
      ))}
      <p>
        <a href={`/privacy?version=${view.from.version}`}>
          {fill(m.read[lang], { version: String(view.from.version) })}
        </a>
        {' · '}
        <a href={`/privacy?version=${view.to.version}`}>
          {fill(m.read[lang], { version: String(view.to.version) })}
        </a>
      </p>
    </article>
  );
}
