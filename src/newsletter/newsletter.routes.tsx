/**
 * The newsletter pages: `/newsletter` (sign-up form), `/newsletter/confirm?token=` (the emailed
 * double opt-in link) and `/newsletter/unsubscribe?s=&t=` (a page with one button). The one-click
 * POST of RFC 8058 comes from mail providers without an Origin header, so it is served by
 * {@link newsletterOneClick}, mounted before the CSRF check; the MAC in its URL is its guard.
 */
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { z } from 'zod';
import type { NewsletterService } from './newsletter.service.ts';
import type { AppEnv } from '../kit/web/env.ts';
import { text, type Lang } from '../kit/web/i18n.ts';
import { Layout } from '../kit/web/layout.tsx';
import { clientAddress, RateLimits } from '../kit/web/rate-limit.ts';
import { m } from './newsletter.messages.ts';
import { readForm } from '../kit/web/request-body.ts';

/** What these routes use of the app's services (src/app/services.ts hands over the whole set). */
interface Services {
  newsletter: NewsletterService;
  /** Counted across app processes on PostgreSQL (src/kit/web/rate-limit.ts); memory if absent. */
  rateLimits?: RateLimits;
}

const signUp = z.object({
  email: z.email().max(254),
  sms: z.literal('on').optional(),
  phone: z.string().trim().max(32).optional(),
});
const phoneShape = /^\+?[0-9][0-9 ()-]{5,19}$/;
const unsubscribeQuery = z.object({
  s: z.uuid(),
  t: z.string().regex(/^[A-Za-z0-9_-]{20,100}$/),
});

interface FormState {
  email?: string;
  phone?: string;
  errors?: { email?: string; phone?: string };
}

function SignUpForm({ lang, state }: { lang: Lang; state: FormState }) {
  const t = (x: Record<Lang, string>) => text(x, lang);
  const e = state.errors ?? {};
  return (
    <form method="post" action="/newsletter" class="newsletter-form" novalidate>
      <p id="newsletter-consent">{t(m.consent)}</p>
      <label for="newsletter-email">{t(m.email)}</label>
      <input
        id="newsletter-email"
        name="email"
        type="email"
        autocomplete="email"
        required
        value={state.email ?? ''}
        aria-invalid={e.email ? 'true' : undefined}
        aria-describedby={e.email ? 'newsletter-email-error' : 'newsletter-consent'}
      />
      {e.email ? (
        <p id="newsletter-email-error" class="field-error">
          {e.email}
        </p>
      ) : null}
      <fieldset>
        <legend>{t(m.smsLegend)}</legend>
        <input id="newsletter-sms" name="sms" type="checkbox" />
        <label for="newsletter-sms">{t(m.smsConsent)}</label>
        <label for="newsletter-phone">{t(m.phone)}</label>
        <input
          id="newsletter-phone"
          name="phone"
          type="tel"
          autocomplete="tel"
          value={state.phone ?? ''}
          aria-invalid={e.phone ? 'true' : undefined}
          aria-describedby={e.phone ? 'newsletter-phone-error' : undefined}
        />
        {e.phone ? (
          <p id="newsletter-phone-error" class="field-error">
            {e.phone}
          </p>
        ) : null}
      </fieldset>
      <button type="submit">{t(m.subscribe)}</button>
    </form>
  );
}

function page(c: Context<AppEnv>, title: string, body: unknown, status: 200 | 400 = 200) {
  const lang = c.get('lang');
  c.header('cache-control', 'no-store');
  return c.html(
    <Layout lang={lang} title={title} path={c.req.path}>
      <section class="newsletter" aria-labelledby="newsletter-title">
        <h1 id="newsletter-title">{title}</h1>
        {body}
      </section>
    </Layout>,
    status,
  );
}

export function newsletterRoutes(services: Services) {
  const { newsletter } = services;
  const app = new Hono<AppEnv>();
  // Each sign-up mails someone: bound how many one client can trigger (429 past it).
  const limiter = (services.rateLimits ?? RateLimits.memory()).window('newsletter', {
    limit: 10,
    windowMs: 60_000,
  });

  app.get('/newsletter', (c) => {
    const lang = c.get('lang');
    return page(c, text(m.title, lang), <SignUpForm lang={lang} state={{}} />);
  });

  app.post('/newsletter', async (c) => {
    const lang = c.get('lang');
    await limiter.hit(`newsletter:${clientAddress(c)}`);
    const raw = await readForm(c);
    const parsed = signUp.safeParse(raw);
    const email = typeof raw.email === 'string' ? raw.email.slice(0, 254) : '';
    const phone = typeof raw.phone === 'string' ? raw.phone.slice(0, 32) : '';
    const wantsSms = raw.sms === 'on';
    const errors: FormState['errors'] = {};
    if (!parsed.success) {
      if (parsed.error.issues.some((i) => i.path[0] === 'email'))
        errors.email = text(m.badEmail, lang);
      else errors.phone = text(m.badPhone, lang);
    } else if (wantsSms && !phoneShape.test(parsed.data.phone ?? '')) {
      errors.phone = text(m.badPhone, lang);
    }
    if (errors.email || errors.phone || !parsed.success) {
      const form = <SignUpForm lang={lang} state={{ email, phone, errors }} />;
      return page(c, text(m.title, lang), form, 400);
    }
    await newsletter.subscribe({
      email: parsed.data.email,
      lang,
      phone: wantsSms ? (parsed.data.phone ?? null) : null,
      consentText: wantsSms
        ? `${text(m.consent, lang)}\n${text(m.smsConsent, lang)}`
        : text(m.consent, lang),
      customerId: c.get('customer')?.id,
    });
    return page(c, text(m.title, lang), <p role="status">{text(m.checkInbox, lang)}</p>);
  });

  app.get('/newsletter/confirm', async (c) => {
    await newsletter.confirm(c.req.query('token') ?? '');
    const lang = c.get('lang');
    return page(c, text(m.title, lang), <p role="status">{text(m.confirmed, lang)}</p>);
  });

  app.get('/newsletter/unsubscribe', (c) => {
    const q = unsubscribeQuery.parse(c.req.query());
    const lang = c.get('lang');
    const action = `/newsletter/unsubscribe?s=${q.s}&t=${q.t}`;
    return page(
      c,
      text(m.unsubscribeTitle, lang),
      <form method="post" action={action}>
        <input type="hidden" name="List-Unsubscribe" value="One-Click" />
        <button type="submit">{text(m.unsubscribeButton, lang)}</button>
      </form>,
    );
  });

  return app;
}

/**
 * `POST /newsletter/unsubscribe?s=&t=`: RFC 8058 one-click unsubscribe, from a mail provider or
 * from our own page. Answers 200 with a short page, also when already unsubscribed.
 */
export function newsletterOneClick(services: Services): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.req.method !== 'POST' || c.req.path !== '/newsletter/unsubscribe') return next();
    const q = unsubscribeQuery.parse(c.req.query());
    await services.newsletter.unsubscribe(q.s, q.t);
    const lang = c.get('lang');
    return page(
      c,
      text(m.unsubscribeTitle, lang),
      <p role="status">{text(m.unsubscribed, lang)}</p>,
    );
  };
}
