/**
 * A labelled input with its hint and its error next to it, tied together by aria-describedby so
 * a screen reader reads the error with the field. Every form of the store uses it; the error
 * summary at the top of a form links to `#f-<name>`.
 */
export interface FormFieldProps {
  name: string;
  label: string;
  /** The message to show, already in the page's language. */
  error?: string | undefined;
  hint?: string | undefined;
  type?: string | undefined;
  value?: string | undefined;
  autocomplete?: string | undefined;
  required?: boolean | undefined;
  maxlength?: number | undefined;
  inputmode?: 'numeric' | 'tel' | 'email' | 'text' | undefined;
}

export function FormField(p: FormFieldProps) {
  const id = `f-${p.name}`;
  const described = [p.hint ? `${id}-hint` : '', p.error ? `${id}-error` : '']
    .filter(Boolean)
    .join(' ');
  return (
    <div class={p.error ? 'field field-invalid' : 'field'}>
      <label for={id}>{p.label}</label>
      {p.hint ? (
        <p class="field-hint" id={`${id}-hint`}>
          {p.hint}
        </p>
      ) : null}
      {p.error ? (
        <p class="field-error" id={`${id}-error`}>
          {p.error}
        </p>
      ) : null}
      <input
        id={id}
        name={p.name}
        type={p.type ?? 'text'}
        value={p.value}
        autocomplete={p.autocomplete}
        inputmode={p.inputmode}
        required={p.required}
        maxlength={p.maxlength}
        aria-invalid={p.error ? 'true' : undefined}
        aria-describedby={described || undefined}
      />
    </div>
  );
}
