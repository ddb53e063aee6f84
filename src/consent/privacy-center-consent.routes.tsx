/**
 * `/privacy-center/consent`: the same choices as the banner, changed from the privacy center and
 * recorded in the same ledger with source `privacy_center`. Withdrawing is one button, as easy as
 * giving. Works for a signed-in customer (linked by customer id) and for a visitor by `hs_vid`.
 */
import { setAppCookie } from '../kit/web/cookies.ts';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { Config } from '../kit/config.ts';
import type { ConsentService } from './consent.service.ts';
import type { CustomerServices } from '../customers/customers.service.ts';
import type { NewsletterService } from '../newsletter/newsletter.service.ts';
import type { AppEnv } from '../kit/web/env.ts';
import { languages, text } from '../kit/web/i18n.ts';
import { Layout } from '../kit/web/layout.tsx';
import { clientAddress, RateLimits } from '../kit/web/rate-limit.ts';
import { choosableCategories, type ChoosableCategory } from './consent.ts';
import { messages as m } from './privacy-center-consent.messages.ts';
import { currentSubject, headerSignals, newVisitorId, setVisitorCookie } from './visitor.ts';
import { readForm } from '../kit/web/request-body.ts';

/** What these routes use of the app's services (src/app/services.ts hands over the whole set). */
interface Services {
  config: Config;
  consent: ConsentService;
  customers: CustomerServices;
  newsletter: NewsletterService;
  /** Counted across app processes on PostgreSQL (src/kit/web/rate-limit.ts); memory if absent. */
  rateLimits?: RateLimits;
}

const form = z.object({
  analytics: z.literal('on').optional(),
  marketing: z.literal('on').optional(),
  personalisation: z.literal('on').optional(),
  action: z.enum(['save', 'accept', 'reject']).default('save'),
  textHash: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
  policyVersion: z.coerce.number().int().positive(),
  lang: z.enum(languages),
});

export function privacyCenterConsentRoutes(services: Services) {
  const { consent, config } = services;
  const app = new Hono<AppEnv>();
  // The account address's blind index also finds a subscription made as a guest with it.
  const emailIndexOf = (customerId: string) => services.customers.accounts.emailIndexOf(customerId);
  const limiter =
    config.consentRateLimit > 0
      ? (services.rateLimits ?? RateLimits.memory()).window('privacy-center-consent', {
          limit: config.consentRateLimit,
          windowMs: 60_000,
        })
      : undefined;

  app.get('/privacy-center/consent', async (c) => {
    const lang = c.get('lang');
    await consent.ensureTexts();
    const cfg = consent.config(lang);
    const subject = currentSubject(c);
    const latest = await consent.latest(subject);
    const proof = await consent.proof(subject);
    const customer = c.get('customer');
    const subscriptions = customer
      ? await services.newsletter.subscriptionsOf(customer.id, await emailIndexOf(customer.id))
      : undefined;
    const t = (msg: (typeof m)[keyof typeof m]) => text(msg, lang);
    c.header('cache-control', 'no-store');
    return c.html(
      <Layout lang={lang} title={t(m.title)} path={c.req.path}>
        <section class="consent-center" aria-labelledby="consent-title">
          <h1 id="consent-title">{t(m.title)}</h1>
          <p>{t(m.intro)}</p>
          {c.req.query('saved') ? (
            <p role="status" class="consent-saved">
              {t(m.saved)}
            </p>
          ) : null}
          {headerSignals(c).gpc || headerSignals(c).dnt ? <p>{cfg.texts.signalHonoured}</p> : null}
          <form method="post" action="/privacy-center/consent">
            <fieldset>
              <legend>{cfg.texts.settings}</legend>
              {cfg.categories.map((cat) => (
                <div class="consent-category">
                  <input
                    type="checkbox"
                    id={`consent-${cat.key}`}
                    name={cat.key}
                    checked={cat.required || latest[cat.key]?.granted === true}
                    disabled={cat.required}
                    aria-describedby={`consent-${cat.key}-desc`}
                  />
                  <label for={`consent-${cat.key}`}>
                    {cat.label}
                    {cat.required ? ` (${cfg.texts.alwaysOn})` : ''}
                  </label>
                  <p id={`consent-${cat.key}-desc`}>{cat.description}</p>
                </div>
              ))}
            </fieldset>
            <input type="hidden" name="textHash" value={cfg.textHash} />
            <input type="hidden" name="policyVersion" value={String(cfg.policyVersion)} />
            <input type="hidden" name="lang" value={lang} />
            <div class="consent-actions">
              <button type="submit" name="action" value="save">
                {cfg.texts.save}
              </button>
              <button type="submit" name="action" value="reject">
                {cfg.texts.rejectAll}
              </button>
              <button type="submit" name="action" value="accept">
                {cfg.texts.acceptAll}
              </button>
            </div>
          </form>
          {subscriptions ? (
            <section aria-labelledby="newsletter-consent-title">
              <h2 id="newsletter-consent-title">{t(m.newsletterTitle)}</h2>
              {c.req.query('withdrawn') ? (
                <p role="status" class="consent-saved">
                  {t(m.newsletterWithdrawn)}
                </p>
              ) : null}
              {subscriptions.length === 0 ? (
                <p>{t(m.newsletterNone)}</p>
              ) : (
                <>
                  {subscriptions.map((sub) => (
                    <p>
                      {t(sub.status === 'confirmed' ? m.newsletterOn : m.newsletterPending)}
                      {sub.sms ? ` ${t(m.smsOn)}` : ''}
                    </p>
                  ))}
                  <form method="post" action="/privacy-center/consent/newsletter">
                    <input type="hidden" name="lang" value={lang} />
                    <button type="submit">{t(m.newsletterWithdraw)}</button>
                  </form>
                </>
              )}
            </section>
          ) : null}
          <h2>{t(m.history)}</h2>
          {proof.records.length === 0 ? (
            <p>{t(m.noHistory)}</p>
          ) : (
            <table>
              <caption>{t(m.historyCaption)}</caption>
              <thead>
                <tr>
                  <th scope="col">{t(m.when)}</th>
                  <th scope="col">{t(m.where)}</th>
                  <th scope="col">{t(m.choices)}</th>
                </tr>
              </thead>
              <tbody>
                {proof.records
                  .slice(-20)
                  .reverse()
                  .map((r) => (
                    <tr>
                      <td>
                        <time datetime={r.decidedAt}>
                          {r.decidedAt.slice(0, 16).replace('T', ' ')}
                        </time>
                      </td>
                      <td>{t(m[r.source])}</td>
                      <td>
                        {Object.entries(r.decisions)
                          .map(([k, v]) => `${k}: ${v ? t(m.on) : t(m.off)}`)
                          .join(', ')}
                      </td>
                    </tr>
                  ))}
              </tbody>
            </table>
          )}
          <p>
            <a href="/api/consent/proof" download="consent-proof.json">
              {t(m.download)}
            </a>
          </p>
        </section>
      </Layout>,
    );
  });

  // Art. 7(3): a signed-in customer withdraws newsletter and SMS consent here as well as from
  // the link in every newsletter; the ledger records it with source `privacy_center`.
  app.post('/privacy-center/consent/newsletter', async (c) => {
    const customer = c.get('customer');
    if (!customer) return c.redirect('/account/sign-in?next=/privacy-center/consent', 303);
    await limiter?.hit(`consent:${clientAddress(c)}`);
    const { lang } = z.object({ lang: z.enum(languages) }).parse(await readForm(c));
    await services.newsletter.withdrawFor(customer.id, await emailIndexOf(customer.id));
    return c.redirect(`/privacy-center/consent?withdrawn=1&lang=${lang}`, 303);
  });

  app.post('/privacy-center/consent', async (c) => {
    await limiter?.hit(`consent:${clientAddress(c)}`);
    const input = form.parse(await readForm(c));
    const choose = (k: ChoosableCategory) =>
      input.action === 'accept' ? true : input.action === 'reject' ? false : input[k] === 'on';
    const decisions = Object.fromEntries(choosableCategories.map((k) => [k, choose(k)])) as Record<
      ChoosableCategory,
      boolean
    >;
    const subject = currentSubject(c);
    const visitorId = subject.visitorId ?? newVisitorId();
    const recorded = await consent.record({
      subject: { visitorId, customerId: subject.customerId },
      decisions,
      policyVersion: input.policyVersion,
      textHash: input.textHash,
      signals: headerSignals(c),
      explicit: true,
      source: 'privacy_center',
      lang: input.lang,
    });
    if (!subject.visitorId) setVisitorCookie(c, visitorId, consent.manifest());
    syncBannerCookie(c, decisions, input.policyVersion, recorded.decidedAt, recorded.renewAt);
    return c.redirect(`/privacy-center/consent?saved=1&lang=${input.lang}`, 303);
  });

  return app;
}

/**
 * Writes the banner's own `hs_consent` cookie in its format (banner/src/storage.ts:
 * `<policyVersion>.<decided ms base 36>.<bits>`), so the banner on the next page applies the
 * choice made here, removes refused cookies, and does not ask again.
 */
function syncBannerCookie(
  c: Context,
  d: Record<ChoosableCategory, boolean>,
  policyVersion: number,
  decidedAt: Date,
  renewAt: Date,
): void {
  const bits = [d.analytics, d.marketing, d.personalisation].map(Number).join('');
  setAppCookie(c, 'hs_consent', `${policyVersion}.${decidedAt.getTime().toString(36)}.${bits}`, {
    // The banner's script reads it to apply the choice on the next page.
    httpOnly: false,
    maxAge: Math.max(0, Math.floor((renewAt.getTime() - decidedAt.getTime()) / 1000)),
  });
}
