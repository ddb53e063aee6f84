/**
 * Compares what the browser saw with what the manifest declares. Pure: the same observations
 * and manifest always give the same findings, so the rules are tested without a browser.
 *
 * A finding is an undeclared cookie or storage key, a lifetime longer than declared, a cookie
 * on the wrong side of the first/third-party line, a cookie or key of an optional category
 * present before consent, after refusal or under GPC, or a request to an origin that no
 * recipient declares. Each is reported once per page and step, with every visit that showed it.
 */
import { durationSeconds, parseDuration } from '../../core/manifest/duration.ts';
import type { Cookie, Manifest } from '../../core/manifest/manifest.ts';
import type {
  FindingKind,
  ObservedCookie,
  ObservedStorage,
  ScanFinding,
  ScanObservations,
  ScanStep,
} from './scan.ts';

/** Clock slack between the page setting a cookie and the scan reading it, in seconds. */
const LIFETIME_SLACK_SECONDS = 60;

export interface ScanAnalysis {
  /** Each cookie the first time it was seen, or seen again with a later expiry, per visit. */
  cookies: ObservedCookie[];
  storage: ObservedStorage[];
  findings: ScanFinding[];
}

/** The manifest entry that declares `name` in `storage`; a name ending in `*` is a prefix. */
export function declaredItem(
  manifest: Manifest,
  storage: Cookie['storage'],
  name: string,
): Cookie | undefined {
  return manifest.cookies.find(
    (c) =>
      c.storage === storage &&
      (c.name.endsWith('*') ? name.startsWith(c.name.slice(0, -1)) : c.name === name),
  );
}

/** Every origin a recipient of the manifest declares. */
export function declaredOrigins(manifest: Manifest): Set<string> {
  return new Set(Object.values(manifest.recipients).flatMap((r) => r.origins ?? []));
}

/** `13mo` and the like in seconds; undefined for `session`. */
function declaredSeconds(item: Cookie): number | undefined {
  const d = parseDuration(item.lifetime);
  return d && d !== 'session' ? durationSeconds(d) : undefined;
}

export function formatSeconds(seconds: number | 'session'): string {
  if (seconds === 'session') return 'session';
  const days = seconds / 86400;
  if (days >= 1) return `${Math.round(days * 10) / 10} d`;
  if (seconds >= 3600) return `${Math.round((seconds / 3600) * 10) / 10} h`;
  return `${Math.round(seconds)} s`;
}

const visit = (at: ScanStep) => `${at.mode}/${at.lang}`;

/** Why an item of an optional category must not be there at this step, if it must not. */
function consentBreach(at: ScanStep): { kind: FindingKind; why: string } | undefined {
  if (at.consent === 'accepted') return undefined;
  if (at.mode === 'gpc') return { kind: 'under_gpc', why: 'with Global Privacy Control on' };
  if (at.consent === 'refused') return { kind: 'after_refusal', why: 'after "refuse all"' };
  return { kind: 'before_consent', why: 'before any choice in the banner' };
}

export function analyseScan(
  manifest: Manifest,
  observations: ScanObservations,
  storeOrigin: string,
): ScanAnalysis {
  const findings = new Map<string, ScanFinding>();
  const add = (kind: FindingKind, subject: string, message: string, at: ScanStep) => {
    const key = [kind, subject, at.page, at.action].join('\u0000');
    const found = findings.get(key);
    if (!found) findings.set(key, { kind, subject, message, at, seenIn: [visit(at)] });
    else if (!found.seenIn.includes(visit(at))) found.seenIn.push(visit(at));
  };

  const cookies: ObservedCookie[] = [];
  const storage: ObservedStorage[] = [];
  // Per visit (mode/lang): the latest expiry seen of each cookie, and the storage keys seen.
  const expiries = new Map<string, number>();
  const keysSeen = new Set<string>();

  for (const { at, cookies: present, storage: items } of observations.snapshots) {
    const setHere = new Map<string, string>();
    for (const r of observations.cookieResponses) {
      if (r.at === at) for (const name of r.cookies) setHere.set(name, r.path);
    }
    for (const c of present) {
      const declared = declaredItem(manifest, 'cookie', c.name);
      const seenKey = [visit(at), c.name, c.domain, c.path].join('\u0000');
      const previous = expiries.get(seenKey);
      // New, or set again with a later expiry: its lifetime is what it is now.
      const fresh = previous === undefined || c.expires > previous + 1;
      expiries.set(seenKey, c.expires);
      if (fresh) {
        const { expires: _expires, ...cookie } = c;
        const observed: ObservedCookie = { ...cookie, setBy: setHere.get(c.name) ?? 'script', at };
        if (previous === undefined) cookies.push(observed);
        checkCookie(observed, declared, add);
      }
      if (declared && declared.category !== 'functional') {
        const breach = consentBreach(at);
        if (breach) {
          add(
            breach.kind,
            c.name,
            `${declared.category} cookie ${c.name} is set ${breach.why}`,
            at,
          );
        }
      }
    }
    for (const item of items) {
      const declared = declaredItem(manifest, item.storage, item.key);
      const seenKey = [visit(at), item.storage, item.key].join('\u0000');
      if (!keysSeen.has(seenKey)) {
        keysSeen.add(seenKey);
        storage.push({ ...item, at });
        if (!declared) {
          add(
            'undeclared_storage',
            item.key,
            `${item.storage} key ${item.key} is not declared in the manifest`,
            at,
          );
        }
      }
      if (declared && declared.category !== 'functional') {
        const breach = consentBreach(at);
        if (breach) {
          add(
            breach.kind,
            item.key,
            `${declared.category} ${item.storage} key ${item.key} is present ${breach.why}`,
            at,
          );
        }
      }
    }
  }

  // A Set-Cookie counts even when a script deletes the cookie before the step's snapshot (the
  // banner clears optional cookies on load): the browser held it, and sent it back meanwhile.
  for (const r of observations.cookieResponses) {
    for (const name of r.cookies) {
      const declared = declaredItem(manifest, 'cookie', name);
      if (!declared) {
        add(
          'undeclared_cookie',
          name,
          `cookie ${name} (set by ${r.path}) is not declared in the manifest`,
          r.at,
        );
        continue;
      }
      const breach = declared.category === 'functional' ? undefined : consentBreach(r.at);
      if (breach) {
        add(
          breach.kind,
          name,
          `${declared.category} cookie ${name} is set by ${r.path} ${breach.why}`,
          r.at,
        );
      }
    }
  }

  const allowed = declaredOrigins(manifest);
  for (const r of observations.requests) {
    if (r.origin === storeOrigin || allowed.has(r.origin)) continue;
    add(
      'undeclared_origin',
      r.origin,
      `a ${r.resourceType} request to ${r.origin} (no recipient declares this origin)` +
        (r.failure ? `, which did not complete: ${r.failure}` : ''),
      r.at,
    );
  }
  return { cookies, storage, findings: [...findings.values()] };
}

function checkCookie(
  c: ObservedCookie,
  declared: Cookie | undefined,
  add: (kind: FindingKind, subject: string, message: string, at: ScanStep) => void,
): void {
  if (!declared) {
    add(
      'undeclared_cookie',
      c.name,
      `cookie ${c.name} (${c.party}-party, ${c.domain}, set by ${c.setBy}) is not declared in the manifest`,
      c.at,
    );
    return;
  }
  const limit = declaredSeconds(declared);
  const longer =
    c.lifetimeSeconds !== 'session' &&
    (limit === undefined || c.lifetimeSeconds > limit + LIFETIME_SLACK_SECONDS);
  if (longer) {
    add(
      'lifetime_exceeded',
      c.name,
      `cookie ${c.name} lives ${formatSeconds(c.lifetimeSeconds)}, the manifest declares ${declared.lifetime}`,
      c.at,
    );
  }
  if (declared.party !== c.party) {
    add(
      'party_mismatch',
      c.name,
      `cookie ${c.name} is ${c.party}-party (${c.domain}), the manifest declares it ${declared.party}-party`,
      c.at,
    );
  }
}
