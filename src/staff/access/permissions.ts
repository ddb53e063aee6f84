/**
 * What each staff action needs, in one place. `permissionRoles` says which roles hold a
 * permission (`owner` manages staff and reads the audit log; the manifest's roles work requests,
 * orders and customers by duty). `staffRoutes` declares the permission of every staff route, the
 * console's and the API's: `guard()` (staff-guard.ts) looks each route up here and refuses a route
 * that is missing, and the authorization matrix test (test/staff/authorization-matrix.test.ts)
 * fails on any staff route the app mounts that this table does not name.
 */
import { OWNER_ROLE } from '../staff-roles.ts';

export const PERMISSIONS = [
  /** Signed in with both factors: the dashboard, one's own account and API tokens. */
  'console',
  'customer.view',
  /** Find a customer by email or order number: links a contact detail to a pseudonym. */
  'customer.find_by_contact',
  'customer.reveal',
  'request.read',
  'request.work',
  'objection.decide',
  'restriction.lift',
  'order.status',
  'consent.stats',
  'policy.publish',
  'audit.read',
  /** The retention plan and the record of runs: counts and dates, no one's data. */
  'retention.read',
  /** Place, extend and release legal holds; reveal a hold's sealed reason (re-authenticated). */
  'retention.hold',
  /** Write, preview and send newsletter campaigns (src/campaigns): counts, never addresses. */
  'campaign.manage',
  /** The breach register (P12): reading it, and recording, notifying, telling people. */
  'breach.read',
  'breach.manage',
  /** Requests from authorities (P28): hands a customer's data to an authority. */
  'authority.disclose',
  'staff.manage',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** '*' is every role, `owner` included. */
export const permissionRoles: Record<Permission, readonly string[] | '*'> = {
  console: '*',
  'customer.view': ['customer_service', 'logistics', 'finance', 'marketing', 'dpo'],
  'customer.find_by_contact': ['customer_service', 'logistics', 'finance', 'dpo'],
  'customer.reveal': ['customer_service', 'logistics', 'finance', 'dpo'],
  'request.read': ['customer_service', 'dpo'],
  'request.work': ['customer_service', 'dpo'],
  'objection.decide': ['dpo'],
  'restriction.lift': ['dpo'],
  'order.status': ['customer_service', 'logistics'],
  'consent.stats': ['marketing', 'dpo'],
  'policy.publish': ['dpo'],
  'audit.read': ['dpo', OWNER_ROLE],
  'retention.read': ['dpo', OWNER_ROLE],
  'retention.hold': ['dpo'],
  'campaign.manage': ['marketing'],
  'breach.read': ['dpo', OWNER_ROLE],
  'breach.manage': ['dpo'],
  'authority.disclose': ['dpo'],
  'staff.manage': [OWNER_ROLE],
};

export function holds(roles: readonly string[], permission: Permission): boolean {
  const allowed = permissionRoles[permission];
  return allowed === '*' ? roles.length > 0 : roles.some((r) => allowed.includes(r));
}

/**
 * Every staff route, `METHOD path` as mounted, and the permission it needs. `public` routes are
 * the sign-in steps themselves (the guard still requires the right session stage for them).
 */
export const staffRoutes = {
  'GET /staff/sign-in': 'public',
  'POST /staff/sign-in': 'public',
  'GET /staff/sign-in/code': 'pending',
  'POST /staff/sign-in/code': 'pending',
  'GET /staff/sign-in/enrol': 'pending',
  'POST /staff/sign-in/enrol': 'pending',
  'POST /staff/sign-out': 'public',
  'POST /staff/sign-out-everywhere': 'console',
  'GET /staff/reauth': 'console',
  'POST /staff/reauth': 'console',
  'GET /staff': 'console',
  'GET /staff/customers': 'customer.view',
  'GET /staff/customers/:pseudonym': 'customer.view',
  'POST /staff/customers/:pseudonym/reveal': 'customer.reveal',
  'GET /staff/requests': 'request.read',
  'GET /staff/requests/:id': 'request.read',
  'POST /staff/requests/:id/verify': 'request.work',
  'POST /staff/requests/:id/fulfil': 'request.work',
  'POST /staff/requests/:id/extend': 'request.work',
  'POST /staff/requests/:id/refuse': 'request.work',
  'GET /staff/audit': 'audit.read',
  'GET /staff/tokens': 'console',
  'POST /staff/tokens': 'console',
  'POST /staff/tokens/:id/revoke': 'console',
  'GET /staff/objections': 'request.read',
  'GET /staff/objections/:id': 'request.read',
  'POST /staff/objections/:id/decide': 'objection.decide',
  'GET /staff/restrictions': 'request.read',
  'POST /staff/restrictions/:pseudonym/notice': 'restriction.lift',
  'POST /staff/restrictions/:pseudonym/lift': 'restriction.lift',
  'GET /staff/orders': 'order.status',
  'POST /staff/orders/:id/status': 'order.status',
  'POST /staff/orders/collect-overdue': 'order.status',
  'GET /staff/consent': 'consent.stats',
  'GET /staff/account/password': 'console',
  'POST /staff/account/password': 'console',
  'GET /staff/team': 'staff.manage',
  'POST /staff/team': 'staff.manage',
  'POST /staff/team/:id/roles': 'staff.manage',
  'POST /staff/team/:id/disable': 'staff.manage',
  'POST /staff/team/:id/reset-mfa': 'staff.manage',
  'GET /staff/campaigns': 'campaign.manage',
  'POST /staff/campaigns': 'campaign.manage',
  'GET /staff/campaigns/:id': 'campaign.manage',
  'POST /staff/campaigns/:id/send': 'campaign.manage',
  'GET /staff/breaches': 'breach.read',
  'POST /staff/breaches': 'breach.manage',
  'GET /staff/breaches/:id': 'breach.read',
  'POST /staff/breaches/:id/authority-notified': 'breach.manage',
  'POST /staff/breaches/:id/notify-people': 'breach.manage',
  'GET /staff/authority-requests': 'authority.disclose',
  'POST /staff/authority-requests': 'authority.disclose',
  'GET /staff/retention': 'retention.read',
  'POST /staff/retention/holds': 'retention.hold',
  'POST /staff/retention/holds/:id/extend': 'retention.hold',
  'POST /staff/retention/holds/:id/release': 'retention.hold',
  'POST /staff/retention/holds/:id/reason': 'retention.hold',
  'GET /staff/policy': 'policy.publish',
  'POST /staff/policy/publish': 'policy.publish',
} as const satisfies Record<string, Permission | 'public' | 'pending'>;

export type StaffRouteKey = keyof typeof staffRoutes;
export type RouteRule = Permission | 'public' | 'pending';

export function ruleOf(method: string, path: string): RouteRule | undefined {
  return (staffRoutes as Record<string, RouteRule>)[`${method} ${path}`];
}

/**
 * The staff API's routes (mounted by their features) and the permission a personal API token's
 * holder needs for each. The matrix test fails on an /api/staff route missing here.
 */
export const staffApiRoutes = {
  'GET /api/staff/rights/requests': 'request.read',
  'POST /api/staff/rights/requests': 'request.work',
  'GET /api/staff/rights/requests/:id': 'request.read',
  'GET /api/staff/rights/requests/:id/details': 'request.work',
  'POST /api/staff/rights/requests/:id/verify': 'request.work',
  'POST /api/staff/rights/requests/:id/fulfil': 'request.work',
  'POST /api/staff/rights/requests/:id/extend': 'request.work',
  'POST /api/staff/rights/requests/:id/refuse': 'request.work',
  'GET /api/staff/rights/requests/:id/objection': 'request.read',
  'POST /api/staff/rights/requests/:id/decide': 'objection.decide',
  'GET /api/staff/customers/:id/restriction': 'request.read',
  'POST /api/staff/customers/:id/restriction/lift-notice': 'restriction.lift',
  'POST /api/staff/customers/:id/restriction/lift': 'restriction.lift',
  'POST /api/staff/orders/collect-overdue': 'order.status',
  'POST /api/staff/orders/:id/:status': 'order.status',
  'GET /api/staff/tasks': 'request.read',
  'GET /api/staff/retention': 'retention.read',
  'POST /api/staff/retention/holds': 'retention.hold',
  'POST /api/staff/retention/holds/:id/extend': 'retention.hold',
  'POST /api/staff/retention/holds/:id/release': 'retention.hold',
  'GET /api/consent/stats': 'consent.stats',
} as const satisfies Record<string, Permission>;
