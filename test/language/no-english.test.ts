/**
 * Every page and every mail in Finnish and Swedish holds no text of the English catalog (issue
 * 11): the English-only texts of the code and of the shipped manifest are collected, each page is
 * fetched in process (`app.request`) and read as a person reads it (text and the labels of
 * controls), each mail rendered in both languages, and any English text found fails with where.
 * Proper names (docs/glossary.md) and texts the same in every language are not English-only.
 *
 * Nothing here depends on the database engine, so it runs once (skipped on the PostgreSQL run).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertSignIn } from '../../src/customers/sign-in/sign-ins.repository.ts';
import { createApp } from '../../src/app/app.ts';
import { renderMessage, templateKeys, type Vars } from '../../src/notify/templates.ts';
import { encodeCart } from '../../src/shop/cart/cart.ts';
import type { Lang } from '../../src/kit/web/i18n.ts';
import { createTestServices, type TestServices } from '../support/services.ts';
import { signedInCustomer } from '../support/customers.ts';
import { staffMember } from '../support/staff.ts';
import { loadShipped } from '../policy/manifest-fixtures.ts';
import { collect, codeEntries, type Entry } from './catalog.ts';
import { glossary, onlyNames } from './glossary.ts';

const { sameEverywhere } = glossary();

/** The English texts no fi/sv page may show: whole texts, or the parts between placeholders. */
function englishOnly(entries: Entry[]): string[] {
  const translated = new Set(entries.flatMap((e) => [e.fi, e.sv]));
  const translatedText = [...translated].join('\n');
  const fragments = new Set<string>();
  for (const e of entries) {
    if (translated.has(e.en)) continue;
    for (const part of e.en.split(/\{\w+\}|\n/)) {
      const f = part.trim().replace(/^[\s,.:;–-]+|[\s,.:;–-]+$/g, '');
      // A fragment of a letter or two, a name, or a word both languages also use tells nothing.
      if ([...f.matchAll(/\p{L}/gu)].length < 4 || onlyNames(f, sameEverywhere)) continue;
      if (translatedText.includes(f)) continue;
      fragments.add(f);
    }
  }
  return [...fragments];
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The English fragments found in `text`, whole words only. */
function englishIn(text: string, fragments: string[]): string[] {
  return fragments.filter(
    (f) =>
      text.includes(f) && new RegExp(`(?<![\\p{L}\\d])${escape(f)}(?![\\p{L}\\d])`, 'u').test(text),
  );
}

const entities: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  '#39': "'",
};

/** What a person reads on the page: its text, and the labels and titles of its controls. */
export function readableText(html: string): string {
  const body = html
    .replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<!--[\s\S]*?-->/g, ' ')
    // Text marked as English on purpose (the language switcher's "English") is not a leak.
    .replace(/<(?!html\b)(\w+)\b[^>]*\slang="en"[^>]*>[\s\S]*?<\/\1>/g, ' ');
  const labels = [...body.matchAll(/\s(?:aria-label|title|placeholder|alt)="([^"]*)"/g)].map(
    (m) => m[1],
  );
  const text = body.replace(/<[^>]+>/g, '\n');
  return [text, ...labels]
    .join('\n')
    .replace(/&(#?\w+);/g, (m, name: string) =>
      name.startsWith('#x')
        ? String.fromCodePoint(parseInt(name.slice(2), 16))
        : name.startsWith('#') && name !== '#39'
          ? String.fromCodePoint(Number(name.slice(1)))
          : (entities[name] ?? m),
    )
    .replace(/[ \t]+/g, ' ');
}

describe.skipIf(process.env.CUSTODIAN_TEST_DB === 'postgres')('no English on fi and sv', () => {
  let services: TestServices;
  let app: ReturnType<typeof createApp>;
  let fragments: string[];
  let cookie: string;
  let staff: string;
  const slug = 'aurora-lace-brief';
  const cart = `hs_cart=${encodeCart([{ slug, size: 'M', quantity: 1 }])}`;

  beforeAll(async () => {
    services = await createTestServices();
    app = createApp(services);
    // A second published version, for the changes page and the change log's links.
    const next = structuredClone(services.policy.manifest);
    next.policy.version += 1;
    next.controller.customerServiceEmail = 'palvelu@hersecret.se';
    await services.policyPublishing.publish({
      significant: false,
      notes: {
        en: 'A new address.',
        fi: 'Asiakaspalvelulla on uusi osoite.',
        sv: 'Kundtjänsten har en ny adress.',
      },
      manifest: next,
    });
    const entries = await codeEntries();
    collect((await loadShipped()).manifest, 'privacy/hersecret.yaml', entries);
    fragments = englishOnly(entries);
    const me = await signedInCustomer(services);
    cookie = me.cookie;
    // The console, as a member whose roles open every page of it.
    staff = (await staffMember(services, ['owner', 'customer_service', 'dpo'])).cookie;
    // Signed in once with the demo Google: /account names the provider, not its issuer URL.
    const db = services.database.db;
    await insertSignIn(db, {
      id: randomUUID(),
      customer_id: me.id,
      provider: 'google',
      subject_index: randomUUID(),
      profile_sealed: await services.vault.seal(db, me.id, 'profile', '{}', 'sign_in'),
      source: 'http://localhost:3000/dev-idp',
      received_at: new Date(),
    });
  }, 120_000);
  afterAll(() => services?.close());

  it('knows the English catalog, and finds its texts in an English page', async () => {
    expect(fragments).toContain('Privacy policy');
    expect(fragments).toContain('Act on the Limitation of Debts (728/2003)');
    const page = await app.request('/privacy?lang=en', { headers: { accept: 'text/html' } });
    const en = readableText(await page.text());
    expect(englishIn(en, fragments).length).toBeGreaterThan(20);
  });

  const pages: [path: string, who: 'visitor' | 'customer' | 'staff', status: number][] = [
    ['/', 'visitor', 200],
    ['/category/bras', 'visitor', 200],
    [`/products/${slug}`, 'visitor', 200],
    ['/search?q=lace', 'visitor', 200],
    ['/cart', 'visitor', 200],
    ['/checkout', 'visitor', 200],
    ['/newsletter', 'visitor', 200],
    ['/account/sign-in', 'visitor', 200],
    ['/account/register', 'visitor', 200],
    ['/account', 'customer', 200],
    ['/account/orders', 'customer', 200],
    ['/privacy-center', 'visitor', 200],
    ['/privacy-center', 'customer', 200],
    ['/privacy-center/consent', 'customer', 200],
    ['/privacy-center/rectification', 'customer', 200],
    ['/privacy-center/close-account', 'customer', 200],
    ['/privacy-center/email-request', 'visitor', 200],
    ['/privacy', 'visitor', 200],
    ['/privacy/records', 'visitor', 200],
    ['/privacy/proof', 'visitor', 200],
    ['/privacy/changes?from=1&to=2', 'visitor', 200],
    ['/cookies', 'visitor', 200],
    ['/no-such-page', 'visitor', 404],
    ['/staff/sign-in', 'visitor', 200],
    ['/staff', 'staff', 200],
    ['/staff/customers', 'staff', 200],
    ['/staff/requests', 'staff', 200],
    ['/staff/objections', 'staff', 200],
    ['/staff/restrictions', 'staff', 200],
    ['/staff/orders', 'staff', 200],
    ['/staff/consent', 'staff', 200],
    ['/staff/audit', 'staff', 200],
    ['/staff/team', 'staff', 200],
    ['/staff/tokens', 'staff', 200],
    ['/staff/account/password', 'staff', 200],
    ['/staff/retention', 'staff', 200],
  ];

  for (const lang of ['fi', 'sv'] as const)
    it(`every page in ${lang}`, async () => {
      const found: string[] = [];
      for (const [path, who, status] of pages) {
        const url = `${path}${path.includes('?') ? '&' : '?'}lang=${lang}`;
        const res = await app.request(url, {
          headers: {
            accept: 'text/html',
            cookie: who === 'customer' ? `${cookie}; ${cart}` : who === 'staff' ? staff : cart,
          },
        });
        expect(res.status, url).toBe(status);
        const html = await res.text();
        expect(html, url).toContain(`<html lang="${lang}"`);
        const text = readableText(html);
        for (const f of englishIn(text, fragments)) found.push(`${url}: "${f}"`);
        // One duration when the shortest and the longest are the same ("6 kuukautta", never
        // "6 kuukautta–6 kuukautta"); banks by name, not by code.
        const twice = /(\d+ \p{L}+)–\1(?!\p{L})/u.exec(text);
        if (twice) found.push(`${url}: "${twice[0]}"`);
        if (text.includes('/dev-idp')) found.push(`${url}: a sign-in provider's URL`);
        const code = /(?<![\p{L}_])(s_pankki|alandsbanken|omasp|saastopankki)(?![\p{L}_])/u.exec(
          text,
        );
        if (code) found.push(`${url}: bank code "${code[0]}"`);
      }
      expect(found).toEqual([]);
    });

  /** Values a mail is filled with; the kept records as the erasure step gives them. */
  const vars = async (lang: Lang): Promise<Vars> => {
    const m = (await loadShipped()).manifest;
    const rule = m.retention.accounting_vouchers!;
    return {
      link: 'https://hersecret.se/x?token=abc',
      minutes: 30,
      hours: 24,
      days: 7,
      uses: 3,
      body: '',
      reference: 'HS-1001',
      amount: '59,90 €',
      tracking: 'JJFI123',
      since: '2026-01-02',
      reasons: '—',
      purposes: m.purposes.marketing_email?.label[lang] ?? '—',
      erasure: {
        erased: [m.categories['user.name']!.label[lang]],
        kept: [
          {
            label: 'HS-1001',
            date: '2026-01-02',
            categories: [m.categories['user.financial.billing']!.label[lang]],
            until: '2032-12-31',
            law: rule.law?.[lang] ?? null,
          },
        ],
      },
      // What a legal hold keeps (erasure_hold_extended, erasure_hold_ended).
      erasureHeld: {
        orders: ['HS-1001'],
        categories: [m.categories['user.purchase_history']!.label[lang]],
        until: '2032-12-31',
      },
    };
  };

  for (const lang of ['fi', 'sv'] as const)
    it(`every mail in ${lang}`, async () => {
      expect(templateKeys.length).toBeGreaterThan(10);
      const en = await vars('en');
      const found: string[] = [];
      for (const key of templateKeys) {
        const mail = renderMessage(key, lang, await vars(lang));
        const text = `${mail.subject}\n${mail.text}`;
        for (const f of englishIn(text, fragments)) found.push(`${key}: "${f}"`);
        // A sentence of the English mail left in this one.
        const english = renderMessage(key, 'en', en);
        for (const line of `${english.subject}\n${english.text}`.split('\n'))
          if (/\p{L}{3,}.*\s.*\p{L}{3,}/u.test(line) && !onlyNames(line, sameEverywhere))
            if (text.includes(line) && !line.startsWith('http')) found.push(`${key}: "${line}"`);
        if (text.includes('tietosuoja.fi/en')) found.push(`${key}: the English tietosuoja.fi`);
      }
      expect(found).toEqual([]);
    });
});
