/**
 * `/privacy-center/close-account`: the customer closes their own account (GDPR Art. 17). The
 * page says, before anything happens, what will be deleted, what will be kept for accounting,
 * why and until when (per order), and that it cannot be undone; the form asks for "I understand"
 * and the current password (or a typed word for Google/Facebook-only accounts). Then the erasure
 * request is filed, the customer is signed out, and `/privacy-center/close-account/closed` says
 * it is under way. Bad input re-renders the form with each problem next to its field (400).
 */
import type { RateLimits } from '../../kit/web/rate-limit.ts';
import { Hono, type Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from 'zod';
import { clearSessionCookie, requireCustomer } from '../../customers/sign-in/customer-session.ts';
import type { Config } from '../../kit/config.ts';
import type { CustomerServices } from '../../customers/customers.service.ts';
import type { Database } from '../../kit/db/database.ts';
import type { Logger } from '../../kit/log.ts';
import type { PolicyService } from '../../policy/policy.service.ts';
import type { RightsServices } from '../create-rights.ts';
import type { AppEnv } from '../../kit/web/env.ts';
import { AccountClosedPage, CloseAccountPage, type CloseProblems } from './close-account-page.tsx';
import { CloseAccountInputError, CloseAccountService } from './close-account.service.ts';
import { readForm } from '../../kit/web/request-body.ts';

/** What these routes use of the app's services (src/app/services.ts hands over the whole set). */
interface Services {
  config: Config;
  customers: CustomerServices;
  database: Database;
  log: Logger;
  policy: PolicyService;
  rights: RightsServices;
  /** Counted across app processes on PostgreSQL (src/kit/web/rate-limit.ts); memory if absent. */
  rateLimits?: RateLimits;
}

const closeForm = z.object({
  understood: z.string().max(10).optional(),
  password: z.string().max(1024).optional(),
  confirmation: z.string().max(50).optional(),
});

export function closeAccountRoutes(services: Services) {
  const app = new Hono<AppEnv>();
  const closing = new CloseAccountService({
    database: services.database,
    registry: services.rights.registry,
    manifest: () => services.policy.manifest,
    requests: services.rights.requests,
    sessions: services.customers.sessions,
    holdsOn: services.rights.holdsOn,
    log: services.log,
    ...(services.rateLimits ? { rateLimits: services.rateLimits } : {}),
  });

  const form = async (
    c: Context<AppEnv>,
    problems: CloseProblems,
    status: ContentfulStatusCode,
  ) => {
    const preview = await closing.preview(c.get('customer')!.id);
    c.header('cache-control', 'no-store');
    return c.html(
      <CloseAccountPage
        lang={c.get('lang')}
        path="/privacy-center/close-account"
        preview={preview}
        manifest={services.policy.manifest}
        problems={problems}
      />,
      status,
    );
  };

  app.get('/privacy-center/close-account', requireCustomer, (c) => form(c, {}, 200));

  app.post('/privacy-center/close-account', requireCustomer, async (c) => {
    const input = closeForm.parse(await readForm(c));
    try {
      await closing.close(c.get('customer')!.id, {
        understood: input.understood === 'yes',
        password: input.password,
        confirmation: input.confirmation,
      });
    } catch (err) {
      if (err instanceof CloseAccountInputError) return form(c, err.problems, 400);
      throw err;
    }
    clearSessionCookie(c);
    return c.redirect('/privacy-center/close-account/closed', 303);
  });

  app.get('/privacy-center/close-account/closed', (c) => {
    c.header('cache-control', 'no-store');
    return c.html(<AccountClosedPage lang={c.get('lang')} path={c.req.path} />);
  });

  return app;
}
