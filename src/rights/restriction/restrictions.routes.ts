/**
 * Staff routes for restriction (Art. 18) and objection (Art. 21), bearer STAFF_API_TOKEN like the
 * request queue (send JSON, e.g. `{}`: the CSRF guard refuses body-less POSTs):
 *
 * - `GET  /api/staff/customers/:id/restriction`: does a restriction hold, since when, was the
 *   customer told it will be lifted;
 * - `POST /api/staff/customers/:id/restriction/lift-notice`: emails the customer that it will be
 *   lifted (Art. 18(3)) and records it;
 * - `POST /api/staff/customers/:id/restriction/lift`: lifts it; 409 until the notice was sent;
 * - `GET  /api/staff/rights/requests/:id/objection`: what an objection objects to, the decision;
 * - `POST /api/staff/rights/requests/:id/decide` `{upheld, reasons}`: the decision on an
 *   objection on other grounds.
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { NotFoundError } from '../../kit/errors.ts';
import { readJson } from '../../kit/web/request-body.ts';
import type { Config } from '../../kit/config.ts';
import type { ProcessingServices } from './processing-services.ts';
import type { AppEnv } from '../../kit/web/env.ts';
import { objectionDecisionBody } from '../integrations/rights-api.ts';
import { requireStaff } from '../integrations/staff-token.ts';

/** What these routes use of the app's services (src/app/services.ts hands over the whole set). */
interface Services {
  config: Config;
  processing: ProcessingServices;
}

const customerId = z.uuid();

/** A customer id from the path; anything that is not one is answered like a missing customer. */
function customerOf(c: Context): string {
  const parsed = customerId.safeParse(c.req.param('id'));
  if (!parsed.success) throw new NotFoundError('The customer');
  return parsed.data;
}

export function restrictionRoutes(services: Pick<Services, 'processing' | 'config'>) {
  const { restrictions, objections } = services.processing;
  const app = new Hono<AppEnv>();
  const staffOnly = requireStaff(() => services.config.staffApiToken);
  app.use('/api/staff/customers/*', staffOnly);
  app.use('/api/staff/customers/*', async (c, next) => {
    await next();
    c.header('cache-control', 'no-store');
  });

  app.get('/api/staff/customers/:id/restriction', async (c) =>
    c.json(await restrictions.state(customerOf(c))),
  );
  app.post('/api/staff/customers/:id/restriction/lift-notice', async (c) =>
    c.json(await restrictions.sendLiftNotice(customerOf(c))),
  );
  app.post('/api/staff/customers/:id/restriction/lift', async (c) =>
    c.json(await restrictions.lift(customerOf(c))),
  );

  app.get('/api/staff/rights/requests/:id/objection', staffOnly, async (c) =>
    c.json(await objections.view(c.req.param('id'))),
  );
  app.post('/api/staff/rights/requests/:id/decide', staffOnly, async (c) => {
    const body = objectionDecisionBody.parse(await readJson(c));
    return c.json(await objections.decide(c.req.param('id'), body));
  });
  return app;
}
