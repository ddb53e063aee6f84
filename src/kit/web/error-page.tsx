import type { Context } from 'hono';
import { text } from './i18n.ts';
import { Layout } from './layout.tsx';
import { errorTexts, frame } from './messages.ts';
import type { AppEnv } from './env.ts';
import type { ErrorBody } from './error-body.ts';

export function renderErrorPage(c: Context<AppEnv>, body: ErrorBody) {
  const lang = c.get('lang') ?? 'en';
  const title = body.status === 404 ? text(frame.notFound, lang) : text(frame.error, lang);
  // The domain message is English (for API clients and logs): other languages explain the code.
  const known = errorTexts[body.code];
  const message = lang === 'en' || !known ? body.message : text(known, lang);
  return (
    <Layout lang={lang} title={title} path={c.req.path}>
      <section class="error-page">
        <h1>{title}</h1>
        <p>{message}</p>
        <p class="muted">{body.status}</p>
        <p>
          <a href="/">{text(frame.back, lang)}</a>
        </p>
      </section>
    </Layout>
  );
}
