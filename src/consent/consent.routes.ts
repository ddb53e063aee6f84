/**
 * The consent API: the banner's configuration, recording a choice, the proof export for the
 * current browser or customer, and statistics for staff. See docs/consent-api.md.
 */
import { timingSafeEqual } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { DomainError } from '../kit/errors.ts';
import type { Config } from '../kit/config.ts';
import type { ConsentService } from './consent.service.ts';
import type { AppEnv } from '../kit/web/env.ts';
import { isLang } from '../kit/web/i18n.ts';
import { clientAddress, RateLimits } from '../kit/web/rate-limit.ts';
import { consentBody, readJson } from './consent-input.ts';
import { currentSubject, headerSignals, newVisitorId, setVisitorCookie } from './visitor.ts';
import { tokenAuthenticated } from '../staff/staff-api-auth.ts';

/** What these routes use of the app's services (src/app/services.ts hands over the whole set). */
interface Services {
  config: Config;
  consent: ConsentService;
  /** Counted across app processes on PostgreSQL (src/kit/web/rate-limit.ts); memory if absent. */
  rateLimits?: RateLimits;
}

export function consentRoutes(services: Services) {
  const { consent, config } = services;
  const app = new Hono<AppEnv>();
  const limiter =
    config.consentRateLimit > 0
      ? (services.rateLimits ?? RateLimits.memory()).window('consent', {
          limit: config.consentRateLimit,
          windowMs: 60_000,
        })
      : undefined;

  app.get('/consent/config', async (c) => {
    const lang = c.req.query('lang');
    if (lang !== undefined && !isLang(lang)) {
      throw new DomainError('bad_request', 'lang must be one of en, fi, sv.');
    }
    await consent.ensureTexts();
    c.header('cache-control', 'public, max-age=300');
    return c.json(consent.config(lang ?? c.get('lang')));
  });

  app.post('/api/consent', async (c) => {
    await limiter?.hit(`consent:${clientAddress(c)}`);
    const body = consentBody.parse(await readJson(c.req));
    const subject = currentSubject(c);
    const fresh = subject.visitorId === undefined;
    const visitorId = subject.visitorId ?? newVisitorId();
    const header = headerSignals(c);
    const recorded = await consent.record({
      subject: { visitorId, customerId: subject.customerId },
      decisions: body.choices,
      policyVersion: body.policyVersion,
      textHash: body.textHash,
      signals: { gpc: body.signals.gpc || header.gpc, dnt: body.signals.dnt || header.dnt },
      explicit: body.explicit,
      source: body.source,
      lang: body.lang,
    });
    if (fresh) setVisitorCookie(c, visitorId, consent.manifest());
    return c.json(
      {
        recordId: recorded.recordId,
        visitorId,
        decidedAt: recorded.decidedAt.toISOString(),
        renewAt: recorded.renewAt.toISOString(),
      },
      201,
    );
  });

  app.get('/api/consent', async (c) => {
    const subject = currentSubject(c);
    const latest = await consent.latest(subject);
    c.header('cache-control', 'no-store');
    return c.json({
      choices: Object.fromEntries(Object.entries(latest).map(([k, d]) => [k, d?.granted ?? false])),
      needsRenewal: await consent.needsRenewal(subject),
    });
  });

  app.get('/api/consent/proof', async (c) => {
    const subject = currentSubject(c);
    c.header('cache-control', 'no-store');
    return c.json(await consent.proof(subject));
  });

  app.get('/api/consent/stats', async (c) => {
    requireStaffToken(c, config.staffApiToken);
    const query = z
      .object({
        // Either may be left out: the last 30 days up to today (ConsentService.statistics).
        from: z.iso.date('from must be YYYY-MM-DD').optional(),
        to: z.iso.date('to must be YYYY-MM-DD').optional(),
      })
      .parse({ from: c.req.query('from'), to: c.req.query('to') });
    c.header('cache-control', 'no-store');
    return c.json(await consent.statistics(query.from, query.to));
  });

  return app;
}

/** A personal API token, or the bootstrap bearer token from the configuration (unset: refused). */
function requireStaffToken(c: Context, token: string | undefined): void {
  // A personal API token was checked against the route table already (src/staff/staff-api-auth.ts).
  if (tokenAuthenticated.has(c.req.raw)) return;
  const given = /^Bearer (.+)$/.exec(c.req.header('authorization') ?? '')?.[1];
  if (!given) throw new DomainError('unauthenticated', 'Staff authentication is required.');
  const a = Buffer.from(given);
  const b = Buffer.from(token ?? '');
  if (!token || a.length !== b.length || !timingSafeEqual(a, b)) {
    throw new DomainError('forbidden', 'This token does not give access to consent statistics.');
  }
}
