/**
 * `/privacy-center/rectification` (GDPR Art. 16): the fields a customer can fix themselves are
 * named with a link to /account; anything else is a free-text request ("what is wrong and what
 * is right", at most 2000 characters) that becomes a staff task. The text is sealed in the vault
 * under `request:<id>` (RightsService.create `details`), staff read it through the staff API,
 * and `fulfil` marks it corrected and passes it on to recipients (Art. 19).
 */
import { Hono, type Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from 'zod';
import { requireCustomer } from '../../customers/sign-in/customer-session.ts';
import type { RightsServices } from '../create-rights.ts';
import type { AppEnv } from '../../kit/web/env.ts';
import { text, type Lang } from '../../kit/web/i18n.ts';
import { Layout } from '../../kit/web/layout.tsx';
import { clientAddress, RateLimits } from '../../kit/web/rate-limit.ts';
import { messages as m } from './rectification.messages.ts';
import { readForm } from '../../kit/web/request-body.ts';

/** What these routes use of the app's services (src/app/services.ts hands over the whole set). */
interface Services {
  rights: RightsServices;
  /** Counted across app processes on PostgreSQL (src/kit/web/rate-limit.ts); memory if absent. */
  rateLimits?: RateLimits;
}

export const RECTIFICATION_MAX = 2000;

type Problem = 'required' | 'tooLong';

function problemOf(details: string): Problem | undefined {
  if (details.length === 0) return 'required';
  if (details.length > RECTIFICATION_MAX) return 'tooLong';
  return undefined;
}

export function rectificationRoutes(services: Services) {
  const app = new Hono<AppEnv>();
  const limiter = (services.rateLimits ?? RateLimits.memory()).window('rectification', {
    limit: 10,
    windowMs: 60 * 60_000,
  });

  const page = (
    c: Context<AppEnv>,
    value: string,
    problem: Problem | undefined,
    status: ContentfulStatusCode,
  ) => {
    c.header('cache-control', 'no-store');
    return c.html(
      <RectificationPage lang={c.get('lang')} path={c.req.path} value={value} problem={problem} />,
      status,
    );
  };

  app.get('/privacy-center/rectification', requireCustomer, (c) => page(c, '', undefined, 200));

  app.post('/privacy-center/rectification', requireCustomer, async (c) => {
    const form = z
      .object({
        details: z
          .string()
          .max(RECTIFICATION_MAX * 4)
          .default(''),
      })
      .parse(await readForm(c));
    // Line ends count once, as the browser's maxlength counts them.
    const details = form.details.replace(/\r\n/g, '\n').trim();
    const problem = problemOf(details);
    if (problem) return page(c, form.details, problem, 400);
    await limiter.hit(`rectification:${clientAddress(c)}`);
    await services.rights.requests.create({
      type: 'rectification',
      channel: 'self_service',
      customerId: c.get('customer')!.id,
      verified: true,
      details,
    });
    return c.redirect('/privacy-center?created=1', 303);
  });

  return app;
}

interface PageProps {
  lang: Lang;
  path: string;
  value: string;
  problem: Problem | undefined;
}

function RectificationPage({ lang, path, value, problem }: PageProps) {
  const t = (msg: (typeof m)[keyof typeof m]) => text(msg, lang);
  const error = problem ? t(m[problem]) : undefined;
  return (
    <Layout lang={lang} title={t(m.title)} path={path}>
      <h1>{t(m.title)}</h1>
      {error ? (
        <div class="error-summary" role="alert" tabindex={-1}>
          <p>{t(m.notSent)}</p>
          <ul>
            <li>
              <a href="#f-details">{error}</a>
            </li>
          </ul>
        </div>
      ) : null}
      <p>{t(m.intro)}</p>
      <h2>{t(m.selfTitle)}</h2>
      <p>{t(m.selfFields)}</p>
      <p>
        <a class="button" href="/account">
          {t(m.selfLink)}
        </a>
      </p>
      <h2>{t(m.askTitle)}</h2>
      <p>{t(m.askIntro)}</p>
      <form method="post" action="/privacy-center/rectification">
        <div class={error ? 'field field-invalid' : 'field'}>
          <label for="f-details">{t(m.details)}</label>
          <p class="field-hint" id="f-details-hint">
            {t(m.detailsHint)}
          </p>
          {error ? (
            <p class="field-error" id="f-details-error">
              {error}
            </p>
          ) : null}
          <textarea
            id="f-details"
            name="details"
            rows={8}
            maxlength={RECTIFICATION_MAX}
            required
            aria-invalid={error ? 'true' : undefined}
            aria-describedby={error ? 'f-details-hint f-details-error' : 'f-details-hint'}
          >
            {value}
          </textarea>
        </div>
        <button type="submit">{t(m.send)}</button>
      </form>
      <p>
        <a href="/privacy-center">{t(m.back)}</a>
      </p>
    </Layout>
  );
}
