import { describe, expect, it } from 'vitest';
import { manifestSchema, type Manifest } from '../../core/manifest/manifest.ts';
import { shippedManifest } from '../../../test/support/consent.ts';
import { analyseScan } from './scan-findings.ts';
import type { ScanObservations, ScanSnapshot, ScanStep } from './scan.ts';

const origin = 'https://hersecret.se';
const step = (over: Partial<ScanStep> = {}): ScanStep => ({
  mode: 'refuse',
  lang: 'en',
  page: 'home',
  path: '/',
  action: 'load',
  consent: 'undecided',
  ...over,
});
const cookie = (
  name: string,
  lifetimeSeconds: number | 'session' = 3600,
  over: Partial<ScanSnapshot['cookies'][number]> = {},
): ScanSnapshot['cookies'][number] => ({
  name,
  domain: 'hersecret.se',
  path: '/',
  party: 'first',
  lifetimeSeconds,
  httpOnly: false,
  expires: lifetimeSeconds === 'session' ? -1 : 1_000_000 + lifetimeSeconds,
  ...over,
});
const observe = (over: Partial<ScanObservations>): ScanObservations => ({
  snapshots: [],
  requests: [],
  cookieResponses: [],
  ...over,
});
const kinds = (manifest: Manifest, o: ScanObservations) =>
  analyseScan(manifest, o, origin).findings.map((f) => `${f.kind} ${f.subject} ${f.at.page}`);

describe('analyseScan', () => {
  it('finds nothing when every cookie and key is declared, within its lifetime and consent', async () => {
    const manifest = await shippedManifest();
    const accepted = step({ mode: 'accept', action: 'accept all', consent: 'accepted' });
    const o = observe({
      snapshots: [
        { at: step(), cookies: [cookie('hs_lang', 365 * 86400)], storage: [] },
        {
          at: accepted,
          cookies: [cookie('hs_lang', 365 * 86400), cookie('_ga', 395 * 86400)],
          storage: [{ storage: 'localStorage', key: 'hs_delivery' }],
        },
      ],
      cookieResponses: [{ path: '/api/consent', cookies: ['hs_vid'], at: accepted }],
    });
    expect(kinds(manifest, o)).toEqual([]);
  });

  it('names an undeclared cookie or key, and one declared for the other kind of storage', async () => {
    const manifest = await shippedManifest();
    const o = observe({
      snapshots: [
        {
          at: step({ page: 'cart' }),
          // hs_delivery is declared as localStorage, not as a cookie.
          cookies: [cookie('hs_tracker'), cookie('hs_delivery')],
          storage: [{ storage: 'sessionStorage', key: 'hs_cart' }],
        },
      ],
    });
    expect(kinds(manifest, o)).toEqual([
      'undeclared_cookie hs_tracker cart',
      'undeclared_cookie hs_delivery cart',
      'undeclared_storage hs_cart cart',
    ]);
  });

  it('a lifetime past the declared one (plus a minute of clock slack) is a finding', async () => {
    const manifest = await shippedManifest(); // hs_cart: 30d
    const at = (page: ScanStep['page']) => step({ page });
    const o = observe({
      snapshots: [
        { at: at('cart'), cookies: [cookie('hs_cart', 30 * 86400 + 60)], storage: [] },
        { at: at('search'), cookies: [cookie('hs_session', 30 * 86400 + 61)], storage: [] },
      ],
    });
    expect(kinds(manifest, o)).toEqual(['lifetime_exceeded hs_session search']);
  });

  it('a cookie set again with a later expiry is judged again', async () => {
    const manifest = await shippedManifest();
    const o = observe({
      snapshots: [
        { at: step(), cookies: [cookie('hs_cart', 86400)], storage: [] },
        {
          at: step({ page: 'cart' }),
          cookies: [cookie('hs_cart', 40 * 86400, { expires: 9_000_000 })],
          storage: [],
        },
      ],
    });
    expect(kinds(manifest, o)).toEqual(['lifetime_exceeded hs_cart cart']);
  });

  it('an optional category before consent, after refusal or under GPC is a finding; after accepting it is not', async () => {
    const manifest = await shippedManifest();
    const o = observe({
      snapshots: [
        { at: step(), cookies: [cookie('_ga')], storage: [] },
        {
          at: step({ page: 'product', consent: 'refused' }),
          cookies: [],
          storage: [{ storage: 'localStorage', key: 'hs_reco' }],
        },
        { at: step({ mode: 'gpc', consent: 'refused' }), cookies: [cookie('_fbp')], storage: [] },
        {
          at: step({ mode: 'accept', consent: 'accepted' }),
          cookies: [cookie('_fbp'), cookie('_ga')],
          storage: [],
        },
      ],
    });
    expect(kinds(manifest, o)).toEqual([
      'before_consent _ga home',
      'after_refusal hs_reco product',
      'under_gpc _fbp home',
    ]);
  });

  it('counts a Set-Cookie even when a script removed the cookie before the snapshot', async () => {
    const manifest = await shippedManifest();
    const at = step({ page: 'category' });
    const o = observe({
      snapshots: [{ at, cookies: [], storage: [] }],
      cookieResponses: [{ path: '/category/bras', cookies: ['_gcl_au', 'hs_x'], at }],
    });
    expect(kinds(manifest, o)).toEqual([
      'before_consent _gcl_au category',
      'undeclared_cookie hs_x category',
    ]);
  });

  it('a third-party cookie declared first-party is a finding', async () => {
    const manifest = await shippedManifest();
    const o = observe({
      snapshots: [
        {
          at: step({ consent: 'accepted', mode: 'accept' }),
          cookies: [cookie('_ga', 3600, { domain: '.tracker.example', party: 'third' })],
          storage: [],
        },
      ],
    });
    expect(kinds(manifest, o)).toEqual(['party_mismatch _ga home']);
  });

  it('a request to another origin is a finding unless a recipient declares that origin', async () => {
    const manifest = structuredClone(await shippedManifest());
    manifest.recipients.posti!.origins = ['https://tracking.posti.fi'];
    const at = step({ page: 'checkout' });
    const o = observe({
      requests: [
        { origin, path: '/x', resourceType: 'fetch', at },
        { origin: 'https://tracking.posti.fi', path: '/w.js', resourceType: 'script', at },
        { origin: 'https://px.example', path: '/p.gif', resourceType: 'image', at },
        { origin: 'https://px.example', path: '/q.gif', resourceType: 'image', at },
      ],
    });
    const { findings } = analyseScan(manifest, o, origin);
    expect(findings.map((f) => `${f.kind} ${f.subject} ${f.at.page}`)).toEqual([
      'undeclared_origin https://px.example checkout',
    ]);
  });

  it('reports one finding per page and step, listing every visit that showed it', async () => {
    const manifest = await shippedManifest();
    const o = observe({
      snapshots: (['en', 'fi', 'sv'] as const).map((lang) => ({
        at: step({ lang }),
        cookies: [cookie('hs_tracker')],
        storage: [],
      })),
    });
    const { findings } = analyseScan(manifest, o, origin);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.seenIn).toEqual(['refuse/en', 'refuse/fi', 'refuse/sv']);
  });
});

describe('recipients[*].origins', () => {
  it('takes origins only: a path, a query or another scheme is refused', async () => {
    const shipped = await shippedManifest();
    const valid = (origins: string[]) => {
      const manifest = structuredClone(shipped);
      manifest.recipients.posti!.origins = origins;
      return manifestSchema.safeParse(manifest).success;
    };
    expect(valid(['https://tracking.posti.fi', 'http://127.0.0.1:8080'])).toBe(true);
    expect(valid(['https://tracking.posti.fi/pixel'])).toBe(false);
    expect(valid(['https://tracking.posti.fi?x=1'])).toBe(false);
    expect(valid(['ftp://tracking.posti.fi'])).toBe(false);
  });
});
