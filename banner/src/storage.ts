/**
 * The visitor's choice in the functional `hs_consent` cookie, and deletion of the first-party
 * cookies and storage items of a refused category.
 *
 * Cookie value: `<policyVersion>.<decided, ms base 36>.<analytics><marketing><personalisation>`,
 * for example `3.m3x1k2q0.100`. It lives exactly as long as the choice is valid
 * (`renewAfterDays`), so an expired choice is simply absent.
 */
import type { Choices, FirstView } from './config.ts';

const NAME = 'hs_consent';
const d = document;

export function readChoice(config: FirstView): Choices | undefined {
  const m = new RegExp(`(?:^|; )${NAME}=(\\d+)\\.(\\w+)\\.([01]{3})`).exec(d.cookie);
  if (!m) return;
  const [, version, time, bits = ''] = m;
  const age = Date.now() - parseInt(time!, 36);
  // A newer policy version or an old choice means asking again (CNIL: about six months).
  if (Number(version) < config.policyVersion || !(age < config.renewAfterDays * 864e5)) return;
  return { analytics: bits[0] == '1', marketing: bits[1] == '1', personalisation: bits[2] == '1' };
}

export function storeChoice(config: FirstView, c: Choices): void {
  const bits = [c.analytics, c.marketing, c.personalisation].map(Number).join('');
  d.cookie =
    `${NAME}=${config.policyVersion}.${Date.now().toString(36)}.${bits}; path=/; SameSite=Lax` +
    `; max-age=${Math.round(config.renewAfterDays * 86400)}${location.protocol == 'https:' ? '; Secure' : ''}`;
}

/** Every domain and path a script could have set a cookie on from this page. */
function scopes(): [string[], string[]] {
  const host = location.hostname.split('.');
  const domains = [''];
  for (let i = 0; i < host.length - 1; i++) domains.push('; domain=' + host.slice(i).join('.'));
  const paths = ['/'];
  let p = '';
  for (const part of location.pathname.split('/').filter(Boolean)) {
    p += '/' + part;
    paths.push(p, p + '/');
  }
  return [domains, paths];
}

/**
 * Deletes what it can: first-party cookies (a trailing `*` matches a prefix) and web storage. An
 * item with no `party` is first-party (the embedded first view lists only those).
 */
export function remove(items: FirstView['categories'][number]['cookies']): void {
  const [domains, paths] = scopes();
  const present = d.cookie.split('; ').map((c) => c.split('=')[0]!);
  for (const item of items) {
    if (item.party == 'third') continue;
    if (item.storage == 'cookie') {
      const prefix = item.name.replace(/\*$/, '');
      const names = prefix == item.name ? [prefix] : present.filter((n) => n.startsWith(prefix));
      for (const name of names)
        for (const domain of domains)
          for (const path of paths)
            d.cookie = `${name}=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=${path}${domain}`;
    } else if (item.storage != 'pixel') {
      try {
        window[item.storage].removeItem(item.name);
      } catch {
        // Storage can be disabled; then there is nothing to delete.
      }
    }
  }
}
