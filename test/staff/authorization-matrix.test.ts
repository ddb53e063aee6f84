/**
 * The authorization matrix, generated from the one route table (src/staff/access/permissions.ts):
 * every staff route × every role × (own scope: the role holds the permission / outside scope /
 * signed out / a customer's session) gives the expected answer. A staff route the app mounts
 * that the table does not declare fails here, and so does a declared route that is not mounted.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app/app.ts';
import {
  holds,
  staffApiRoutes,
  staffRoutes,
  type RouteRule,
} from '../../src/staff/access/permissions.ts';
import { knownRoles } from '../../src/staff/staff-roles.ts';
import { signedInCustomer } from '../support/customers.ts';
import { createTestServices, type TestServices } from '../support/services.ts';
import { staffMember } from '../support/staff.ts';

let services: TestServices;
let app: App;
let roles: string[];
const sessions = new Map<string, string>();
let customerCookie: string;

/** Routes that end the session they are called with: each call gets a fresh member. */
const endsSession = new Set(['POST /staff/sign-out', 'POST /staff/sign-out-everywhere']);

beforeAll(async () => {
  services = await createTestServices();
  app = createApp(services);
  roles = knownRoles(services.policy.manifest);
  for (const role of roles) sessions.set(role, (await staffMember(services, [role])).cookie);
  customerCookie = (await signedInCustomer(services)).cookie;
}, 120_000);
afterAll(() => services?.close());

function call(key: string, cookie: string | undefined) {
  const [method, path] = key.split(' ') as [string, string];
  const url = path.replace(':id', randomUUID()).replace(':pseudonym', 'AAAAAAAAAAAAAAAAAAAAAA');
  return app.request(url, {
    method,
    headers: {
      accept: 'application/json',
      origin: 'http://localhost:3000',
      ...(method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      ...(cookie ? { cookie } : {}),
    },
    ...(method === 'POST' ? { body: '' } : {}),
  });
}

describe('the staff route table', () => {
  it('declares every staff route the app mounts, and mounts every one it declares', () => {
    const mounted = new Set(
      app.routes
        .filter((r) => r.method !== 'ALL' && (r.path === '/staff' || r.path.startsWith('/staff/')))
        .map((r) => `${r.method} ${r.path}`),
    );
    const declared = new Set(Object.keys(staffRoutes));
    expect(
      [...mounted].filter((r) => !declared.has(r)),
      'undeclared staff routes',
    ).toEqual([]);
    expect(
      [...declared].filter((r) => !mounted.has(r)),
      'declared but not mounted',
    ).toEqual([]);
  });

  it('declares a permission for every staff API route, for personal API tokens', () => {
    const mounted = new Set(
      app.routes
        .filter(
          (r) =>
            r.method !== 'ALL' &&
            (r.path.startsWith('/api/staff/') || r.path === '/api/consent/stats'),
        )
        .map((r) => `${r.method} ${r.path.replace(/\/$/, '')}`),
    );
    const declared = new Set(Object.keys(staffApiRoutes));
    expect(
      [...mounted].filter((r) => !declared.has(r)),
      'undeclared API routes',
    ).toEqual([]);
    expect(
      [...declared].filter((r) => !mounted.has(r)),
      'declared but not mounted',
    ).toEqual([]);
  });
});

const guardMessages = ['Staff sign-in is required.', 'Your role does not include this action.'];

/** The guard's own refusal (a sign-in form's "wrong password" 401 is not one). */
async function guardAnswer(res: Response): Promise<number | undefined> {
  if (!res.headers.get('content-type')?.includes('application/json')) return undefined;
  const body = (await res.json()) as { message?: string };
  return guardMessages.includes(body.message ?? '') ? res.status : undefined;
}

describe.each(Object.entries(staffRoutes) as [string, RouteRule][])('%s (%s)', (key, rule) => {
  it('signed out: 401 unless public', async () => {
    const answer = await guardAnswer(await call(key, undefined));
    expect(answer).toBe(rule === 'public' ? undefined : 401);
  });

  it("a customer's session is no staff session", async () => {
    const answer = await guardAnswer(await call(key, customerCookie));
    expect(answer).toBe(rule === 'public' ? undefined : 401);
  });

  it.each(['owner', 'customer_service', 'logistics', 'finance', 'marketing', 'dpo', 'developer'])(
    'role %s',
    async (role) => {
      expect(roles).toContain(role);
      const cookie = endsSession.has(key)
        ? (await staffMember(services, [role])).cookie
        : sessions.get(role)!;
      const answer = await guardAnswer(await call(key, cookie));
      const allowed = rule === 'public' || rule === 'pending' || holds([role], rule);
      expect(answer, allowed ? 'inside the scope' : 'outside the scope').toBe(
        allowed ? undefined : 403,
      );
    },
  );
});
