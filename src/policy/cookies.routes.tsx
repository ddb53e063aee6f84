/** `/cookies`: the cookie declaration, with the `#settings` area the footer links to. */
import { Hono } from 'hono';
import type { Services } from '../services.ts';
import type { AppEnv } from '../web/env.ts';
import { Layout } from '../web/layout.tsx';
import { CookieDeclaration, cookieText } from './cookie-declaration.tsx';

export function cookieRoutes(services: Services) {
  const app = new Hono<AppEnv>();
  app.get('/cookies', (c) => {
    const lang = c.get('lang');
    return c.html(
      <Layout lang={lang} title={cookieText.title[lang]} path="/cookies">
        <CookieDeclaration manifest={services.policy.manifest} lang={lang} />
      </Layout>,
    );
  });
  return app;
}
