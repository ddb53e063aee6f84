/**
 * The Hono application: middleware every request passes, then each feature's routes.
 * Features own their routes (`<feature>/<feature>.routes.ts[x]`); this file only mounts them.
 */
import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { getCookie } from 'hono/cookie';
import { csrf } from 'hono/csrf';
import { checkHealth } from '../db/database.ts';
import { DomainError } from '../errors.ts';
import type { Services } from '../services.ts';
import { assetRoutes } from './assets.ts';
import type { AppEnv } from './env.ts';
import { errorHandler } from './error-handler.ts';
import { chooseLanguage } from './i18n.ts';
import { securityHeaders } from './security-headers.ts';

export function createApp(services: Services) {
  const { log } = services;
  const app = new Hono<AppEnv>();

  app.use(async (c, next) => {
    const started = performance.now();
    c.set('requestId', randomUUID());
    c.set(
      'lang',
      chooseLanguage({
        query: c.req.query('lang'),
        cookie: getCookie(c, 'lang'),
        acceptLanguage: c.req.header('accept-language'),
      }),
    );
    await next();
    // The path only: query strings can carry tokens and emails have no business in URLs anyway.
    log.info(
      {
        requestId: c.get('requestId'),
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: Math.round(performance.now() - started),
      },
      'request',
    );
  });
  app.use(securityHeaders());
  // Cross-site form posts are refused: browsers send Origin on every POST.
  app.use(csrf({ origin: (origin) => isAllowedOrigin(origin, services.config) }));
  app.use(
    bodyLimit({
      maxSize: 256 * 1024,
      onError: () => {
        throw new DomainError('payload_too_large', 'The request body is larger than 256 KB.');
      },
    }),
  );

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
