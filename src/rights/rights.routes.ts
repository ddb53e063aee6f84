/**
 * The JSON API for data-subject requests (described at /api/openapi.json):
 *
 * - `POST /api/rights/requests`: a signed-in customer's request (a session verifies identity),
 *   or a visitor's by email address (waits for verification through an emailed link);
 * - `GET /api/rights/requests/:id`: the signed-in customer's own request; anyone else's is
 *   answered exactly like a missing one;
 * - `GET /api/rights/requests/:id/export`: the finished access or portability export (JSON);
 * - `GET /api/openapi.json`: the OpenAPI 3.1 document of this API and the webhooks;
 * - `/api/staff/rights/requests…`: the staff queue (bearer STAFF_API_TOKEN): open requests with
 *   due dates, enter a request, verify, fulfil, extend or refuse with reasons, and read what a
 *   rectification's requester wrote (`…/:id/details`, opened from the vault).
 */
import { Hono, type Context } from 'hono';
import { DomainError } from '../errors.ts';
import type { Services } from '../services.ts';
import type { AppEnv } from '../web/env.ts';
import { openApiDocument } from './openapi.ts';
import { newRequestBody, reasonsBody, staffNewRequestBody } from './rights-api.ts';
import { requireStaff } from './staff-token.ts';

async function jsonBody(c: Context): Promise<unknown> {
  try {
    return await c.req.json();
  } catch {
    throw new DomainError('bad_request', 'The request body must be JSON.');
  }
}

export function rightsRoutes(services: Pick<Services, 'rights' | 'config'>) {
  const requests = services.rights.requests;
  const app = new Hono<AppEnv>();
  app.use('/api/rights/*', async (c, next) => {
    await next();
    c.header('cache-control', 'no-store');
  });

  app.post('/api/rights/requests', async (c) => {
    const body = newRequestBody.parse(await jsonBody(c));
    const customer = c.get('customer');
    if (customer) {
      const view = await requests.create({
        type: body.type,
        channel: 'self_service',
        customerId: customer.id,
        verified: true,
      });
      return c.json(view, 201);
    }
    if (!body.email)
      throw new DomainError(
        'validation_failed',
        'Sign in, or give the email address to reply to.',
        {
          email: 'Required when not signed in.',
        },
      );
    const view = await requests.create({
      type: body.type,
      channel: 'email',
      email: body.email,
      verified: false,
    });
    return c.json(view, 201);
  });

  app.get('/api/rights/requests', async (c) => {
    const customer = c.get('customer');
    if (!customer) throw new DomainError('unauthenticated', 'Sign in to continue.');
    return c.json({ requests: await requests.listForCustomer(customer.id) });
  });

  app.get('/api/rights/requests/:id', async (c) => {
    const customer = c.get('customer');
    // Not signed in, someone else's, missing: the same answer.
    if (!customer) throw new DomainError('not_found', 'The request was not found.');
    return c.json(await requests.getForCustomer(customer.id, c.req.param('id')));
  });

  app.get('/api/openapi.json', (c) => c.json(openApiDocument(services.config.publicUrl)));

  app.get('/api/rights/requests/:id/export', async (c) => {
    const customer = c.get('customer');
    if (!customer) throw new DomainError('not_found', 'The export was not found.');
    const text = await requests.exportForCustomer(customer.id, c.req.param('id'));
    c.header('content-disposition', 'attachment; filename="my-data.json"');
    return c.body(text, 200, { 'content-type': 'application/json; charset=utf-8' });
  });

  const staff = new Hono<AppEnv>();
  staff.use(
    '*',
    requireStaff(() => services.config.staffApiToken),
  );
  staff.use('*', async (c, next) => {
    await next();
    c.header('cache-control', 'no-store');
  });
  staff.get('/', async (c) => c.json({ requests: await requests.listOpen() }));
  staff.post('/', async (c) => {
    const body = staffNewRequestBody.parse(await jsonBody(c));
    const view = await requests.create({
      type: body.type,
      channel: 'staff',
      ...(body.customerId ? { customerId: body.customerId } : {}),
      ...(body.email ? { email: body.email } : {}),
      verified: body.verified,
    });
    return c.json(view, 201);
  });
  staff.get('/:id', async (c) => c.json(await requests.get(c.req.param('id'))));
  staff.get('/:id/details', async (c) => c.json(await requests.detailsForStaff(c.req.param('id'))));
  staff.post('/:id/verify', async (c) => c.json(await requests.verify(c.req.param('id'))));
  staff.post('/:id/fulfil', async (c) => c.json(await requests.fulfil(c.req.param('id'))));
  staff.post('/:id/extend', async (c) => {
    const { reasons } = reasonsBody.parse(await jsonBody(c));
    return c.json(await requests.extend(c.req.param('id'), reasons));
  });
  staff.post('/:id/refuse', async (c) => {
    const { reasons } = reasonsBody.parse(await jsonBody(c));
    return c.json(await requests.refuse(c.req.param('id'), reasons));
  });
  app.route('/api/staff/rights/requests', staff);
  return app;
}
