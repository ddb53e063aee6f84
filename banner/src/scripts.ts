/**
 * Script blocking. A page marks a tag `<script type="text/plain" data-consent="analytics">`
 * (inline or with `src`); the browser ignores it until the banner swaps in a real script element
 * once every category it names (space-separated) is allowed, without a reload. `data-type` gives
 * the type the running script should have (for example `module`).
 */
import type { CategoryKey } from './config.ts';

export function unblock(allowed: (category: CategoryKey) => boolean): void {
  for (const old of document.querySelectorAll<HTMLScriptElement>(
    'script[type="text/plain"][data-consent]',
  )) {
    const needs = old.dataset.consent!.split(' ').filter(Boolean) as CategoryKey[];
    if (!needs.every(allowed)) continue;
    const s = document.createElement('script');
    for (const { name, value } of old.attributes)
      if (name != 'type' && name != 'data-consent') s.setAttribute(name, value);
    s.type = old.dataset.type || '';
    // A nonce is hidden from attributes once parsed; the property still carries it.
    s.nonce = old.nonce ?? '';
    // Keep document order among src scripts, as the page wrote them.
    s.async = false;
    s.text = old.text;
    old.replaceWith(s);
  }
}
