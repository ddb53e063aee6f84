/**
 * The Hono application: middleware every request passes, then each feature's routes.
 * Features own their routes (`<feature>/<feature>.routes.ts[x]`); this file only mounts them.
 */
import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { csrf } from 'hono/csrf';
import { bannerAssetRoutes, embeddableBanner } from '../consent/banner/banner-assets.routes.ts';
import { BannerHead, bannerContext } from '../consent/banner/banner-head.tsx';
import { pageHead } from '../kit/web/page-head.tsx';
import { collectRoutes } from '../consent/collect.routes.ts';
import { consentRoutes } from '../consent/consent.routes.ts';
import { privacyCenterConsentRoutes } from '../consent/privacy-center-consent.routes.tsx';
import { accountRoutes } from '../customers/account.routes.tsx';
import { customerSession } from '../customers/sign-in/customer-session.ts';
import { devIdpMount } from '../customers/sign-in/dev-idp.routes.ts';
import { oidcRoutes } from '../customers/sign-in/oidc.routes.ts';
import { checkHealth } from '../kit/db/database.ts';
import { DomainError } from '../kit/errors.ts';
import { cookieRoutes } from '../policy/cookies.routes.tsx';
import { policyRoutes } from '../policy/policy.routes.tsx';
import { proofRoutes } from '../conformance/proof.routes.tsx';
import type { Services } from './services.ts';
import { closeAccountRoutes } from '../rights/privacy-center/close-account.routes.tsx';
import { privacyCenterRoutes } from '../rights/privacy-center/privacy-center.routes.tsx';
import { visitorRequestRoutes } from '../rights/privacy-center/visitor-request.routes.tsx';
import { rectificationRoutes } from '../rights/privacy-center/rectification.routes.tsx';
import { rightsRoutes } from '../rights/integrations/rights.routes.ts';
import { restrictionRoutes } from '../rights/restriction/restrictions.routes.ts';
import { shopifyWebhookRoutes } from '../rights/integrations/shopify-webhooks.routes.ts';
import { shopRoutes } from '../shop/shop.routes.ts';
import { staffRoutes } from '../staff/console/staff.routes.ts';
import { campaignRoutes } from '../campaigns/campaigns.routes.tsx';
import { staffApiAuth } from '../staff/staff-api-auth.ts';
import { orderRoutes } from '../orders/orders.routes.tsx';
import { ProductReviews, reviewRoutes } from '../reviews/reviews.routes.tsx';
import { newsletterOneClick, newsletterRoutes } from '../newsletter/newsletter.routes.tsx';
import { devOutboxRoutes } from '../notify/dev-outbox.routes.tsx';
import { assetRoutes, faviconRoute } from '../kit/web/assets.ts';
import type { AppEnv } from '../kit/web/env.ts';
import { cookieRules } from '../kit/web/cookies.ts';
import { trustedProxy } from '../kit/web/rate-limit.ts';
import { errorHandler } from '../kit/web/error-handler.ts';
import { loggedPath } from '../kit/web/log-path.ts';
import { chooseLanguage } from '../kit/web/i18n.ts';
import { LANG_COOKIE, languageCookie, rememberLanguage } from '../kit/web/language-cookie.ts';
import { declaredLifetimeSeconds } from '../shop/storage-lifetimes.ts';
import { securityHeaders } from '../kit/web/security-headers.ts';
import { readRequestBody } from '../kit/web/request-body.ts';
import { retentionConsoleRoutes } from '../retention/retention-console.routes.tsx';
import { retentionRoutes } from '../retention/retention.routes.ts';
import { breachRoutes } from '../breaches/breaches.routes.tsx';
import { authorityRequestRoutes } from '../disclosures/authority-requests.routes.tsx';

export function createApp(services: Services) {
  const { log } = services;
  const app = new Hono<AppEnv>();

  // One rule for every cookie's Secure flag: PUBLIC_URL's scheme (src/kit/web/cookies.ts).
  // First, so every cookie set later (the language choice after the response too) knows the rule.
  app.use(cookieRules(services.config.publicUrl));
  // Behind a configured reverse proxy, the client is the address it forwards (rate-limit keys).
  app.use(trustedProxy(services.config.trustedProxies));
  app.use(async (c, next) => {
    const started = performance.now();
    c.set('requestId', randomUUID());
    c.set(
      'lang',
      chooseLanguage({
        query: c.req.query('lang'),
        cookie: languageCookie(c),
        acceptLanguage: c.req.header('accept-language'),
      }),
    );

    await next();
    // A choice made with ?lang= sticks: later pages, links and redirects keep it.
    rememberLanguage(c, {
      maxAgeSeconds: () => declaredLifetimeSeconds(services.policy.manifest.cookies, LANG_COOKIE),
    });
    // The path only, secrets redacted: query strings and emailed links carry tokens, and emails
    // have no business in URLs anyway.
    log.info(
      {
        requestId: c.get('requestId'),
        method: c.req.method,
        path: loggedPath(c.req.path),
        status: c.res.status,
        ms: Math.round(performance.now() - started),
      },
      'request',
    );
  });
  // The demo identity provider (dev only) answers before CSRF/body checks: see dev-idp.routes.ts.
  app.use(devIdpMount(services.customers.devIdp));
  // Before the security headers, so other sites may load the banner files (CORP cross-origin).
  app.use(embeddableBanner());
  app.use(securityHeaders());
  // Pages embed what the banner's first layer needs (the rest: GET /consent/config, on "Choose").
  app.use(bannerContext((lang) => services.consent.firstView(lang)));
  // The banner's tags come first in every page's <head> (the kit's layout cannot import them).
  app.use(pageHead((lang) => BannerHead({ lang })));
  // Cross-site form posts are refused: browsers send Origin on every POST.
  // RFC 8058 one-click unsubscribe: mail providers POST without an Origin; a MAC guards it.
  app.use(newsletterOneClick(services));
  app.use(csrf({ origin: (origin) => isAllowedOrigin(origin, services.config) }));
  // Every body read once, here, before any route: at most 256 KB, and no text this app takes may
  // hold a NUL character (src/kit/web/request-body.ts).
  app.use(
    readRequestBody({
      maxBytes: 256 * 1024,
      tooLarge: () =>
        new DomainError('payload_too_large', 'The request body is larger than 256 KB.'),
    }),
  );
  // The signed-in customer, if any, on c.get('customer') for every route below.
  app.use(customerSession(services.customers.sessions));

  // Personal API tokens on the staff API, checked against the one route table (src/staff).
  const tokenAuth = staffApiAuth(services.staff.tokens, services.audit);
  app.use('/api/staff/*', tokenAuth);
  app.use('/api/consent/stats', tokenAuth);

  app.onError(errorHandler(log));
  app.notFound(() => {
    throw new DomainError('not_found', 'There is no page at this address.');
  });

  app.get('/healthz', async (c) => {
    const database = await checkHealth(services.database);
    return c.json(
      {
        status: database.ok ? 'ok' : 'degraded',
        database: { kind: services.database.kind, ...database },
      },
      database.ok ? 200 : 503,
    );
  });
  app.route('/assets', assetRoutes());
  app.route('/', faviconRoute());
  app.route('/', policyRoutes(services));
  app.route('/', proofRoutes(services));
  app.route('/', cookieRoutes(services));
  app.route('/', consentRoutes(services));
  app.route('/', collectRoutes(services));
  app.route('/', privacyCenterConsentRoutes(services));
  app.route('/consent', bannerAssetRoutes());
  app.route('/', accountRoutes(services));
  app.route('/', oidcRoutes(services));
  app.route(
    '/',
    shopRoutes({
      ...services,
      productExtras: (c, slug) =>
        ProductReviews({ services, slug, lang: c.get('lang'), customerId: c.get('customer')?.id }),
    }),
  );
  app.route('/', orderRoutes(services));
  app.route('/', reviewRoutes(services));
  app.route('/', newsletterRoutes(services));
  app.route('/', privacyCenterRoutes(services));
  app.route('/', visitorRequestRoutes(services));
  app.route('/', closeAccountRoutes(services));
  app.route('/', rectificationRoutes(services));
  app.route('/', rightsRoutes(services));
  app.route('/', restrictionRoutes(services));
  app.route('/', shopifyWebhookRoutes(services));
  // Only in explicit development mode on a loopback address; otherwise it mounts nothing.
  app.route('/', devOutboxRoutes(services));
  app.route('/', staffRoutes(services));
  // After the console: its staff session middleware (/staff/*) reads the session for these too.
  app.route('/', campaignRoutes(services));
  // Console pages of the registers: after staffRoutes, whose middleware reads the staff session.
  app.route('/', breachRoutes(services));
  app.route('/', authorityRequestRoutes(services));
  app.route('/', retentionConsoleRoutes(services));
  app.route('/', retentionRoutes(services));

  return app;
}

/** The configured public origin; outside production also any loopback origin (dev and tests). */
function isAllowedOrigin(origin: string, config: Services['config']): boolean {
  try {
    const o = new URL(origin);
    if (o.origin === new URL(config.publicUrl).origin) return true;
    return !config.production && ['localhost', '127.0.0.1', '[::1]'].includes(o.hostname);
  } catch {
    return false;
  }
}

export type App = ReturnType<typeof createApp>;
