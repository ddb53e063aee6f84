/** Form pieces the account pages share: labelled fields with their error next to them. */
import type { Child } from 'hono/jsx';
import { FormField } from '../kit/web/form-field.tsx';
import { text, type Lang } from '../kit/web/i18n.ts';
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

export function Field({ problems, lang, value, ...field }: FieldProps) {
  const problem = problems[field.name];
  return (
    <FormField
      {...field}
      // A password is never sent back into the page.
      value={field.type === 'password' ? undefined : (value ?? '')}
      error={problem ? problemText(problem, lang) : undefined}
    />
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
