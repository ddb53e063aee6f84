/**
 * The JSON API for data-subject requests (described at /api/openapi.json):
 *
 * - `POST /api/rights/requests`: a signed-in customer's request (a session verifies identity),
 *   or a visitor's by email address (a confirmation link is mailed; it waits for that);
 * - `GET /api/rights/requests/:id`: the signed-in customer's own request; anyone else's is
 *   answered exactly like a missing one;
 * - `GET /api/rights/requests/:id/export`: the finished access or portability package (ZIP);
 * - `GET /api/openapi.json`: the OpenAPI 3.1 document of this API and the webhooks;
 * - `/api/staff/rights/requests…`: the staff queue (bearer STAFF_API_TOKEN): open requests with
 *   due dates, enter a request, verify, fulfil, extend or refuse with reasons, and read what a
 *   rectification's requester wrote (`…/:id/details`, opened from the vault).
 */
import { Hono } from 'hono';
import { DomainError } from '../../kit/errors.ts';
import { readJson } from '../../kit/web/request-body.ts';
import type { AccountService } from '../../customers/accounts.service.ts';
import type { Config } from '../../kit/config.ts';
import type { PolicyService } from '../../policy/policy.service.ts';
import type { RightsServices } from '../create-rights.ts';
import type { VisitorRequestService } from '../privacy-center/visitor-requests.service.ts';
import type { AppEnv } from '../../kit/web/env.ts';
import { clientAddress } from '../../kit/web/rate-limit.ts';
import { checkObjection } from '../objection/objections.ts';
import { openApiDocument } from './openapi.ts';
import type { ObjectionScope } from '../restriction/restrictions.tables.ts';
import { newRequestBody, reasonsBody, staffNewRequestBody } from './rights-api.ts';
import { requireStaff } from './staff-token.ts';

/** What these routes use of the app's services (src/app/services.ts hands over the whole set). */
interface Services {
  config: Config;
  policy: PolicyService;
  rights: RightsServices;
  visitorRequests: VisitorRequestService;
  customers: { accounts: Pick<AccountService, 'profile'> };
}

export function rightsRoutes(
  services: Pick<Services, 'rights' | 'config' | 'visitorRequests' | 'policy' | 'customers'>,
) {
  const requests = services.rights.requests;
  // Art. 21: an objection's scope and purposes, checked against the manifest in force.
  const objectionOf = (body: { type: string; scope?: ObjectionScope; purposes?: string[] }) =>
    body.type === 'objection' ? { objection: checkObjection(services.policy.manifest, body) } : {};
  const app = new Hono<AppEnv>();
  app.use('/api/rights/*', async (c, next) => {
    await next();
    c.header('cache-control', 'no-store');
  });

  app.post('/api/rights/requests', async (c) => {
    const body = newRequestBody.parse(await readJson(c));
    const objection = objectionOf(body);
    const customer = c.get('customer');
    if (customer) {
      const view = await requests.create({
        type: body.type,
        channel: 'self_service',
        customerId: customer.id,
        verified: true,
        ...objection,
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
    // Received, and the confirmation link mailed (the same as the privacy center's form).
    const { requestId } = await services.visitorRequests.submit(
      { type: body.type, email: body.email, lang: c.get('lang'), ...objection },
      clientAddress(c),
    );
    return c.json(await requests.get(requestId), 201);
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
    const pkg = await requests.packageForCustomer(customer.id, c.req.param('id'));
    c.header('content-disposition', `attachment; filename="${pkg.filename}"`);
    // A copy typed as ArrayBuffer-backed, which is what a Response body takes.
    return c.body(new Uint8Array(pkg.bytes), 200, { 'content-type': pkg.contentType });
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
    const body = staffNewRequestBody.parse(await readJson(c));
    const objection = objectionOf(body);
    // Unverified and named by account only (a letter, a call): the link goes to the account's
    // address, found before anything is stored (an unknown account is a 404, no request).
    let confirmTo = body.email;
    if (!body.verified && !confirmTo && body.customerId) {
      const email = (await services.customers.accounts.profile(body.customerId)).email;
      if (typeof email !== 'string')
        throw new DomainError(
          'conflict',
          'The account has no address to confirm the request from.',
        );
      confirmTo = email;
    }
    const view = await requests.create({
      ...objection,
      type: body.type,
      channel: 'staff',
      ...(body.customerId ? { customerId: body.customerId } : {}),
      ...(body.email ? { email: body.email } : {}),
      verified: body.verified,
    });
    // An unverified request gets the same confirmation link as a visitor's: it runs once the
    // person confirms from that mailbox (or staff verify it), and expires if no one does.
    if (!body.verified && confirmTo) {
      await services.visitorRequests.mailConfirmation(view.id, confirmTo, body.lang ?? 'en');
    }
    return c.json(view, 201);
  });
  staff.get('/:id', async (c) => c.json(await requests.get(c.req.param('id'))));
  staff.get('/:id/details', async (c) => c.json(await requests.detailsForStaff(c.req.param('id'))));
  staff.post('/:id/verify', async (c) => c.json(await requests.verify(c.req.param('id'))));
  staff.post('/:id/fulfil', async (c) => c.json(await requests.fulfil(c.req.param('id'))));
  staff.post('/:id/extend', async (c) => {
    const { reasons } = reasonsBody.parse(await readJson(c));
    return c.json(await requests.extend(c.req.param('id'), reasons));
  });
  staff.post('/:id/refuse', async (c) => {
    const { reasons } = reasonsBody.parse(await readJson(c));
    return c.json(await requests.refuse(c.req.param('id'), reasons));
  });
  app.route('/api/staff/rights/requests', staff);
  return app;
}
