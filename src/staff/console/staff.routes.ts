/**
 * Everything under /staff: the staff session is read first, then the sign-in pages and the
 * console, each route behind its declared permission (staff-guard.ts, access/permissions.ts).
 */
import { Hono } from 'hono';
import { accountRoutes } from './account.routes.tsx';
import { consentStatsRoutes } from './consent-stats.routes.tsx';
import { consoleRoutes } from './console.routes.tsx';
import { objectionRoutes } from './objections.routes.tsx';
import { orderConsoleRoutes } from './orders.routes.tsx';
import { restrictionRoutes } from './restrictions.routes.tsx';
import { policyConsoleRoutes } from './policy-console.routes.tsx';
import { staffSignInRoutes } from './sign-in.routes.tsx';
import { staffSession, type StaffEnv } from './staff-guard.ts';

type Services = Parameters<typeof consoleRoutes>[0] &
  Parameters<typeof staffSignInRoutes>[0] &
  Parameters<typeof objectionRoutes>[0] &
  Parameters<typeof restrictionRoutes>[0] &
  Parameters<typeof orderConsoleRoutes>[0] &
  Parameters<typeof consentStatsRoutes>[0] &
  Parameters<typeof policyConsoleRoutes>[0];

export function staffRoutes(services: Services) {
  const app = new Hono<StaffEnv>();
  const session = staffSession(services.staff.signIn);
  app.use('/staff', session);
  app.use('/staff/*', session);
  app.use('/staff/*', async (c, next) => {
    await next();
    // Console pages show personal data: never cached, never framed (the CSP already says so).
    c.header('cache-control', 'no-store');
  });
  app.route('/', staffSignInRoutes(services));
  app.route('/', consoleRoutes(services));
  app.route('/', accountRoutes(services));
  app.route('/', objectionRoutes(services));
  app.route('/', restrictionRoutes(services));
  app.route('/', orderConsoleRoutes(services));
  app.route('/', consentStatsRoutes(services));
  app.route('/', policyConsoleRoutes(services));
  return app;
}
