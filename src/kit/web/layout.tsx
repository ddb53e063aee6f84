/** The page frame every server-rendered page shares: header, language switcher, footer. */
import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import { assetPath } from './assets.ts';
import { languageNames, languages, text, type Lang } from './i18n.ts';
import { frame } from './messages.ts';
import { PageHead } from './page-head.tsx';

export interface LayoutProps {
  lang: Lang;
  title: string;
  /** Path of the current page, for the language switcher's links. */
  path: string;
  /** The page's meta description, in `lang`; the shop's own description when absent. */
  description?: string | undefined;
  children: Child;
}

/** Search engines show about 160 characters of a description; longer ones are cut at a word. */
export function metaDescription(text: string, max = 160): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max / 2)).replace(/[\s.,;:]+$/, '')}…`;
}

export function Layout({ lang, title, path, description, children }: LayoutProps) {
  const t = (m: (typeof frame)[keyof typeof frame]) => text(m, lang);
  return (
    <>
      {raw('<!DOCTYPE html>')}
      <html lang={lang}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{`${title} · HerSecret`}</title>
          <meta name="description" content={metaDescription(description ?? t(frame.description))} />
          <link rel="icon" href={assetPath('favicon.svg')} type="image/svg+xml" />
          {/* First script of the page: Consent Mode's default must precede every tag. */}
          <PageHead lang={lang} />
          <link rel="stylesheet" href={assetPath('app.css')} />
        </head>
        <body>
          <a class="skip" href="#main">
            {t(frame.skip)}
          </a>
          <header class="site-header">
            <a class="brand" href="/">
              HerSecret
            </a>
            <nav aria-label={t(frame.mainNav)}>
              <ul>
                <li>
                  <a href="/">{t(frame.shop)}</a>
                </li>
                <li>
                  <a href="/cart">{t(frame.cart)}</a>
                </li>
                <li>
                  <a href="/privacy-center">{t(frame.privacyCenter)}</a>
                </li>
                <li>
                  <a href="/account">{t(frame.account)}</a>
                </li>
              </ul>
            </nav>
          </header>
          <main id="main">{children}</main>
          <footer class="site-footer">
            <ul>
              <li>
                <a href="/privacy">{t(frame.privacy)}</a>
              </li>
              <li>
                <a href="/cookies">{t(frame.cookies)}</a>
              </li>
              <li>
                <a href="/newsletter">{t(frame.newsletter)}</a>
              </li>
              <li>
                <a href="/cookies#settings" data-cookie-settings="">
                  {t(frame.cookieSettings)}
                </a>
              </li>
            </ul>
            <nav aria-label={t(frame.language)} class="languages">
              <ul>
                {languages.map((l) => (
                  <li>
                    <a
                      href={`${path}${path.includes('?') ? '&' : '?'}lang=${l}`}
                      hreflang={l}
                      lang={l}
                      aria-current={l === lang ? 'true' : undefined}
                    >
                      {text(languageNames, l)}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          </footer>
          {/* Runs only once the visitor allows analytics (the banner swaps its type). */}
          <script type="text/plain" data-consent="analytics" src={assetPath('analytics.js')} />
        </body>
      </html>
    </>
  );
}
