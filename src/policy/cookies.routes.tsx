/** `/cookies`: the cookie declaration, with the `#settings` area the footer links to. */
import { Hono } from 'hono';
import type { PolicyService } from './policy.service.ts';
import type { AppEnv } from '../kit/web/env.ts';
import { Layout } from '../kit/web/layout.tsx';
import { pageCache } from '../kit/web/page-cache.ts';
import { CookieDeclaration, cookieText } from './cookie-declaration.tsx';

/** What these routes use of the app's services (src/app/services.ts hands over the whole set). */
interface Services {
  policy: PolicyService;
}

export function cookieRoutes(services: Services) {
  const app = new Hono<AppEnv>();
  // Rendered once per language and version: the policy changes only when a version is
  // published (a new version number, so a new key). No visitor's data is on it.
  const cached = pageCache({
    version: () => services.policy.currentVersion.version,
    ttlMs: 3_600_000,
  });
  app.get('/cookies', cached, (c) => {
    const lang = c.get('lang');
    return c.html(
      <Layout lang={lang} title={cookieText.title[lang]} path="/cookies">
        <CookieDeclaration manifest={services.policy.manifest} lang={lang} />
      </Layout>,
    );
  });
  return app;
}
