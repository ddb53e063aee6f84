/**
 * The store speaks English, Finnish and Swedish. The language comes from `?lang=`, then the
 * `lang` cookie, then Accept-Language; English is the fallback.
 */
export const languages = ['en', 'fi', 'sv'] as const;
export type Lang = (typeof languages)[number];

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (languages as readonly string[]).includes(value);
}

/** Picks the best supported language from an Accept-Language header, honouring q-values. */
export function fromAcceptLanguage(header: string | undefined): Lang | undefined {
  if (!header) return undefined;
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag: tag.toLowerCase(), q: q ? Number(q.slice(2)) || 0 : 1 };
    })
    .filter((r) => r.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    const base = tag.split('-')[0];
    if (isLang(base)) return base;
  }
  return undefined;
}

export function chooseLanguage(input: {
  query?: string | undefined;
  cookie?: string | undefined;
  acceptLanguage?: string | undefined;
}): Lang {
  if (isLang(input.query)) return input.query;
  if (isLang(input.cookie)) return input.cookie;
  return fromAcceptLanguage(input.acceptLanguage) ?? 'en';
}

/** A message in each language; `text(m, lang)` picks one. */
export type Localized = Record<Lang, string>;

export function text(message: Localized, lang: Lang): string {
  return message[lang];
}

export const languageNames: Localized = { en: 'English', fi: 'Suomi', sv: 'Svenska' };
