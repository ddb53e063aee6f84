/** Form pieces the account pages share: labelled fields with their error next to them. */
import type { Child } from 'hono/jsx';
import { text, type Lang } from '../web/i18n.ts';
import type { Problem, Problems } from './account-input.ts';
import { m, problemTexts } from './account.messages.ts';

export interface FieldProps {
  name: string;
  label: string;
  lang: Lang;
  problems: Problems;
  type?: string;
  value?: string | undefined;
  autocomplete?: string;
  required?: boolean;
  hint?: string;
  maxlength?: number;
}

export function problemText(problem: Problem, lang: Lang): string {
  return text(problemTexts[problem], lang);
}

export function Field(p: FieldProps) {
  const problem = p.problems[p.name];
  const id = `f-${p.name}`;
  const described = [p.hint ? `${id}-hint` : '', problem ? `${id}-error` : '']
    .filter(Boolean)
    .join(' ');
  return (
    <div class={problem ? 'field field-invalid' : 'field'}>
      <label for={id}>{p.label}</label>
      {p.hint ? (
        <p class="field-hint" id={`${id}-hint`}>
          {p.hint}
        </p>
      ) : null}
      {problem ? (
        <p class="field-error" id={`${id}-error`}>
          {problemText(problem, p.lang)}
        </p>
      ) : null}
      <input
        id={id}
        name={p.name}
        type={p.type ?? 'text'}
        value={p.type === 'password' ? undefined : (p.value ?? '')}
        autocomplete={p.autocomplete}
        required={p.required}
        maxlength={p.maxlength}
        aria-invalid={problem ? 'true' : undefined}
        aria-describedby={described || undefined}
      />
    </div>
  );
}

/** The list of problems at the top of a form, each linking to its field. */
export function ErrorSummary({ problems, lang }: { problems: Problems; lang: Lang }) {
  const entries = Object.entries(problems).filter(([, p]) => p) as [string, Problem][];
  if (entries.length === 0) return null;
  return (
    <div class="error-summary" role="alert" tabindex={-1}>
      <p>{text(m.errorSummary, lang)}</p>
      <ul>
        {entries.map(([field, p]) => (
          <li>
            <a href={`#f-${field}`}>{problemText(p, lang)}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function Notice({ children, role = 'status' }: { children: Child; role?: string }) {
  return (
    <p class="notice" role={role}>
      {children}
    </p>
  );
}

export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? ''));
}
