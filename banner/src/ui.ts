/**
 * The banner's two layers as one modal dialog: the first with Accept all, Reject all and Choose
 * (the same element, size and style for each), the second with a switch per category and the
 * cookies each one uses. Focus moves into the dialog, Tab stays inside it, Escape or the close
 * button dismisses it without deciding anything, and focus returns where it was. The dialog is
 * fixed-position over the page, so opening it never moves the page's content.
 */
import type { BannerConfig, Choices, OptionalCategory } from './config.ts';

export interface View {
  config: BannerConfig;
  /** The choice in force, to preset the switches; none on a first visit (nothing pre-ticked). */
  choices: Choices | undefined;
  /** Say that GPC or Do Not Track was honoured. */
  notice: boolean;
  /** Open the second layer directly. */
  settings: boolean;
  decide(choices: Choices): void;
  /** "Choose": open the settings layer (its details may have to be fetched first). */
  choose(): void;
}

type Kid = Node | string | false | undefined;
const d = document;
let root: HTMLElement | undefined;
let returnTo: Element | null = null;

function h(tag: string, props: Record<string, unknown> = {}, ...kids: Kid[]): HTMLElement {
  const el = d.createElement(tag);
  for (const [k, v] of Object.entries(props))
    if (k == 'role' || k.includes('-')) el.setAttribute(k, String(v));
    else (el as unknown as Record<string, unknown>)[k] = v;
  for (const kid of kids) if (kid) el.append(kid);
  return el;
}

const button = (label: string, onclick: () => void) =>
  h('button', { type: 'button', className: 'hs-cc-b', onclick }, label);

const every = (on: boolean): Choices => ({ analytics: on, marketing: on, personalisation: on });

export function close(): void {
  root?.remove();
  root = undefined;
  if (returnTo instanceof HTMLElement && returnTo.isConnected) returnTo.focus();
  returnTo = null;
}

export function open(v: View): void {
  const t = v.config.texts;
  const toggles: [OptionalCategory, HTMLInputElement][] = [];
  const decide = (c: Choices) => {
    close();
    v.decide(c);
  };
  const categories = () =>
    v.config.categories.map((cat) => {
      const id = 'hs-cc-' + cat.key;
      const input = h('input', {
        type: 'checkbox',
        role: 'switch',
        checked: cat.required || !!v.choices?.[cat.key as OptionalCategory],
        disabled: cat.required,
        'aria-describedby': id,
      }) as HTMLInputElement;
      if (!cat.required) toggles.push([cat.key as OptionalCategory, input]);
      return h(
        'li',
        {},
        h('label', {}, input, ' ', h('b', {}, cat.label), cat.required && ` (${t.alwaysOn})`),
        h('p', { id }, cat.description),
        cat.cookies.length > 0 &&
          h(
            'details',
            {},
            h('summary', {}, `${t.cookies} (${cat.cookies.length})`),
            h(
              'ul',
              {},
              ...cat.cookies.map((k) =>
                h(
                  'li',
                  {},
                  h('code', {}, k.name),
                  ` · ${k.lifetime} · ${k.purpose}${k.provider ? ' · ' + k.provider : ''}`,
                ),
              ),
            ),
          ),
      );
    });
  const panel = h(
    'div',
    {
      className: 'hs-cc-p',
      role: 'dialog',
      'aria-modal': 'true',
      'aria-labelledby': 'hs-cc-t',
      'aria-describedby': 'hs-cc-d',
      tabIndex: -1,
      lang: v.config.lang,
    },
    h(
      'button',
      { type: 'button', className: 'hs-cc-x', 'aria-label': t.close, onclick: close },
      '×',
    ),
    h('h2', { id: 'hs-cc-t' }, v.settings ? t.settings : t.title),
    h(
      'p',
      { id: 'hs-cc-d' },
      t.body + ' ',
      h('a', { href: t.privacyLink.href }, t.privacyLink.label),
    ),
    v.notice && h('p', { className: 'hs-cc-n' }, t.signalHonoured),
    v.settings && h('ul', { className: 'hs-cc-l' }, ...categories()),
    h(
      'div',
      { className: 'hs-cc-a' },
      button(t.acceptAll, () => decide(every(true))),
      button(t.rejectAll, () => decide(every(false))),
      v.settings
        ? button(t.save, () => {
            const c = every(false);
            for (const [key, input] of toggles) c[key] = input.checked;
            decide(c);
          })
        : button(t.choose, () => v.choose()),
    ),
  );
  panel.onkeydown = (e) => {
    if (e.key == 'Escape') close();
    if (e.key != 'Tab') return;
    const stops = [...panel.querySelectorAll<HTMLElement>('a,button,input:enabled,summary')];
    const edge = e.shiftKey ? stops[0] : stops[stops.length - 1];
    if (d.activeElement == edge || d.activeElement == panel) {
      e.preventDefault();
      (e.shiftKey ? stops[stops.length - 1] : stops[0])!.focus();
    }
  };
  if (!root) {
    returnTo = d.activeElement;
    root = h('div', { id: 'hs-cc', className: 'hs-cc' });
    d.body.append(root);
  }
  root.replaceChildren(panel);
  panel.focus();
}
