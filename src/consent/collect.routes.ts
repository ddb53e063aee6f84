/**
 * `POST /collect`: the demo analytics script's beacon. Answers 202 either way (the beacon cannot
 * act on the answer); `recorded` says whether analytics consent let the event be kept.
 */
import { Hono } from 'hono';
import type { CollectService } from './collect.service.ts';
import type { Config } from '../kit/config.ts';
import type { AppEnv } from '../kit/web/env.ts';
import { clientAddress, RateLimits } from '../kit/web/rate-limit.ts';
import { collectBody, readJson } from './consent-input.ts';
import { readVisitorId } from './visitor.ts';
import { currentCustomerId } from './visitor.ts';

/** What these routes use of the app's services (src/app/services.ts hands over the whole set). */
interface Services {
  collect: CollectService;
  config: Config;
  /** Counted across app processes on PostgreSQL (src/kit/web/rate-limit.ts); memory if absent. */
  rateLimits?: RateLimits;
}

export function collectRoutes(services: Services) {
  const app = new Hono<AppEnv>();
  const perMinute = services.config.consentRateLimit * 10;
  const limiter =
    perMinute > 0
      ? (services.rateLimits ?? RateLimits.memory()).window('collect', {
          limit: perMinute,
          windowMs: 60_000,
        })
      : undefined;

  app.post('/collect', async (c) => {
    await limiter?.hit(`collect:${clientAddress(c)}`);
    const body = collectBody.parse(await readJson(c.req));
    const recorded = await services.collect.record(
      { visitorId: readVisitorId(c), customerId: currentCustomerId(c) },
      body,
    );
    return c.json({ recorded }, 202);
  });
  return app;
}
