/**
 * Personal API tokens on the staff API (`/api/staff/*`, `/api/consent/stats`): a bearer `cst_…`
 * token is checked here, before the feature's routes, against the permission the one route table
 * declares for the route (access/permissions.ts `staffApiRoutes`). A route missing from the table
 * is refused (fail closed). A request let through is marked, and the features' bearer check
 * (src/rights/integrations/staff-token.ts) accepts the mark; without a personal token, only the
 * bootstrap `STAFF_API_TOKEN` (off unless configured) opens those routes.
 * Every call made with a personal token is an audit entry (`api.call`, the route pattern).
 */
import type { MiddlewareHandler } from 'hono';
import type { AuditTrail } from '../core/audit-trail.ts';
import { DomainError } from '../kit/errors.ts';
import { holds, staffApiRoutes } from './access/permissions.ts';
import { TOKEN_PREFIX, type StaffTokenService } from './staff-tokens.service.ts';

/**
 * Requests a personal token authenticated, for the features' bearer check to accept, with the
 * token's holder (for an action that records who took it, e.g. a legal hold's `placedBy`).
 */
export const tokenAuthenticated = new WeakMap<Request, { tokenId: string; staffId: string }>();

const compiled = Object.entries(staffApiRoutes).map(([key, permission]) => {
  const [method, path] = key.split(' ') as [string, string];
  const pattern = new RegExp(`^${path.replace(/:[a-z]+/gi, '[^/]+')}$`);
  return { method, path, pattern, permission };
});

export function apiRouteOf(method: string, path: string) {
  return compiled.find((r) => r.method === method && r.pattern.test(path));
}

export function staffApiAuth(tokens: StaffTokenService, audit: AuditTrail): MiddlewareHandler {
  return async (c, next) => {
    const bearer = /^Bearer (.+)$/.exec(c.req.header('authorization') ?? '')?.[1];
    if (!bearer?.startsWith(TOKEN_PREFIX)) return next();
    const holder = await tokens.authenticate(bearer);
    if (!holder) throw new DomainError('unauthenticated', 'This API token is not valid.');
    const route = apiRouteOf(c.req.method, c.req.path);
    const actor = { kind: 'api-token' as const, id: holder.tokenId, staffId: holder.staffId };
    if (!route || !holds(holder.roles, route.permission)) {
      await audit.record({
        actor,
        action: 'api.call',
        outcome: 'denied',
        detail: { route: route?.path ?? 'undeclared' },
      });
      throw new DomainError('forbidden', 'Your role does not include this action.');
    }
    tokenAuthenticated.set(c.req.raw, { tokenId: holder.tokenId, staffId: holder.staffId });
    await audit.record({
      actor,
      action: 'api.call',
      outcome: 'ok',
      detail: { route: `${route.method} ${route.path}` },
    });
    await next();
  };
}
